"""The plan pages on the demo plan 泉妇〔2012〕39号: list, plan, dashboard, export, my tasks, tasks I
supervise, my liaison units. Exact values, scoping (out of reach is 404) and pinned query counts."""

import datetime
import io
import json
from decimal import Decimal
from typing import Any

import lxml.html
import pytest
from django.urls import reverse
from django.utils.translation import gettext
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from jinguo.accounts.models import User
from jinguo.org.models import Liaison, OrgUnit
from jinguo.plans.models import (
    FeatureProject,
    Phase,
    Plan,
    PlanParticipant,
    PlanStatus,
    ProgressUpdate,
    ResponsibilityRole,
    Task,
    TaskResponsibility,
    refresh_project_progress,
)
from jinguo.plans.tests.test_rollups import DOCUMENT_ORDER
from jinguo.web.tests.test_pages import count_queries

pytestmark = pytest.mark.django_db

CATEGORY_PROGRESS = [
    {"name": "好班子", "progress": 100},
    {"name": "好队伍", "progress": 100},
    {"name": "好精神", "progress": 100},
    {"name": "好机制", "progress": 100},
    {"name": "好阵地", "progress": 93},
    {"name": "好业绩", "progress": 0},
]
PARTICIPANTS = [
    "鲤城区", "丰泽区", "洛江区", "泉港区", "石狮市", "晋江市", "南安市",
    "惠安县", "安溪县", "永春县", "德化县", "台商投资区", "市直",
]  # fmt: skip


def _plan() -> Plan:
    return Plan.objects.get(doc_number="泉妇〔2012〕39号")


def _url(name: str, plan: Plan | None = None) -> str:
    return reverse(f"plans:{name}", args=[plan.pk] if plan else [])


def _get(client, user: User, url: str):  # type: ignore[no-untyped-def]
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response


def _document(response) -> lxml.html.HtmlElement:  # type: ignore[no-untyped-def]
    return lxml.html.fromstring(response.content.decode())


def _numbers(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [row.get("data-number") for row in _document(response).xpath("//*[@data-testid='task-row']")]


def _status(response, number: str) -> str:  # type: ignore[no-untyped-def]
    row = _document(response).xpath(f"//*[@data-testid='task-row'][@data-number='{number}']")[0]
    return row.xpath(".//*[@data-status]")[0].get("data-status")


def _json(response, element_id: str) -> Any:  # type: ignore[no-untyped-def]
    return json.loads(_document(response).get_element_by_id(element_id).text_content())


# --- access -----------------------------------------------------------------------------------------


PLAN_PAGES = ["plan_detail", "dashboard", "export"]
OWN_PAGES = ["plan_list", "my_tasks", "supervised", "liaison"]


def test_plan_pages_need_a_login(client, world):
    for name in OWN_PAGES:
        assert client.get(_url(name)).status_code == 302
    for name in PLAN_PAGES:
        response = client.get(_url(name, _plan()))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["village of 历下区", "nobody"])
def test_out_of_reach_the_plan_is_not_found(client, world, who):
    user = {
        "village of 历下区": lambda: world.village_user("历下区妇联"),  # the plan is addressed to Quanzhou's counties
        "nobody": lambda: User.objects.create(username="nobody"),
    }[who]()
    client.force_login(user)

    for name in PLAN_PAGES:
        assert client.get(_url(name, _plan())).status_code == 404
    assert client.get(_url("plan_detail", Plan(pk=999_999))).status_code == 404
    assert list(client.get(_url("plan_list")).context["items"]) == []


def test_a_participating_county_sees_the_city_plan_but_not_other_counties_brands(client, world):
    response = _get(client, world.user("huangyufang"), _url("plan_detail", _plan()))

    assert _numbers(response) == DOCUMENT_ORDER
    assert len(response.context["plan_projects"]) == 10
    assert [item.project.name for item in response.context["declared_projects"]] == [
        "鲤城区·以168工作机制为抓手推进基层妇女组织建设"
    ]


def test_the_menu_leads_to_the_plans(client, world):
    response = _get(client, world.user("huangyufang"), reverse("home"))

    assert _url("plan_list") in [item["url"] for item in response.context["menu"]]


# --- plan list --------------------------------------------------------------------------------------


def test_plan_list_shows_status_phase_and_progress(client, world):
    response = _get(client, world.user("liangyuhua"), _url("plan_list"))

    (item,) = response.context["items"]
    assert (item.plan, item.current_phase.name, item.progress) == (_plan(), "继续深化阶段", 82)
    text = _document(response).xpath("//*[@data-testid='plan-list']")[0].text_content()
    assert "泉妇〔2012〕39号" in text and "泉州市妇联" in text and "82%" in text


# --- plan page --------------------------------------------------------------------------------------


