"""The plans in the JSON API, on seed 000's plan (泉妇〔2012〕39号): scoped lists and details, the
supervision loop's writes through the services, and pinned query counts.

Viewers: 刘伟宏 (liuweihong) administers the city and answers for tasks (4)–(6), (8), (12); 丁为华
(dingweihua) supervises them; 黄玉芳 (huangyufang) administers 鲤城区妇联, a participating county.
"""

import datetime
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from jinguo.accounts.models import User
from jinguo.audit.models import AuditEvent
from jinguo.plans import rollups, selectors
from jinguo.plans.models import (
    Comment,
    CommentKind,
    FeatureLevel,
    FeatureProject,
    Phase,
    Plan,
    PlanStatus,
    ProgressUpdate,
    ResponsibilityRole,
    Task,
    TaskResponsibility,
    UpdateAttachment,
)
from jinguo.plans.tests.test_rollups import SUPERVISED_BY_DING

pytestmark = pytest.mark.django_db


def api_as(user: User) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def ids(response: Any) -> list[int]:
    return [row["id"] for row in response.json()["results"]]


def demo_plan() -> Plan:
    return Plan.objects.get(doc_number="泉妇〔2012〕39号")


def task(number: int | str) -> Task:
    written = number if isinstance(number, str) else f"（{number}）"
    return Task.objects.get(plan=demo_plan(), number=written)


def brand(county: str) -> FeatureProject:
    return FeatureProject.objects.get(declared_by__name=county, level=FeatureLevel.COUNTY_BRAND)


def annex_project(number: int) -> FeatureProject:
    return FeatureProject.objects.get(plan=demo_plan(), number=str(number))


def rows() -> tuple[int, ...]:
    return (
        ProgressUpdate.objects.count(),
        UpdateAttachment.objects.count(),
        Comment.objects.count(),
        Task.objects.filter(accepted_at__isnull=False).count(),
        AuditEvent.objects.count(),
    )


def same_message(unseen: Any, missing: Any, field: str, pk: int) -> bool:
    """The 400 for an id out of reach reads as the one for an id that does not exist."""
    return unseen.json()[field][0].replace(str(pk), "?") == missing.json()[field][0].replace("999999", "?")


@pytest.fixture
def sibling_plan(world) -> Plan:  # type: ignore[no-untyped-def]
    """A plan 丰泽区妇联 issues to its own townships, with a task 王少容 answers for."""
    county = world.unit("丰泽区妇联")
    plan = Plan.objects.create(unit=county, title="丰泽区巾帼建功方案", doc_number="丰妇〔2013〕1号")
    Phase.objects.create(plan=plan, name="启动阶段", start_date="2013-01-01")
    own = Task.objects.create(plan=plan, number="（1）", title="丰泽任务", deadline="2013-12-31")
    TaskResponsibility.objects.create(task=own, role=ResponsibilityRole.PERSON, person=world.person("王少容"))
    return plan


