"""The plan pages' read models on the demo plan: the task table in the document's words, weighted
roll-ups by category, plan and participating unit, and each viewer's own task lists."""

import datetime
from decimal import Decimal

import pytest
from django.http import Http404

from jinguo.accounts.models import User
from jinguo.org.models import OrgUnit
from jinguo.plans import rollups, services
from jinguo.plans.models import (
    Comment,
    FeatureProject,
    Plan,
    PlanStatus,
    ProgressUpdate,
    Task,
    refresh_project_progress,
)
from jinguo.plans.selectors import plan_progress, task_tree
from jinguo.plans.status import TaskStatus

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)
DOCUMENT_ORDER = [
    "1.", "（1）", "（2）", "（3）",
    "2.", "（4）", "（5）", "（6）",
    "3.", "（7）",
    "4.", "（8）", "（9）",
    "5.", *[f"（{n}）" for n in range(10, 18)],
    "6.",
]  # fmt: skip


# What 丁为华 supervises, as the document names her: tasks (4)–(6), (8), (9), (12), (16) and 好业绩.
SUPERVISED_BY_DING = ["（4）", "（5）", "（6）", "（8）", "（9）", "（12）", "（16）", "6."]


def _plan() -> Plan:
    return Plan.objects.get(doc_number="泉妇〔2012〕39号")


def _table(user: User) -> dict[str, rollups.TableRow]:
    return {line.task.number: line for line in rollups.task_table(task_tree(user=user, plan=_plan(), today=TODAY))}


def _project(name: str) -> FeatureProject:
    return FeatureProject.objects.get(plan=_plan(), name=name)


def _report(project: FeatureProject, percent: int, author: User) -> ProgressUpdate:
    unit = project.declared_by or project.plan.unit
    return ProgressUpdate.objects.create(
        feature_project=project, unit=unit, author=author, text="进展", percent=percent
    )


# --- the task table -------------------------------------------------------------------------------


def test_task_table_is_in_the_documents_order(world):
    assert list(_table(world.user("liangyuhua"))) == DOCUMENT_ORDER


def test_task_table_names_responsibility_as_the_document_writes_it(world):
    table = _table(world.user("liangyuhua"))

    assert (table["（17）"].units, table["（17）"].persons, table["（17）"].leaders) == (
        "妇儿工委办、市妇女儿童活动中心",
        "王细妹、李冰芳",
        "苏淑勉、李小玲",
    )
    assert (table["（9）"].units, table["（9）"].persons, table["（9）"].leaders) == (
        "机关各部室",
        "各部室负责人",
        "各分管领导",
    )
    assert (table["（1）"].units, table["（1）"].persons, table["（1）"].leaders) == ("党组", "党组成员", "梁玉华")
    assert (table["1."].units, table["1."].persons, table["1."].leaders) == ("", "", "")


def test_categories_roll_up_their_tasks_and_show_no_status(world):
    table = _table(world.user("liangyuhua"))

    assert [(number, table[number].progress) for number in ("1.", "2.", "3.", "4.", "5.", "6.")] == [
        ("1.", 100),
        ("2.", 100),
        ("3.", 100),
        ("4.", 100),
        ("5.", 93),  # (6 × 100 + 79 + 66) / 8
        ("6.", 0),
    ]
    assert (table["（12）"].progress, table["（12）"].status) == (79, TaskStatus.OVERDUE)
    assert (table["（16）"].progress, table["（16）"].status) == (66, TaskStatus.OVERDUE)
    assert [number for number, line in table.items() if line.rolls_up] == ["1.", "2.", "3.", "4.", "5."]
    assert table["6."].status == TaskStatus.OVERDUE  # 好业绩 has no tasks: it answers for itself


def test_weights_count_in_the_roll_up(world):
    Task.objects.filter(plan=_plan(), number="（12）").update(weight=Decimal(3))

    table = _table(world.user("liangyuhua"))

    assert table["5."].progress == 90  # (6 × 100 + 3 × 79 + 66) / 10


def test_overdue_rows_are_the_open_tasks_and_the_performance_category(world):
    rows = task_tree(user=world.user("liangyuhua"), plan=_plan(), today=TODAY)

    assert [row.task.number for row in rollups.overdue_rows(rows)] == ["（12）", "（16）", "6."]


# --- plan progress --------------------------------------------------------------------------------


def test_plan_progress_map_agrees_with_the_tree(world, django_assert_num_queries):
    user = world.user("liangyuhua")
    empty = Plan.objects.create(unit=world.unit("泉州市妇联"), title="空方案", status=PlanStatus.DRAFT)
    plans = [_plan(), empty]

    with django_assert_num_queries(2):  # grants (first use) and tasks of every plan at once
        progress = rollups.plan_progress_map(user=user, plans=plans, today=TODAY)

    assert progress == {_plan().pk: 82, empty.pk: 0}
    assert plan_progress(task_tree(user=user, plan=_plan(), today=TODAY)) == 82