def test_plan_page_lists_categories_and_tasks_in_the_documents_order(client, world):
    response = _get(client, world.user("liangyuhua"), _url("plan_detail", _plan()))

    assert _numbers(response) == DOCUMENT_ORDER
    assert [line.progress for line in response.context["table"] if line.rolls_up] == [100, 100, 100, 100, 93]
    assert (_status(response, "（12）"), _status(response, "（16）"), _status(response, "（1）")) == (
        "overdue",
        "overdue",
        "done",
    )
    assert response.context["progress"] == 82
    document = _document(response)
    assert document.xpath("//*[@data-testid='plan-progress']")[0].text_content().strip() == "82%"
    assert document.xpath("//*[@data-testid='current-phase']")[0].text_content().split()[0] == "继续深化阶段"


def test_plan_page_names_responsibility_and_links_to_the_tasks(client, world):
    response = _get(client, world.user("liangyuhua"), _url("plan_detail", _plan()))

    task17 = Task.objects.get(plan=_plan(), number="（17）")
    row = _document(response).xpath("//*[@data-testid='task-row'][@data-number='（17）']")[0]
    cells = [" ".join(cell.text_content().split()) for cell in row.xpath("./*[@role='cell']")]
    assert cells[2:5] == [
        "责任单位：妇儿工委办、市妇女儿童活动中心",
        "责任人：王细妹、李冰芳",
        "分管领导：苏淑勉、李小玲",
    ]
    assert row.xpath(".//a")[0].get("href") == reverse("plans:task_detail", args=[task17.pk])


def test_plan_page_lists_annex_1_then_declared_projects(client, world):
    response = _get(client, world.user("liangyuhua"), _url("plan_detail", _plan()))

    plan_projects = response.context["plan_projects"]
    assert [item.project.number for item in plan_projects] == [str(n) for n in range(1, 11)]
    assert plan_projects[1].project.name == "巾帼志愿者在行动"
    assert len(response.context["declared_projects"]) == 13
    links = _document(response).xpath("//*[@data-testid='projects']//a/@href")
    assert reverse("plans:project_detail", args=[plan_projects[0].project.pk]) in links


# --- dashboard --------------------------------------------------------------------------------------


def test_dashboard_counts_statuses_and_lists_the_overdue(client, world):
    response = _get(client, world.user("liangyuhua"), _url("dashboard", _plan()))

    counts = {item["status"].value: item["count"] for item in response.context["status_counts"]}
    assert counts == {"not_started": 0, "on_track": 0, "at_risk": 0, "overdue": 3, "done": 15}
    overdue = _document(response).xpath("//*[@data-testid='overdue']/li")
    assert [item.text_content().split()[0] for item in overdue] == ["（12）", "（16）", "6."]


def test_dashboard_charts_progress_by_category_and_by_unit(client, world):
    ProgressUpdate.objects.filter(feature_project__isnull=False).delete()  # start from no reports
    refresh_project_progress(FeatureProject.objects.all())
    project = FeatureProject.objects.get(plan=_plan(), name="流动妇女平安之家创建试点")  # 石狮市 alone
    ProgressUpdate.objects.create(
        feature_project=project, unit=project.plan.unit, author=world.user("liuweihong"), text="进展", percent=90
    )

    response = _get(client, world.user("liangyuhua"), _url("dashboard", _plan()))

    assert _json(response, "category-progress-data") == CATEGORY_PROGRESS
    units = _json(response, "unit-progress-data")
    assert [row["name"] for row in units] == PARTICIPANTS
    assert {row["name"]: row["progress"] for row in units}["石狮市"] == 30  # (90 + 0 + 0) / 3
    phase = _document(response).xpath("//*[@data-testid='current-phase']")[0]
    assert phase.get("aria-current") == "step" and "继续深化阶段" in phase.text_content()


def test_dashboard_drills_down_to_a_county_and_back(client, world):
    lichen = world.unit("鲤城区妇联")

    response = _get(client, world.user("liangyuhua"), _url("dashboard", _plan()) + f"?unit={lichen.pk}")

    crumbs = _document(response).xpath("//*[@data-testid='tree-path']//li")
    assert [item.text_content().strip() for item in crumbs] == ["泉州市", "鲤城区"]
    lines = _document(response).xpath("//*[@data-testid='unit-progress']/li")
    assert lines[0].get("data-unit") == str(lichen.pk)  # its own projects first, then its townships
    townships = {str(pk) for pk in OrgUnit.objects.get_children(lichen).values_list("pk", flat=True)}
    assert {line.get("data-unit") for line in lines[1:]} <= townships


def test_dashboard_refuses_to_drill_outside_the_viewers_reach(client, world):
    url = _url("dashboard", _plan()) + f"?unit={world.unit('丰泽区妇联').pk}"

    client.force_login(world.user("huangyufang"))

    assert client.get(url).status_code == 404


# --- export -----------------------------------------------------------------------------------------


def test_export_downloads_the_task_table(client, world):
    response = _get(client, world.user("huangyufang"), _url("export", _plan()))

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert isinstance(sheet, Worksheet)
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("序号", "任务", "责任单位", "责任人", "分管领导", "进度", "状态")
    assert rows[-2][0] == "（17）" and rows[-2][2:5] == (
        "妇儿工委办、市妇女儿童活动中心",
        "王细妹、李冰芳",
        "苏淑勉、李小玲",
    )