def png(name: str = "photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 12), (10, 120, 200)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


# --- plans ------------------------------------------------------------------------------------------


def test_plans_list_shape(world):
    user = world.user("huangyufang")
    plan = demo_plan()
    response = api_as(user).get("/api/v1/plans/")
    assert response.status_code == 200
    assert response.json()["count"] == 1
    row = response.json()["results"][0]
    phases = list(plan.phases.all())
    current = selectors.current_phase(plan)
    assert row == {
        "id": plan.pk,
        "title": plan.title,
        "doc_number": "泉妇〔2012〕39号",
        "unit": world.unit("泉州市妇联").pk,
        "unit_name": "泉州市妇联",
        "issue_date": "2012-09-25",
        "status": PlanStatus.ACTIVE,
        "addressees": plan.addressees,
        "goals": plan.goals,
        "phases": [
            {
                "id": phase.pk,
                "name": phase.name,
                "start_date": phase.start_date.isoformat(),
                "end_date": phase.end_date.isoformat() if phase.end_date else None,
                "description": phase.description,
                "is_current": phase == current,
            }
            for phase in phases
        ],
        "progress": selectors.plan_progress(selectors.task_tree(user=user, plan=plan)),
    }
    assert [phase["name"] for phase in row["phases"]] == [
        "宣传动员阶段",
        "有序推进阶段",
        "总结提高阶段",
        "继续深化阶段",
    ]
    # The open-ended last phase (from 2013-09) is today's.
    assert [phase["is_current"] for phase in row["phases"]] == [False, False, False, True]
    assert 0 < row["progress"] < 100  # (12) and (16) are still open


def test_plan_detail_is_the_list_row(world):
    client = api_as(world.user("liuweihong"))
    listed = client.get("/api/v1/plans/").json()["results"][0]
    assert client.get(f"/api/v1/plans/{demo_plan().pk}/").json() == listed


def test_a_sibling_countys_plan_is_out_of_reach(world, sibling_plan):
    client = api_as(world.user("huangyufang"))
    assert ids(client.get("/api/v1/plans/")) == [demo_plan().pk]
    assert client.get(f"/api/v1/plans/{sibling_plan.pk}/").status_code == 404
    assert api_as(world.user("wangshaorong")).get(f"/api/v1/plans/{sibling_plan.pk}/").status_code == 200


def test_plans_are_read_only(world):
    client = api_as(world.user("admin"))
    assert client.post("/api/v1/plans/", {"title": "x"}, format="json").status_code == 405
    assert client.delete(f"/api/v1/plans/{demo_plan().pk}/").status_code == 405
    assert Plan.objects.filter(pk=demo_plan().pk).exists()


def test_plans_need_a_token(world):
    assert APIClient().get("/api/v1/plans/").status_code == 401


# --- tasks ------------------------------------------------------------------------------------------


def test_task_detail_shape(world):
    twelve = task(12)
    latest = twelve.updates.order_by("-created_at", "-id")[0]
    response = api_as(world.user("liuweihong")).get(f"/api/v1/tasks/{twelve.pk}/")
    assert response.status_code == 200
    body = response.json()
    office = world.unit("泉州市妇联").departments.get(name="办公室")
    assert body | {"responsibilities": []} == {
        "id": twelve.pk,
        "plan": demo_plan().pk,
        "parent": twelve.parent_id,
        "number": "（12）",
        "title": twelve.title,
        "text": twelve.text,
        "is_category": False,
        "deadline": "2013-07-31",
        "recurrence": "",
        "expected_outputs": "",
        "weight": "1.00",
        "sort_order": twelve.sort_order,
        "responsibilities": [],
        "latest_percent": latest.percent,
        "status": "overdue",  # left open in the demo, past its deadline
        "accepted_at": None,
    }
    assert body["responsibilities"] == [
        {
            "role": "lead_unit",
            "label": "办公室",
            "unit": None,
            "unit_name": None,
            "department": office.pk,
            "department_name": "办公室",
            "person": None,
            "person_name": None,
        },
        {
            "role": "person",
            "label": "刘伟宏",
            "unit": None,
            "unit_name": None,
            "department": None,
            "department_name": None,
            "person": world.person("刘伟宏").pk,
            "person_name": "刘伟宏",
        },
        {
            "role": "leader",
            "label": "丁为华",
            "unit": None,
            "unit_name": None,
            "department": None,
            "department_name": None,
            "person": world.person("丁为华").pk,
            "person_name": "丁为华",
        },
    ]


def test_tasks_are_in_the_documents_order_with_derived_status(world):
    user = world.user("liangyuhua")
    response = api_as(user).get("/api/v1/tasks/", {"page_size": "200"})
    tree = selectors.flatten(selectors.task_tree(user=user, plan=demo_plan()))
    assert ids(response) == [row.task.pk for row in tree]
    statuses = {row["number"]: row["status"] for row in response.json()["results"]}
    expected = {row.task.number: None if row.children else row.status.value for row in tree}
    assert statuses == expected
    assert statuses["1."] is None  # a category with tasks rolls them up
    assert (statuses["（1）"], statuses["（12）"], statuses["（16）"]) == ("done", "overdue", "overdue")


def test_tasks_filter_by_plan_parent_and_category(world, sibling_plan):
    client = api_as(world.user("wangshaorong"))
    category = task("5.")
    own = ids(client.get("/api/v1/tasks/", {"plan": sibling_plan.pk}))
    assert own == list(sibling_plan.tasks.values_list("pk", flat=True))
    children = ids(client.get("/api/v1/tasks/", {"parent": category.pk}))
    assert children == list(category.children.order_by("sort_order", "id").values_list("pk", flat=True))
    categories = ids(client.get("/api/v1/tasks/", {"is_category": "true", "plan": str(demo_plan().pk)}))
    assert categories == list(demo_plan().tasks.filter(is_category=True).values_list("pk", flat=True))


def test_mine_and_supervised_are_the_callers_lists(world):
    for username in ("liuweihong", "dingweihua", "chenchunmei"):
        user = world.user(username)
        client = api_as(user)
        mine = client.get("/api/v1/tasks/", {"mine": "true", "page_size": "200"})
        assert sorted(ids(mine)) == sorted(row.task.pk for row in rollups.my_tasks(user=user)), username
        supervised = client.get("/api/v1/tasks/", {"supervised": "true", "page_size": "200"})
        assert sorted(ids(supervised)) == sorted(row.task.pk for row in rollups.supervised_tasks(user=user))
    supervised = api_as(world.user("dingweihua")).get("/api/v1/tasks/", {"supervised": "true", "page_size": "200"})
    assert [row["number"] for row in supervised.json()["results"]] == SUPERVISED_BY_DING
    others = api_as(world.user("dingweihua")).get("/api/v1/tasks/", {"supervised": "false", "page_size": "200"})
    assert others.json()["count"] == demo_plan().tasks.count() - 8


def test_a_task_filter_naming_an_unseen_plan_or_task_is_the_same_400_as_a_missing_one(world, sibling_plan):
    client = api_as(world.user("huangyufang"))
    unseen_task = sibling_plan.tasks.get()
    for param, pk in (("plan", sibling_plan.pk), ("parent", unseen_task.pk)):
        unseen = client.get("/api/v1/tasks/", {param: pk})
        missing = client.get("/api/v1/tasks/", {param: 999_999})
        assert unseen.status_code == missing.status_code == 400
        assert list(unseen.json()) == [param]
        assert same_message(unseen, missing, param, pk)
    assert client.get(f"/api/v1/tasks/{unseen_task.pk}/").status_code == 404


def test_parties_out_of_reach_are_named_by_the_documents_words_only(world):
    """(15) names 庄泓鸿 of 市直机关妇工委: the city reaches her record; 鲤城区 gets the label alone."""
    fifteen = task(15)

    def person_row(username: str) -> dict[str, Any]:
        body = api_as(world.user(username)).get(f"/api/v1/tasks/{fifteen.pk}/").json()
        return next(row for row in body["responsibilities"] if row["role"] == "person")

    assert person_row("liuweihong")["person_name"] == "庄泓鸿"
    assert person_row("huangyufang") == {
        "role": "person",
        "label": "庄泓鸿",
        "unit": None,
        "unit_name": None,
        "department": None,
        "department_name": None,
        "person": None,
        "person_name": None,
    }


# --- feature projects -------------------------------------------------------------------------------


def test_a_county_sees_the_plans_projects_and_its_own_brand_not_a_siblings(world):
    client = api_as(world.user("huangyufang"))
    response = client.get("/api/v1/feature-projects/", {"page_size": "200"})
    annex = list(demo_plan().feature_projects.filter(declared_by__isnull=True).values_list("pk", flat=True))
    assert ids(response) == [*annex, brand("鲤城区妇联").pk]
    assert client.get(f"/api/v1/feature-projects/{brand('丰泽区妇联').pk}/").status_code == 404
    assert (
        api_as(world.user("wangshaorong")).get(f"/api/v1/feature-projects/{brand('丰泽区妇联').pk}/").status_code == 200
    )


def test_feature_project_shape(world):
    project = brand("鲤城区妇联")
    latest = project.updates.order_by("-created_at", "-id")[0]
    response = api_as(world.user("huangyufang")).get(f"/api/v1/feature-projects/{project.pk}/")
    lichen = world.unit("鲤城区妇联")
    assert response.json() == {
        "id": project.pk,
        "plan": demo_plan().pk,
        "number": "",
        "name": "鲤城区·以168工作机制为抓手推进基层妇女组织建设",
        "targets": project.targets,
        "level": "county_brand",
        "declared_by": lichen.pk,
        "declared_by_name": "鲤城区妇联",
        "responsible_label": "",
        "responsible_units": [{"id": lichen.pk, "name": "鲤城区妇联"}],
        "responsible_departments": [],
        "liaison_departments": [],
        "latest_percent": latest.percent,
    }


def test_an_annex_project_lists_only_the_responsible_units_in_reach(world):
    """Annex 1's project 2 is 丰泽区's and 泉港区's: 鲤城区 reads who as the document writes it."""
    project = annex_project(2)
    city = api_as(world.user("liuweihong")).get(f"/api/v1/feature-projects/{project.pk}/").json()
    county = api_as(world.user("huangyufang")).get(f"/api/v1/feature-projects/{project.pk}/").json()
    publicity = world.unit("泉州市妇联").departments.get(name="宣传部")
    assert [unit["name"] for unit in city["responsible_units"]] == ["丰泽区妇联", "泉港区妇联"]
    assert county["responsible_units"] == []
    assert county["responsible_label"] == city["responsible_label"] == "丰泽区妇联、泉港区妇联"
    # The issuing unit's own departments are named to every reader of its plan.
    assert county["liaison_departments"] == city["liaison_departments"] == [{"id": publicity.pk, "name": "宣传部"}]


def test_feature_projects_filter_by_plan_declared_by_and_level(world):
    client = api_as(world.user("liuweihong"))
    lichen = world.unit("鲤城区妇联")
    assert ids(client.get("/api/v1/feature-projects/", {"declared_by": lichen.pk})) == [brand("鲤城区妇联").pk]
    brands = client.get("/api/v1/feature-projects/", {"level": "county_brand", "plan": str(demo_plan().pk)})
    assert brands.json()["count"] == FeatureProject.objects.filter(level=FeatureLevel.COUNTY_BRAND).count()
    county = api_as(world.user("huangyufang"))
    sibling = world.unit("丰泽区妇联")
    unseen = county.get("/api/v1/feature-projects/", {"declared_by": sibling.pk})
    missing = county.get("/api/v1/feature-projects/", {"declared_by": 999_999})
    assert unseen.status_code == missing.status_code == 400
    assert same_message(unseen, missing, "declared_by", sibling.pk)


# --- progress updates -------------------------------------------------------------------------------


def test_updates_of_a_task_newest_first(world):
    twelve = task(12)
    response = api_as(world.user("huangyufang")).get("/api/v1/updates/", {"task": str(twelve.pk), "page_size": "200"})
    expected = twelve.updates.order_by("-created_at", "-id")
    assert ids(response) == list(expected.values_list("pk", flat=True))
    first = expected[0]
    row = response.json()["results"][0]
    assert datetime.datetime.fromisoformat(row["created_at"]) == first.created_at
    assert row | {"created_at": None} == {
        "id": first.pk,
        "task": twelve.pk,
        "feature_project": None,
        "unit": world.unit("泉州市妇联").pk,
        "unit_name": "泉州市妇联",
        "author_name": "刘伟宏",
        "text": first.text,
        "percent": first.percent,
        "created_at": None,
        "attachments": [],
    }


def test_a_sibling_countys_reports_on_a_shared_project_do_not_name_them(world):
    """Annex project 2's updates come from 丰泽区: 鲤城区 reads them, without 丰泽区's unit and people."""
    project = annex_project(2)
    assert set(project.updates.values_list("unit__name", flat=True)) == {"丰泽区妇联"}
    county = api_as(world.user("huangyufang")).get("/api/v1/updates/", {"feature_project": project.pk}).json()
    city = api_as(world.user("liuweihong")).get("/api/v1/updates/", {"feature_project": project.pk}).json()
    assert county["count"] == city["count"] == project.updates.count()
    assert {(row["unit"], row["unit_name"], row["author_name"]) for row in county["results"]} == {(None, None, None)}
    assert {row["author_name"] for row in city["results"]} == {"王少容"}


def test_a_responsible_person_reports_progress(world):
    twelve = task(12)
    before = rows()
    response = api_as(world.user("liuweihong")).post(
        "/api/v1/updates/", {"task": twelve.pk, "text": " 已全部完成 ", "percent": 100}, format="json"
    )
    assert response.status_code == 201, response.json()
    update = ProgressUpdate.objects.get(pk=response.json()["id"])
    assert (update.task, update.text, update.percent, update.author) == (
        twelve,
        "已全部完成",
        100,
        world.user("liuweihong"),
    )
    assert response.json() | {"created_at": None} == {
        "id": update.pk,
        "task": twelve.pk,
        "feature_project": None,
        "unit": world.unit("泉州市妇联").pk,
        "unit_name": "泉州市妇联",
        "author_name": "刘伟宏",
        "text": "已全部完成",
        "percent": 100,
        "created_at": None,
        "attachments": [],
    }
    assert rows() == (before[0] + 1, before[1], before[2], before[3], before[4] + 1)
    listed = api_as(world.user("liuweihong")).get(f"/api/v1/tasks/{twelve.pk}/").json()
    assert listed["latest_percent"] == 100


def test_photos_go_as_multipart_and_are_checked_by_the_service(world):
    client = api_as(world.user("liuweihong"))
    data = {"task": task(12).pk, "text": "现场照片", "percent": 90, "files": [png()]}
    response = client.post("/api/v1/updates/", data, format="multipart")
    assert response.status_code == 201, response.json()
    [attachment] = response.json()["attachments"]
    item = UpdateAttachment.objects.get(update_id=response.json()["id"])
    assert attachment == {
        "id": item.pk,
        "url": f"http://testserver/plans/attachments/{item.pk}/",
        "is_photo": True,
        "caption": "",
    }
    before = rows()
    fake = SimpleUploadedFile("photo.jpg", b"not an image", content_type="image/jpeg")
    refused = client.post("/api/v1/updates/", {**data, "files": [png(), fake]}, format="multipart")
    assert refused.status_code == 400
    assert list(refused.json()) == ["files"]
    assert rows() == before


@pytest.mark.parametrize("percent", [150, -1, "half"])
def test_a_percentage_outside_0_to_100_is_400_and_saves_nothing(world, percent):
    before = rows()
    response = api_as(world.user("liuweihong")).post(
        "/api/v1/updates/", {"task": task(12).pk, "text": "x", "percent": percent}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["percent"]
    assert rows() == before


def test_reporting_on_a_visible_task_one_does_not_answer_for_is_403_and_saves_nothing(world):
    before = rows()
    for username in ("huangyufang", "dingweihua"):
        response = api_as(world.user(username)).post(
            "/api/v1/updates/", {"task": task(12).pk, "text": "越权", "percent": 50}, format="json"
        )
        assert response.status_code == 403, username
    assert rows() == before


def test_reporting_on_an_unseen_task_or_project_is_the_same_400_as_a_missing_one(world, sibling_plan):
    client = api_as(world.user("huangyufang"))
    before = rows()
    for field, pk in (("task", sibling_plan.tasks.get().pk), ("feature_project", brand("丰泽区妇联").pk)):
        unseen = client.post("/api/v1/updates/", {field: pk, "text": "越权", "percent": 50}, format="json")
        missing = client.post("/api/v1/updates/", {field: 999_999, "text": "越权", "percent": 50}, format="json")
        assert unseen.status_code == missing.status_code == 400
        assert list(unseen.json()) == [field]
        assert same_message(unseen, missing, field, pk)
    assert rows() == before


def test_an_update_names_exactly_one_subject(world):
    client = api_as(world.user("huangyufang"))
    before = rows()
    both = {"task": task(12).pk, "feature_project": brand("鲤城区妇联").pk, "text": "x", "percent": 5}
    for data in (both, {"text": "x", "percent": 5}):
        response = client.post("/api/v1/updates/", data, format="json")
        assert response.status_code == 400
        assert list(response.json()) == ["non_field_errors"]
    assert rows() == before


def test_a_county_reports_on_its_own_brand(world):
    project = brand("鲤城区妇联")
    response = api_as(world.user("huangyufang")).post(
        "/api/v1/updates/", {"feature_project": project.pk, "text": "推进中", "percent": 70}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert (response.json()["feature_project"], response.json()["unit_name"]) == (project.pk, "鲤城区妇联")
    detail = api_as(world.user("huangyufang")).get(f"/api/v1/feature-projects/{project.pk}/").json()
    assert detail["latest_percent"] == 70


# --- comments, instructions and acceptance ----------------------------------------------------------


def test_a_leader_instructs_and_the_responsible_person_answers(world):
    twelve = task(12)
    leader, responsible = api_as(world.user("dingweihua")), api_as(world.user("liuweihong"))
    sent = leader.post(
        "/api/v1/comments/", {"task": twelve.pk, "kind": "instruction", "text": "请补报照片。"}, format="json"
    )
    assert sent.status_code == 201, sent.json()
    instruction = Comment.objects.get(pk=sent.json()["id"])
    assert sent.json() | {"created_at": None} == {
        "id": instruction.pk,
        "task": twelve.pk,
        "update": None,
        "kind": "instruction",
        "text": "请补报照片。",
        "author_name": "丁为华",
        "created_at": None,
        "is_open": True,
        "answer": "",
        "answered_at": None,
        "answered_by_name": None,
    }
    open_ones = responsible.get("/api/v1/comments/", {"task": str(twelve.pk), "open": "true"})
    assert ids(open_ones) == [instruction.pk]

    before = rows()
    refused = api_as(world.user("chenchunmei")).post(
        f"/api/v1/comments/{instruction.pk}/answer/", {"answer": "不归我"}, format="json"
    )
    assert refused.status_code == 403
    assert rows() == before

    answered = responsible.post(f"/api/v1/comments/{instruction.pk}/answer/", {"answer": "已补报。"}, format="json")
    assert answered.status_code == 200, answered.json()
    assert (answered.json()["is_open"], answered.json()["answer"], answered.json()["answered_by_name"]) == (
        False,
        "已补报。",
        "刘伟宏",
    )
    again = responsible.post(f"/api/v1/comments/{instruction.pk}/answer/", {"answer": "再答"}, format="json")
    assert again.status_code == 400
    assert Comment.objects.get(pk=instruction.pk).answer == "已补报。"
    assert ids(responsible.get("/api/v1/comments/", {"task": str(twelve.pk), "open": "true"})) == []


def test_a_comment_on_an_update_of_the_task(world):
    twelve = task(12)
    update = twelve.updates.order_by("-created_at", "-id")[0]
    client = api_as(world.user("dingweihua"))
    response = client.post(
        "/api/v1/comments/", {"task": twelve.pk, "update": update.pk, "text": "照片清晰。"}, format="json"
    )
    assert response.status_code == 201
    assert (response.json()["update"], response.json()["kind"], response.json()["is_open"]) == (
        update.pk,
        "comment",
        False,
    )
    before = rows()
    other = task(4).updates.all()[0]
    mismatched = client.post("/api/v1/comments/", {"task": twelve.pk, "update": other.pk, "text": "x"}, format="json")
    assert mismatched.status_code == 400
    assert list(mismatched.json()) == ["update"]
    assert rows() == before


def test_a_county_may_not_comment_on_the_citys_tasks(world, sibling_plan):
    client = api_as(world.user("huangyufang"))
    before = rows()
    visible = client.post("/api/v1/comments/", {"task": task(12).pk, "text": "越权"}, format="json")
    assert visible.status_code == 403
    unseen = client.post("/api/v1/comments/", {"task": sibling_plan.tasks.get().pk, "text": "越权"}, format="json")
    assert unseen.status_code == 400
    assert list(unseen.json()) == ["task"]
    assert rows() == before


def test_only_an_instruction_is_answered(world):
    comment = Comment.objects.filter(kind=CommentKind.COMMENT, task=task(12))[0]
    client = api_as(world.user("liuweihong"))
    assert client.get(f"/api/v1/comments/{comment.pk}/").status_code == 200
    response = client.post(f"/api/v1/comments/{comment.pk}/answer/", {"answer": "x"}, format="json")
    assert response.status_code == 404
    assert Comment.objects.get(pk=comment.pk).answer == ""


def test_comments_filter_by_kind_and_open(world):
    client = api_as(world.user("liuweihong"))
    instructions = client.get("/api/v1/comments/", {"kind": "instruction", "page_size": "200"})
    expected = Comment.objects.filter(kind=CommentKind.INSTRUCTION).order_by("created_at", "id")
    assert ids(instructions) == list(expected.values_list("pk", flat=True))
    open_now = client.get("/api/v1/comments/", {"open": "true"})
    assert [row["task"] for row in open_now.json()["results"]] == [task(13).pk]  # the demo's unanswered one
    closed = client.get("/api/v1/comments/", {"open": "false", "page_size": "200"})
    assert closed.json()["count"] == Comment.objects.count() - 1


def test_the_supervising_leader_accepts_a_task(world):
    twelve = task(12)
    before = rows()
    refused = api_as(world.user("sushumian")).post(f"/api/v1/tasks/{twelve.pk}/accept/")
    assert refused.status_code == 403
    assert rows() == before
    response = api_as(world.user("dingweihua")).post(f"/api/v1/tasks/{twelve.pk}/accept/")
    assert response.status_code == 200
    assert response.json()["status"] == "done"
    assert response.json()["accepted_at"] is not None
    assert Task.objects.get(pk=twelve.pk).accepted_by == world.user("dingweihua")


def test_a_task_with_no_report_cannot_be_accepted(world):
    silent = Task.objects.create(plan=demo_plan(), number="（18）", title="新任务")
    TaskResponsibility.objects.create(task=silent, role=ResponsibilityRole.LEADER, person=world.person("丁为华"))
    before = rows()
    response = api_as(world.user("dingweihua")).post(f"/api/v1/tasks/{silent.pk}/accept/")
    assert response.status_code == 400
    assert list(response.json()) == ["non_field_errors"]
    assert rows() == before


def test_accepting_an_unseen_task_is_404(world, sibling_plan):
    unseen = sibling_plan.tasks.get()
    response = api_as(world.user("huangyufang")).post(f"/api/v1/tasks/{unseen.pk}/accept/")
    assert response.status_code == 404
    assert Task.objects.get(pk=unseen.pk).accepted_at is None


# --- query counts -----------------------------------------------------------------------------------
# token + grants, then count + page, then one query per related set the page needs. The same for a
# page of 2 as for a page of 200: a missing select_related or prefetch shows up here.

# Pinned with the org endpoints' in test_api.test_list_query_count_does_not_grow_with_the_page.
PLAN_LIST_QUERIES = {
    "/api/v1/plans/": 6,  # + phases, + the tasks' latest progress for the page's plans
    "/api/v1/tasks/": 5,  # + the responsibilities with their units, departments and people
    "/api/v1/updates/": 5,  # + the attachments
    "/api/v1/comments/": 4,
    "/api/v1/feature-projects/": 7,  # + responsible units, responsible and liaison departments
}


def test_mine_adds_the_two_queries_of_the_callers_task_list(world, django_assert_num_queries):
    client = api_as(world.user("liuweihong"))
    with django_assert_num_queries(PLAN_LIST_QUERIES["/api/v1/tasks/"] + 2):
        response = client.get("/api/v1/tasks/", {"mine": "true", "page_size": "200"})
    assert response.json()["count"] == len(rollups.my_tasks(user=world.user("liuweihong")))


def test_plan_progress_query_count_does_not_grow_with_plans(world, django_assert_num_queries):
    city = world.unit("泉州市妇联")
    for number in range(5):
        plan = Plan.objects.create(unit=city, title=f"方案{number}", status=PlanStatus.ACTIVE)
        Phase.objects.create(plan=plan, name="阶段", start_date="2013-01-01")
        Task.objects.create(plan=plan, number="（1）", title="任务")
    client = api_as(world.user("liuweihong"))
    with django_assert_num_queries(PLAN_LIST_QUERIES["/api/v1/plans/"]):
        response = client.get("/api/v1/plans/", {"page_size": "200"})
    progress = {row["id"]: row["progress"] for row in response.json()["results"]}
    assert progress.pop(demo_plan().pk) == selectors.plan_progress(
        selectors.task_tree(user=world.user("liuweihong"), plan=demo_plan())
    )
    assert list(progress.values()) == [0] * 5  # nothing reported on the new plans
