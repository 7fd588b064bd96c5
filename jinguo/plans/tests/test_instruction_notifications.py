"""An instruction (批示) notifies everyone who may answer it; an answer notifies the leader who gave it.

`policies.task_reporters` is the query form of `policies.can_report_on_task`: both must name the
same people, whichever way they answer for the task (as the person, the department or the unit)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from jinguo.accounts.models import User
from jinguo.notifications.models import Notification, NotificationKind
from jinguo.plans import policies, services
from jinguo.plans.models import CommentKind, Plan, Task

pytestmark = pytest.mark.django_db


def plan() -> Plan:
    return Plan.objects.get(doc_number="泉妇〔2012〕39号")


def task(number: int) -> Task:
    return Task.objects.get(plan=plan(), number=f"（{number}）")


def received(kind: str = NotificationKind.INSTRUCTION) -> list[tuple[str, str, str, str, str]]:
    rows = Notification.objects.filter(kind=kind).values_list(
        "recipient__username", "actor__username", "title", "body", "url"
    )
    return sorted(rows)


# --- who may report: the policy and its query form agree ------------------------------------------


def _people_to_check(world) -> list[User]:  # type: ignore[no-untyped-def]
    """Every named user, the system administrator, and a township and a village user of 鲤城区."""
    lichen = world.unit("鲤城区妇联").path
    named = User.objects.filter(person__is_generated=False)
    below = User.objects.filter(person__unit__path__startswith=lichen, person__unit__level__in=[4, 5])
    return [*named, world.user("admin"), *below.order_by("person__unit__path")[:4]]


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        # 责任单位 泉州市妇联: its administrators (and the system's), and the five persons named.
        (1, ["admin", "chenshaoqing", "dingweihua", "liangyuhua", "liuweihong", "sushumian", "yangwenzhong"]),
        (12, ["liuweihong"]),  # 办公室 / 刘伟宏
        (13, ["chenchunmei"]),  # 权益部 / 陈春梅
        (17, ["libingfang", "wangximei"]),  # two departments, two persons
    ],
)
def test_task_reporters_is_the_query_form_of_can_report_on_task(world, number, expected):
    item = task(number)
    reporters = set(policies.task_reporters(item))

    assert sorted(user.username for user in reporters) == expected
    for user in _people_to_check(world):
        assert (user in reporters) == policies.can_report_on_task(user, item), user.username


def test_task_reporters_leaves_out_inactive_users(world):
    liu = world.user("liuweihong")
    liu.is_active = False
    liu.save(update_fields=["is_active"])
    assert list(policies.task_reporters(task(12))) == []


def test_task_reporters_reads_the_grants_in_two_queries(world, django_assert_num_queries):
    item = task(1)
    with django_assert_num_queries(2):  # the responsible units' paths, then the users
        assert len(list(policies.task_reporters(item))) == 7


@pytest.fixture(autouse=True)
def empty_inboxes(world):  # type: ignore[no-untyped-def]
    """The demo's open instruction already sits in some inboxes (test_demo_plan checks it)."""
    Notification.objects.all().delete()


# --- an instruction notifies, a comment does not ---------------------------------------------------


def test_an_instruction_notifies_everyone_who_may_answer_it(world):
    item = task(1)
    comment = services.comment_post(
        user=world.user("dingweihua"), task=item, text=" 请抓紧落实。 ", kind=CommentKind.INSTRUCTION
    )

    url = reverse("plans:task_detail", args=[item.pk]) + "#open-instructions"
    # 丁为华 is one of the responsible persons, but gave the instruction: she is not told of her own.
    assert received() == [
        (username, "dingweihua", "（1） 建设学习型领导班子", "请抓紧落实。", url)
        for username in ["admin", "chenshaoqing", "liangyuhua", "liuweihong", "sushumian", "yangwenzhong"]
    ]
    assert comment.is_open_instruction


def test_a_comment_notifies_no_one(world):
    services.comment_post(user=world.user("dingweihua"), task=task(12), text="很好。", kind=CommentKind.COMMENT)
    assert not Notification.objects.exists()


def test_a_refused_instruction_notifies_no_one(world):
    with pytest.raises(PermissionDenied):
        services.comment_post(user=world.user("huangyufang"), task=task(12), text="x", kind=CommentKind.INSTRUCTION)
    assert not Notification.objects.exists()


def test_answering_notifies_the_leader_who_gave_the_instruction(world):
    item = task(12)
    instruction = services.comment_post(
        user=world.user("dingweihua"), task=item, text="请补报。", kind=CommentKind.INSTRUCTION
    )

    services.instruction_answer(user=world.user("liuweihong"), comment=instruction, answer=" 已补报。 ")

    page = reverse("plans:task_detail", args=[item.pk])
    assert received(NotificationKind.INSTRUCTION_ANSWERED) == [
        ("dingweihua", "liuweihong", "（12） 打造妇女之家平台", "已补报。", f"{page}#comment-{instruction.pk}")
    ]
    assert received() == [
        ("liuweihong", "dingweihua", "（12） 打造妇女之家平台", "请补报。", f"{page}#open-instructions")
    ]


def test_a_refused_answer_notifies_no_one(world):
    instruction = services.comment_post(
        user=world.user("dingweihua"), task=task(12), text="请补报。", kind=CommentKind.INSTRUCTION
    )
    with pytest.raises(PermissionDenied):
        services.instruction_answer(user=world.user("linhui"), comment=instruction, answer="x")
    assert received(NotificationKind.INSTRUCTION_ANSWERED) == []