# --- progress by unit -----------------------------------------------------------------------------


def _no_project_reports() -> None:
    ProgressUpdate.objects.filter(feature_project__isnull=False).delete()
    refresh_project_progress(FeatureProject.objects.all())


def _tree(user: User, unit_pk: object = None) -> rollups.TreeProgress:
    focus, ancestors = rollups.plan_focus(user=user, plan=_plan(), unit_pk=unit_pk)
    return rollups.tree_progress(user=user, plan=_plan(), focus=focus, ancestors=ancestors)


def test_a_project_keeps_its_latest_progress(world):
    _no_project_reports()
    project, office = _project("女企业家爱心公益行动"), world.user("liuweihong")
    later = _report(project, 40, office)
    earlier = _report(project, 10, office)
    ProgressUpdate.objects.filter(pk=earlier.pk).update(created_at=later.created_at - datetime.timedelta(days=1))

    refresh_project_progress(FeatureProject.objects.filter(pk=project.pk))

    project.refresh_from_db()
    assert (project.progress, project.reported_at) == (40, later.created_at)


def test_a_unit_rolls_up_the_latest_progress_of_each_of_its_projects(world):
    _no_project_reports()
    office = world.user("liuweihong")
    _report(_project("以168工作机制为抓手推进基层妇女组织建设"), 20, office)
    _report(_project("以168工作机制为抓手推进基层妇女组织建设"), 60, office)  # the latest counts
    _report(_project("女企业家爱心公益行动"), 30, office)

    progress = {item.unit.name: item for item in _tree(world.user("liangyuhua")).branches}

    lichen = progress["鲤城区妇联"]
    assert (lichen.projects, lichen.reported) == (3, 2)  # two of the annex and its declared brand
    assert lichen.progress == 30  # (60 + 30 + 0) / 3
    assert progress["惠安县妇联"].progress == 20  # shares project 1: (60 + 0 + 0) / 3
    assert progress["德化县妇联"].progress == 0
    assert len(progress) == 13


def test_the_issuing_unit_sees_its_participants_in_tree_order(world):
    tree = _tree(world.user("liangyuhua"))

    assert tree.focus == _plan().unit and tree.ancestors == []
    assert [item.unit.display_name for item in tree.branches] == [
        "鲤城区", "丰泽区", "洛江区", "泉港区", "石狮市", "晋江市", "南安市",
        "惠安县", "安溪县", "永春县", "德化县", "台商投资区", "市直",
    ]  # fmt: skip
    assert [item.projects for item in tree.branches] == [3, 4, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2]
    assert all(item.participants == 1 for item in tree.branches)


def test_drilling_down_groups_a_county_by_its_townships(world):
    lichen = world.unit("鲤城区妇联")
    township = OrgUnit.objects.get_children(lichen).first()
    village = OrgUnit.objects.get_children(township).first()
    feature = services.feature_project_declare(
        user=world.user("huangyufang"), plan=_plan(), unit=village, level="village_model", name="典型", targets="示范"
    )
    _report(feature, 80, world.user("huangyufang"))

    tree = _tree(world.user("liangyuhua"), unit_pk=lichen.pk)

    assert tree.focus == lichen and tree.ancestors == [_plan().unit]
    own, first = tree.branches[0], tree.branches[1]
    assert own.is_focus and own.unit == lichen and own.participants == 1 and own.projects == 3
    assert (first.unit, first.participants, first.projects, first.progress) == (township, 0, 1, 80)


def test_a_county_starts_from_itself_and_cannot_climb(world):
    user, lichen = world.user("huangyufang"), world.unit("鲤城区妇联")

    tree = _tree(user)

    assert tree.focus == lichen and tree.ancestors == []
    with pytest.raises(Http404):
        _tree(user, unit_pk=_plan().unit.pk)
    with pytest.raises(Http404):
        _tree(user, unit_pk=world.unit("丰泽区妇联").pk)
    with pytest.raises(Http404):
        _tree(user, unit_pk="x")


def test_tree_progress_runs_a_fixed_number_of_queries(world, django_assert_num_queries):
    user, plan = world.user("liangyuhua"), _plan()
    focus, ancestors = rollups.plan_focus(user=user, plan=plan)
    rollups.tree_progress(user=user, plan=plan, focus=focus, ancestors=ancestors)
    units = list(plan.participants.all())
    for index in range(20):
        project = FeatureProject.objects.create(plan=plan, name=f"新项目{index}", declared_by=units[index % 13])
        project.responsible_units.set(units[:3])

    with django_assert_num_queries(3):  # projects grouped, participants grouped, the units named
        tree = rollups.tree_progress(user=user, plan=plan, focus=focus, ancestors=ancestors)

    assert tree.branches[0].projects == 3 + 20