# --- the viewer's own lists -------------------------------------------------------------------------


def test_my_tasks_of_the_city_office(client, world):
    response = _get(client, world.user("liuweihong"), _url("my_tasks"))

    assert _numbers(response) == [
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
    assert _status(response, "（12）") == "overdue"


def test_my_tasks_of_a_county_chair_is_empty(client, world):
    response = _get(client, world.user("huangyufang"), _url("my_tasks"))

    assert _numbers(response) == []
    assert gettext("No tasks name you or your units.") in response.content.decode()


def test_tasks_i_supervise_with_open_instructions(client, world):
    response = _get(client, world.user("dingweihua"), _url("supervised"))
    assert _numbers(response) == ["（4）", "（5）", "（6）", "（8）", "（9）", "（12）", "（16）", "6."]
    assert (_status(response, "（12）"), _status(response, "（16）")) == ("overdue", "overdue")

    response = _get(client, world.user("sushumian"), _url("supervised"))
    assert response.context["open_instructions"] == 1
    row = _document(response).xpath("//*[@data-testid='task-row'][@data-number='（13）']")[0]
    assert row.xpath(".//*[@data-testid='open-instructions']")


def test_liaison_units_link_to_their_pages(client, world):
    response = _get(client, world.user("dingweihua"), _url("liaison"))

    cards = _document(response).xpath("//*[@data-testid='liaison-units']//h2/a")
    assert [(card.text_content(), card.get("href")) for card in cards] == [
        ("惠安县妇联", reverse("org:unit_detail", args=[world.unit("惠安县妇联").pk])),
        ("永春县妇联", reverse("org:unit_detail", args=[world.unit("永春县妇联").pk])),
    ]
    assert [len(item.projects) for _liaison, item in response.context["followed"]] == [3, 3]


def test_liaison_page_of_a_user_without_a_person(client, world):
    response = _get(client, User.objects.create(username="nobody"), _url("liaison"))

    assert response.context["followed"] == []
    assert gettext("Your account is not linked to a person in the directory.") in response.content.decode()


# --- query counts -----------------------------------------------------------------------------------


def _grow(world) -> None:  # type: ignore[no-untyped-def]
    """More of everything the pages list: tasks with named responsibility and updates, projects with
    updates, plans with phases, liaisons."""
    plan, office = _plan(), world.user("liuweihong")
    category = Task.objects.get(plan=plan, title="好阵地")
    department = plan.unit.departments.get(name="办公室")
    counties = list(plan.participants.all())
    for index in range(20):
        task = Task.objects.create(
            plan=plan, parent=category, number=f"（{18 + index}）", title=f"新增任务{index}", sort_order=500 + index
        )
        TaskResponsibility.objects.bulk_create(
            [
                TaskResponsibility(task=task, role=ResponsibilityRole.LEAD_UNIT, department=department),
                TaskResponsibility(task=task, role=ResponsibilityRole.CO_UNIT, unit=counties[index % 13]),
                TaskResponsibility(task=task, role=ResponsibilityRole.PERSON, person=world.person("刘伟宏")),
                TaskResponsibility(task=task, role=ResponsibilityRole.LEADER, person=world.person("丁为华")),
            ]
        )
        ProgressUpdate.objects.create(task=task, unit=plan.unit, author=office, text="进展", percent=index)
        project = FeatureProject.objects.create(plan=plan, name=f"新增项目{index}", declared_by=counties[index % 13])
        project.responsible_units.set(counties[:4])
        ProgressUpdate.objects.create(feature_project=project, unit=plan.unit, author=office, text="进展", percent=50)
        other = Plan.objects.create(unit=plan.unit, title=f"方案{index}", status=PlanStatus.ACTIVE)
        Phase.objects.create(plan=other, name="阶段", start_date=datetime.date(2025, 1, 1))
        Task.objects.create(plan=other, title="任务", weight=Decimal(2))
        PlanParticipant.objects.create(plan=other, unit=counties[0])
    for county in OrgUnit.objects.filter(pk__in=[unit.pk for unit in counties[:6]]):
        Liaison.objects.get_or_create(leader=world.person("丁为华"), unit=county, purpose="新增联系")


PINNED = [
    ("liangyuhua", "plan_list", 12),
    ("liangyuhua", "plan_detail", 13),
    ("liangyuhua", "dashboard", 14),
    ("liangyuhua", "export", 9),
    ("liuweihong", "my_tasks", 10),
    ("dingweihua", "supervised", 10),
    ("dingweihua", "liaison", 11),
]


@pytest.mark.parametrize(("username", "name", "queries"), PINNED, ids=[name for _u, name, _q in PINNED])
def test_query_count_is_pinned_whatever_the_data_size(
    client, world, django_assert_num_queries, username, name, queries
):
    client.force_login(world.user(username))
    url = _url(name, _plan()) if name in PLAN_PAGES else _url(name)
    client.get(url)

    with django_assert_num_queries(queries):
        client.get(url)

    _grow(world)
    assert count_queries(client, url) == queries
