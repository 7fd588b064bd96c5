"""`selectors.open_instructions_for`: the unanswered instructions on tasks the user answers for, as
the responsible person, as department staff, or within a responsible unit; oldest first."""

import pytest

from jinguo.plans import selectors, services
from jinguo.plans.models import Comment, CommentKind, Plan, Task

pytestmark = pytest.mark.django_db


def task(number: int) -> Task:
    return Task.objects.get(plan=Plan.objects.get(doc_number="泉妇〔2012〕39号"), number=f"（{number}）")


def instruct(world, number: int, text: str = "请抓紧。") -> Comment:  # type: ignore[no-untyped-def]
    return services.comment_post(
        user=world.user("dingweihua"), task=task(number), text=text, kind=CommentKind.INSTRUCTION
    )


def test_the_demo_instruction_is_open_for_the_responsible_person_only(world):
    (open_one,) = selectors.open_instructions_for(user=world.user("chenchunmei"))
    assert (open_one.task, open_one.kind, open_one.answered_at) == (task(13), CommentKind.INSTRUCTION, None)
    for username in ("liuweihong", "dingweihua", "huangyufang"):
        assert list(selectors.open_instructions_for(user=world.user(username))) == []


def test_each_way_of_answering_for_a_task_counts_and_an_answer_closes_it(world):
    by_person = instruct(world, 12)  # 刘伟宏 is the responsible person of (12)
    by_unit = instruct(world, 1)  # 泉州市妇联 is the responsible unit of (1); 刘伟宏 administers it
    liu = world.user("liuweihong")

    assert list(selectors.open_instructions_for(user=liu)) == [by_person, by_unit]  # oldest first

    services.instruction_answer(user=liu, comment=by_person, answer="已落实。")
    assert list(selectors.open_instructions_for(user=liu)) == [by_unit]


def test_department_staff_answer_for_their_departments_tasks(world):
    instruction = instruct(world, 17)  # 市妇儿工委办 and 市妇女儿童活动中心
    assert list(selectors.open_instructions_for(user=world.user("wangximei"))) == [instruction]
    assert list(selectors.open_instructions_for(user=world.user("linhui"))) == []