def test_a_unit_without_projects_has_no_progress(world):
    township = OrgUnit.objects.get_children(world.unit("鲤城区妇联")).first()

    (item,) = rollups.units_progress(user=world.user("liangyuhua"), units=[township])

    assert (item.projects, item.progress, item.reported_at) == ([], None, None)


def test_unit_progress_counts_only_projects_the_viewer_may_see(world):
    """A sibling county sees the plan's own projects of 鲤城区, not the brand 鲤城区 declared."""
    lichen = world.unit("鲤城区妇联")

    (own_view,) = rollups.units_progress(user=world.user("huangyufang"), units=[lichen], plan=_plan())
    (sibling_view,) = rollups.units_progress(user=world.user_of("王少容"), units=[lichen], plan=_plan())
    (village_view,) = rollups.units_progress(user=world.village_user("鲤城区妇联"), units=[lichen], plan=_plan())

    assert [item.project.declared_by_id for item in own_view.projects] == [None, None, lichen.pk]
    assert [item.project.declared_by_id for item in sibling_view.projects] == [None, None]
    # A village sees the plan addressed to its county and the plan's own projects, not what its county declared.
    assert [item.project.declared_by_id for item in village_view.projects] == [None, None]


def test_unit_progress_runs_two_queries_however_many_projects(world, django_assert_num_queries):
    user, plan = world.user("liangyuhua"), _plan()
    units = list(plan.participants.all())
    rollups.units_progress(user=user, units=units, plan=plan)  # reads the grants once
    for index in range(20):
        project = FeatureProject.objects.create(plan=plan, name=f"新项目{index}", declared_by=units[index % 13])
        project.responsible_units.set(units[:3])
        _report(project, index, world.user("liuweihong"))

    with django_assert_num_queries(2):
        result = rollups.units_progress(user=user, units=units, plan=plan)

    assert len(result[0].projects) == 3 + 20


# --- the viewer's lists ---------------------------------------------------------------------------


def test_liaison_units_of_a_leader(world):
    followed = rollups.liaison_progress(user=world.user("dingweihua"))

    assert [(liaison.unit.name, len(item.projects)) for liaison, item in followed] == [
        ("惠安县妇联", 3),
        ("永春县妇联", 3),
    ]
    assert rollups.liaison_progress(user=world.user("huangyufang")) == []
    assert rollups.liaison_progress(user=User.objects.create(username="nobody")) == []


def test_my_tasks_as_person_department_and_unit(world):
    office = rollups.my_tasks(user=world.user("liuweihong"), today=TODAY)
    publicity = rollups.my_tasks(user=world.user_of("林晖"), today=TODAY)

    # the person of (4)…(12); 办公室 staff for 机关各部室 and 好业绩; unit admin of the city for 党组's (1)–(3)
    assert [line.task.number for line in office] == [
        "（1）",
        "（2）",
        "（3）",
        "（4）",
        "（5）",
        "（6）",
        "（8）",
        "（9）",
        "（12）",
        "6.",
    ]
    assert [line.task.number for line in publicity] == ["（7）", "（9）", "（14）", "6."]
    assert {line.task.number: line.status for line in office}["（12）"] == TaskStatus.OVERDUE
    assert rollups.my_tasks(user=world.user("huangyufang"), today=TODAY) == []


def test_supervised_tasks_count_open_instructions(world):
    leader = world.user("dingweihua")
    supervised = rollups.supervised_tasks(user=leader, today=TODAY)
    assert [line.task.number for line in supervised] == SUPERVISED_BY_DING
    assert [line.status for line in supervised if line.task.number in ("（12）", "（16）")] == [TaskStatus.OVERDUE] * 2

    instructions = {
        line.task.number: line.open_instructions for line in rollups.supervised_tasks(user=world.user("sushumian"))
    }
    assert instructions == {"（9）": 0, "（13）": 1, "（17）": 0, "6.": 0}

    Comment.objects.filter(task__number="（13）").update(
        answer="已推进", answered_at=datetime.datetime.now(datetime.UTC)
    )
    answered = rollups.supervised_tasks(user=world.user("sushumian"))
    assert {line.task.number: line.open_instructions for line in answered}["（13）"] == 0
    assert rollups.supervised_tasks(user=User.objects.create(username="nobody")) == []
