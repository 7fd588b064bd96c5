"""The demo plan reads exactly like seed 000: every responsibility triple, phase and annex row."""

import datetime

import pytest

from jinguo.notifications.models import Notification
from jinguo.plans.demo import seed_data as seed
from jinguo.plans.models import FeatureProject, Phase, Plan, Task

pytestmark = pytest.mark.django_db


def _plan() -> Plan:
    return Plan.objects.get(doc_number="泉妇〔2012〕39号")


def _names(task: Task, role: str) -> list[str]:
    parties = task.responsibilities.filter(role__in=role.split("|")).select_related("unit", "department", "person")
    return [
        str((p.person.name if p.person else None) or (p.department.short_name if p.department else None) or p.unit)
        for p in parties
    ]


def test_six_categories_with_tasks_in_place(world):
    categories = Task.objects.filter(plan=_plan(), is_category=True)
    assert [c.title for c in categories] == ["好班子", "好队伍", "好精神", "好机制", "好阵地", "好业绩"]
    positions = {c.title: [t.number for t in c.children.all()] for c in categories}
    assert positions["好阵地"] == [f"（{n}）" for n in range(10, 18)]
    assert positions["好机制"] == ["（8）", "（9）"] and positions["好业绩"] == []


@pytest.mark.parametrize("task_seed", seed.TASKS, ids=lambda t: str(t.number))
def test_every_task_triple(world, task_seed):
    task = Task.objects.get(plan=_plan(), number=f"（{task_seed.number}）")
    assert task.text == task_seed.text
    labels = set(task.responsibilities.values_list("label", flat=True))
    assert labels == set(f"{task_seed.units}、{task_seed.persons}、{task_seed.leaders}".split("、"))


def test_named_triples_resolve_to_records(world):
    task17 = Task.objects.get(plan=_plan(), number="（17）")
    assert _names(task17, "lead_unit|co_unit") == ["妇儿工委办", "市妇女儿童活动中心"]
    assert _names(task17, "person") == ["王细妹", "李冰芳"]
    assert _names(task17, "leader") == ["苏淑勉", "李小玲"]


def test_generic_labels_expand(world):
    task9 = Task.objects.get(plan=_plan(), number="（9）")
    departments = _names(task9, "lead_unit")
    assert departments == ["办公室", "宣传部", "权益部", "发展部", "儿童部", "妇儿工委办", "市直机关妇工委"]
    assert set(_names(task9, "person")) == {"刘伟宏", "林晖", "陈春梅", "许少华", "李曙", "王细妹"}
    assert set(_names(task9, "leader")) == {"丁为华", "杨文忠", "苏淑勉", "陈少青", "李小玲"}
    task1 = Task.objects.get(plan=_plan(), number="（1）")
    assert _names(task1, "person") == ["梁玉华", "苏淑勉", "丁为华", "陈少青", "杨文忠"]


def test_performance_category_carries_its_own_responsibility(world):
    performance = Task.objects.get(plan=_plan(), title="好业绩")
    assert set(performance.responsibilities.values_list("label", flat=True)) == {
        "机关各部室",
        "各部室负责人",
        "各分管领导",
    }


def test_four_phases_the_last_open_ended(world):
    phases = [(p.name, p.start_date, p.end_date) for p in Phase.objects.filter(plan=_plan())]
    assert phases == [
        ("宣传动员阶段", datetime.date(2012, 9, 21), datetime.date(2012, 9, 30)),
        ("有序推进阶段", datetime.date(2012, 10, 1), datetime.date(2013, 7, 31)),
        ("总结提高阶段", datetime.date(2013, 8, 1), datetime.date(2013, 8, 31)),
        ("继续深化阶段", datetime.date(2013, 9, 1), None),
    ]


def test_annex1_rows(world):
    projects = FeatureProject.objects.filter(plan=_plan(), declared_by__isnull=True).order_by("sort_order")
    assert [p.name for p in projects][:2] == ["以168工作机制为抓手推进基层妇女组织建设", "巾帼志愿者在行动"]
    first = projects[0]
    assert sorted(u.name for u in first.responsible_units.all()) == sorted(["鲤城区妇联", "惠安县妇联", "永春县妇联"])
    assert [d.name for d in first.responsible_departments.all()] == ["市直机关金山幼儿园"]
    assert sorted(d.short_name for d in first.liaison_departments.all()) == ["儿童部", "办公室"]
    ninth = projects[8]
    assert "台商投资区妇工委" in [u.name for u in ninth.responsible_units.all()]
    assert ninth.responsible_label.endswith("台商投资区妇委会")


def test_each_county_declares_a_brand(world):
    brands = FeatureProject.objects.filter(plan=_plan(), declared_by__isnull=False)
    assert brands.filter(declared_by__name="鲤城区妇联").count() == 1
    assert brands.count() == 13


def test_the_demo_instruction_waits_in_the_inboxes_of_those_responsible(world):
    thirteen = Task.objects.get(plan__doc_number="泉妇〔2012〕39号", number="（13）")
    instruction = thirteen.comments.get(kind="instruction", answered_at__isnull=True)

    inbox = Notification.objects.filter(url__startswith=f"/plans/tasks/{thirteen.pk}/", read_at__isnull=True)

    assert world.user("chenchunmei").pk in set(inbox.values_list("recipient", flat=True))
    assert inbox.filter(body=instruction.text).exists()
