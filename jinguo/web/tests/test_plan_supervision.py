"""The supervision loop in pages: a task's page, reporting progress with photos, comments and
instructions, answers, acceptance, attachments, feature projects, the home page's open instructions.

Every refusal also checks that nothing was saved.
"""

import io
from pathlib import PurePath
from typing import Any

import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from PIL import Image

from jinguo.audit.models import AuditEvent
from jinguo.org.models import OrgUnit
from jinguo.plans import selectors, services
from jinguo.plans.models import (
    Comment,
    CommentKind,
    FeatureLevel,
    FeatureProject,
    Plan,
    ProgressUpdate,
    Task,
    UpdateAttachment,
)
from jinguo.plans.status import TaskStatus
from jinguo.web.tests.test_pages import assert_error_next_to, count_queries, field_error

pytestmark = pytest.mark.django_db

DOC_NUMBER = "泉妇〔2012〕39号"


# --- helpers --------------------------------------------------------------------------------------


def plan() -> Plan:
    return Plan.objects.get(doc_number=DOC_NUMBER)


def task(number: int) -> Task:
    return Task.objects.get(plan=plan(), number=f"（{number}）")


def brand(county: str) -> FeatureProject:
    return FeatureProject.objects.get(plan=plan(), declared_by__name=county, level=FeatureLevel.COUNTY_BRAND)


def png(name: str = "photo.png", size: tuple[int, int] = (40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 40)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf(name: str = "minutes.pdf", size: int = 200) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"0" * size, content_type="application/pdf")


def rows() -> dict[str, int]:
    """Row counts of everything the supervision loop writes."""
    return {
        "updates": ProgressUpdate.objects.count(),
        "attachments": UpdateAttachment.objects.count(),
        "comments": Comment.objects.count(),
        "projects": FeatureProject.objects.count(),
        "events": AuditEvent.objects.count(),
    }


def task_state(item: Task) -> tuple[Any, ...]:
    fresh = Task.objects.get(pk=item.pk)
    return (fresh.accepted_at, fresh.accepted_by_id)


def latest(item: Task) -> ProgressUpdate:
    update = item.updates.order_by("-created_at", "-id").first()
    assert update is not None
    return update


def as_user(client, world, username: str):  # type: ignore[no-untyped-def]
    client.force_login(world.user(username))
    return client


# --- the task page --------------------------------------------------------------------------------


def test_task_page_shows_status_progress_and_responsibility(client, world):
    twelve = task(12)
    as_user(client, world, "liuweihong")

    response = client.get(reverse("plans:task_detail", args=[twelve.pk]))

    assert response.status_code == 200
    context = response.context
    assert context["status"] == TaskStatus.OVERDUE
    assert context["latest_percent"] == latest(twelve).percent
    assert [update.pk for update in context["updates"]] == list(
        twelve.updates.order_by("-created_at", "-id").values_list("pk", flat=True)
    )
    assert [row.department.name for row in context["units"]] == ["办公室"]
    assert [row.person.name for row in context["persons"]] == ["刘伟宏"]
    assert [row.person.name for row in context["leaders"]] == ["丁为华"]
    assert (context["can_report"], context["can_comment"], context["can_accept"]) == (True, False, False)
    document = lxml.html.fromstring(response.content.decode())
    assert document.xpath("//*[@data-testid='task-status']//@data-status") == ["overdue"]
    assert len(document.xpath("//*[@data-testid='update']")) == 10
    assert document.xpath("//*[@data-testid='report-progress']/@href") == [
        reverse("plans:update_create", args=[twelve.pk])
    ]
    assert document.xpath("//*[@data-testid='accept']") == []


def test_the_supervising_leader_sees_accept_and_the_comment_form(client, world):
    as_user(client, world, "dingweihua")

    response = client.get(reverse("plans:task_detail", args=[task(12).pk]))

    assert (response.context["can_report"], response.context["can_comment"], response.context["can_accept"]) == (
        False,
        True,
        True,
    )
    assert 'id="comment-form"' in response.content.decode()


def test_open_instruction_is_shown_first_with_an_answer_form_for_the_responsible(client, world):
    thirteen = task(13)
    instruction = Comment.objects.get(task=thirteen, kind=CommentKind.INSTRUCTION)
    as_user(client, world, "chenchunmei")

    response = client.get(reverse("plans:task_detail", args=[thirteen.pk]))

    assert response.context["open_instructions"] == [instruction]
    document = lxml.html.fromstring(response.content.decode())
    block = document.xpath("//*[@data-testid='open-instructions']")[0]
    assert "请抓紧推进“女四官”联络联谊，9月底前报送进展。" in block.text_content()
    assert block.xpath(".//form/@action") == [reverse("plans:instruction_answer", args=[instruction.pk])]


def test_a_task_out_of_reach_is_404(client, world):
    client.force_login(world.village_user("历下区妇联"))  # the plan is addressed to Quanzhou's counties only

    for name in ("plans:task_detail", "plans:update_create"):
        assert client.get(reverse(name, args=[task(12).pk])).status_code == 404, name
    assert client.get(reverse("plans:task_detail", args=[999999])).status_code == 404


def test_pages_need_a_login(client, world):
    for url in [
        reverse("plans:task_detail", args=[task(12).pk]),
        reverse("plans:update_create", args=[task(12).pk]),
        reverse("plans:project_detail", args=[brand("鲤城区妇联").pk]),
        reverse("plans:project_declare", args=[plan().pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login") + "?next=")


# --- reporting progress ---------------------------------------------------------------------------


def test_the_responsible_person_reports_progress_with_a_photo_and_a_file(client, world):
    twelve = task(12)
    before = rows()
    as_user(client, world, "liuweihong")

    response = client.post(
        reverse("plans:update_create", args=[twelve.pk]),
        {"text": "  妇女之家全部挂牌。 ", "percent": "100", "photos": [png()], "attachments": [pdf()]},
    )

    assert response.status_code == 302
    assert response.url == reverse("plans:task_detail", args=[twelve.pk])
    update = latest(twelve)
    assert (update.text, update.percent, update.author, update.unit) == (
        "妇女之家全部挂牌。",
        100,
        world.user("liuweihong"),
        plan().unit,
    )
    assert sorted(update.attachments.values_list("is_photo", flat=True)) == [False, True]
    assert rows() == {
        **before,
        "updates": before["updates"] + 1,
        "attachments": before["attachments"] + 2,
        "events": before["events"] + 1,
    }
    page = client.get(reverse("plans:task_detail", args=[twelve.pk]))
    assert page.context["latest_percent"] == 100
    assert page.context["status"] == TaskStatus.OVERDUE  # reported 100 %, yet not done until accepted
    document = lxml.html.fromstring(page.content.decode())
    photo = update.attachments.get(is_photo=True)
    assert document.xpath(f"//*[@id='update-{update.pk}']//*[@data-testid='photos']//img/@src") == [
        reverse("plans:attachment", args=[photo.pk]) + "?size=thumb"
    ]


def test_the_form_offers_the_phone_camera_and_starts_at_the_last_percent(client, world):
    twelve = task(12)
    as_user(client, world, "liuweihong")

    response = client.get(reverse("plans:update_create", args=[twelve.pk]))

    document = lxml.html.fromstring(response.content.decode())
    camera = document.get_element_by_id("id_photos")
    assert (camera.get("type"), camera.get("accept"), camera.get("capture"), camera.get("multiple")) == (
        "file",
        "image/*",
        "environment",
        "multiple",
    )
    assert document.get_element_by_id("id_percent").get("value") == str(latest(twelve).percent)
    assert document.xpath("//form[@data-testid='update-form']/@enctype") == ["multipart/form-data"]


@pytest.mark.parametrize("percent", ["101", "-1", "abc"])
def test_a_percentage_outside_0_to_100_is_refused_next_to_the_field(client, world, percent):
    before = rows()
    as_user(client, world, "liuweihong")

    response = client.post(
        reverse("plans:update_create", args=[task(12).pk]), {"text": "进展", "percent": percent, "photos": [png()]}
    )

    assert_error_next_to(response, "percent")
    assert rows() == before


def test_101_percent_is_explained_in_chinese_next_to_the_field(client, world):
    as_user(client, world, "liuweihong")

    response = client.post(reverse("plans:update_create", args=[task(12).pk]), {"text": "进展", "percent": "101"})

    assert field_error(response, "percent") == "确保该值小于或等于100。"


@pytest.mark.parametrize("field", ["photos", "attachments"])
def test_a_non_image_named_jpg_is_refused(client, world, field):
    before = rows()
    as_user(client, world, "liuweihong")
    fake = SimpleUploadedFile("site.jpg", b"this is not a jpeg at all", content_type="image/jpeg")

    response = client.post(
        reverse("plans:update_create", args=[task(12).pk]), {"text": "进展", "percent": "90", field: [fake]}
    )

    assert_error_next_to(response, field)
    assert response.context["form"].errors[field] == [
        gettext("“%(name)s” is not a readable image.") % {"name": "site.jpg"}
    ]
    assert rows() == before


def test_a_document_in_the_photo_field_is_refused(client, world):
    before = rows()
    as_user(client, world, "liuweihong")

    response = client.post(
        reverse("plans:update_create", args=[task(12).pk]), {"text": "进展", "percent": "90", "photos": [pdf()]}
    )

    assert response.context["form"].errors["photos"] == [
        gettext("“%(name)s” is not a photo.") % {"name": "minutes.pdf"}
    ]
    assert rows() == before


def test_a_50_mb_upload_gets_a_clear_message_and_nothing_is_saved(client, world):
    before = rows()
    as_user(client, world, "liuweihong")
    huge = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n" + b"0" * (50 * 2**20), content_type="application/pdf")

    response = client.post(
        reverse("plans:update_create", args=[task(12).pk]),
        {"text": "进展", "percent": "90", "photos": [png()], "attachments": [huge]},
    )

    assert_error_next_to(response, "attachments")
    assert response.context["form"].errors["attachments"] == [
        gettext("“%(name)s” is larger than %(limit)d MB.") % {"name": "scan.pdf", "limit": 10}
    ]
    assert rows() == before


def test_an_unsupported_file_type_is_refused(client, world):
    before = rows()
    as_user(client, world, "liuweihong")
    script = SimpleUploadedFile("run.exe", b"MZ\x90\x00", content_type="application/octet-stream")

    response = client.post(
        reverse("plans:update_create", args=[task(12).pk]), {"text": "进展", "percent": "90", "attachments": [script]}
    )

    assert_error_next_to(response, "attachments")
    assert rows() == before


def test_the_text_is_required(client, world):
    before = rows()
    as_user(client, world, "liuweihong")

    response = client.post(reverse("plans:update_create", args=[task(12).pk]), {"text": "  ", "percent": "90"})

    assert_error_next_to(response, "text", "required")
    assert rows() == before


@pytest.mark.parametrize("username", ["sushumian", "dingweihua", "huangyufang", "chenchunmei"])
def test_who_is_not_responsible_cannot_report(client, world, username):
    before = rows()
    as_user(client, world, username)
    url = reverse("plans:update_create", args=[task(12).pk])

    assert client.get(url).status_code == 403
    assert client.post(url, {"text": "越权", "percent": "100", "photos": [png()]}).status_code == 403
    assert rows() == before


# --- comments and instructions --------------------------------------------------------------------


def test_the_supervising_leader_gives_an_instruction_on_an_update(client, world):
    twelve = task(12)
    update = latest(twelve)
    before = rows()
    as_user(client, world, "dingweihua")

    response = client.post(
        reverse("plans:comment_create", args=[twelve.pk]),
        {"kind": CommentKind.INSTRUCTION, "text": "请于月底前补报照片。", "update": update.pk},
    )

    comment = Comment.objects.latest("id")
    assert response.status_code == 302
    assert response.url == reverse("plans:task_detail", args=[twelve.pk]) + f"#comment-{comment.pk}"
    assert (comment.task, comment.update, comment.kind, comment.author, comment.text, comment.answered_at) == (
        twelve,
        update,
        CommentKind.INSTRUCTION,
        world.user("dingweihua"),
        "请于月底前补报照片。",
        None,
    )
    assert rows() == {**before, "comments": before["comments"] + 1, "events": before["events"] + 1}
    page = as_user(client, world, "liuweihong").get(reverse("plans:task_detail", args=[twelve.pk]))
    assert page.context["open_instructions"] == [comment]
    assert [c.pk for c in next(u for u in page.context["updates"] if u.pk == update.pk).comment_list] == [comment.pk]


def test_a_city_leader_who_does_not_supervise_may_still_comment(client, world):
    before = rows()
    as_user(client, world, "sushumian")  # a leader of the issuing unit: her reach covers the plan

    response = client.post(reverse("plans:comment_create", args=[task(12).pk]), {"kind": "comment", "text": "好。"})

    assert response.status_code == 302
    assert rows()["comments"] == before["comments"] + 1


@pytest.mark.parametrize("username", ["huangyufang", "wangshaorong", "liuweihong", "chenchunmei"])
def test_who_neither_supervises_nor_leads_the_issuing_unit_cannot_comment(client, world, username):
    """County leaders see the plan (it is addressed to them) but lead outside its scope; admins are no leaders."""
    before = rows()
    as_user(client, world, username)

    response = client.post(
        reverse("plans:comment_create", args=[task(12).pk]), {"kind": "instruction", "text": "越权批示"}
    )

    assert response.status_code == 403
    assert rows() == before


def test_commenting_out_of_reach_is_404(client, world):
    before = rows()
    client.force_login(world.village_user("历下区妇联"))

    response = client.post(reverse("plans:comment_create", args=[task(12).pk]), {"kind": "comment", "text": "x"})

    assert response.status_code == 404
    assert rows() == before


def test_an_empty_comment_is_refused_next_to_the_field(client, world):
    before = rows()
    as_user(client, world, "dingweihua")

    response = client.post(reverse("plans:comment_create", args=[task(12).pk]), {"kind": "comment", "text": " "})

    assert_error_next_to(response, "text", "required")
    assert rows() == before


def test_a_comment_on_another_tasks_update_is_refused(client, world):
    before = rows()
    as_user(client, world, "dingweihua")

    response = client.post(
        reverse("plans:comment_create", args=[task(12).pk]),
        {"kind": "comment", "text": "好", "update": latest(task(4)).pk},
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "alert-danger" in response.content.decode()
    assert rows() == before


def test_comment_needs_post(client, world):
    as_user(client, world, "dingweihua")
    assert client.get(reverse("plans:comment_create", args=[task(12).pk])).status_code == 405


# --- answering an instruction ---------------------------------------------------------------------


def open_instruction() -> Comment:
    return Comment.objects.get(task=task(13), kind=CommentKind.INSTRUCTION)


def test_the_responsible_person_answers_and_the_instruction_closes(client, world):
    instruction = open_instruction()
    before = rows()
    as_user(client, world, "chenchunmei")

    response = client.post(
        reverse("plans:instruction_answer", args=[instruction.pk]), {"answer": "已报送“女四官”联谊进展。"}
    )

    assert response.status_code == 302
    assert response.url == reverse("plans:task_detail", args=[task(13).pk])
    instruction.refresh_from_db()
    assert (instruction.answer, instruction.answered_by, instruction.is_open_instruction) == (
        "已报送“女四官”联谊进展。",
        world.user("chenchunmei"),
        False,
    )
    assert rows() == {**before, "events": before["events"] + 1}
    assert client.get(reverse("plans:task_detail", args=[task(13).pk])).context["open_instructions"] == []
    assert client.get(reverse("home")).context["open_instructions"] == []


def test_an_empty_answer_is_refused_next_to_the_field(client, world):
    instruction = open_instruction()
    as_user(client, world, "chenchunmei")

    response = client.post(reverse("plans:instruction_answer", args=[instruction.pk]), {"answer": "  "})

    assert_error_next_to(response, "answer", "required")
    instruction.refresh_from_db()
    assert (instruction.answer, instruction.answered_at) == ("", None)


@pytest.mark.parametrize("username", ["liuweihong", "sushumian", "huangyufang"])
def test_only_the_responsible_side_answers(client, world, username):
    instruction = open_instruction()
    before = rows()
    as_user(client, world, username)

    response = client.post(reverse("plans:instruction_answer", args=[instruction.pk]), {"answer": "代答"})

    assert response.status_code == 403
    instruction.refresh_from_db()
    assert (instruction.answer, instruction.answered_at) == ("", None)
    assert rows() == before


def test_an_answered_instruction_is_not_answered_twice(client, world):
    instruction = open_instruction()
    services.instruction_answer(user=world.user("chenchunmei"), comment=instruction, answer="第一次")
    as_user(client, world, "chenchunmei")

    response = client.post(reverse("plans:instruction_answer", args=[instruction.pk]), {"answer": "第二次"})

    assert response.status_code == 302
    instruction.refresh_from_db()
    assert instruction.answer == "第一次"


# --- acceptance -----------------------------------------------------------------------------------


def test_the_supervising_leader_accepts_and_the_task_is_done(client, world):
    twelve = task(12)
    leader = world.user("dingweihua")
    counts_before = selectors.status_counts(selectors.task_tree(user=leader, plan=plan()))
    as_user(client, world, "dingweihua")

    response = client.post(reverse("plans:task_accept", args=[twelve.pk]))

    assert response.status_code == 302
    fresh = Task.objects.get(pk=twelve.pk)
    assert fresh.accepted_by == leader and fresh.accepted_at is not None
    page = client.get(reverse("plans:task_detail", args=[twelve.pk]))
    assert page.context["status"] == TaskStatus.DONE
    assert page.context["can_accept"] is False
    assert lxml.html.fromstring(page.content.decode()).xpath("//*[@data-testid='task-status']//@data-status") == [
        "done"
    ]
    counts_after = selectors.status_counts(selectors.task_tree(user=leader, plan=plan()))
    assert counts_after == {**counts_before, "overdue": counts_before["overdue"] - 1, "done": counts_before["done"] + 1}


@pytest.mark.parametrize("username", ["sushumian", "liuweihong", "huangyufang"])
def test_acceptance_needs_the_supervising_leader(client, world, username):
    twelve = task(12)
    before, state = rows(), task_state(twelve)
    as_user(client, world, username)

    assert client.post(reverse("plans:task_accept", args=[twelve.pk])).status_code == 403
    assert task_state(twelve) == state == (None, None)
    assert rows() == before


def test_a_task_without_progress_cannot_be_accepted(client, world):
    twelve = task(12)
    ProgressUpdate.objects.filter(task=twelve).delete()
    as_user(client, world, "dingweihua")

    response = client.post(reverse("plans:task_accept", args=[twelve.pk]), follow=True)

    assert task_state(twelve) == (None, None)
    assert [str(m) for m in response.context["messages"]] == [
        gettext("A task with no progress reported cannot be accepted.")
    ]


def test_accept_needs_post(client, world):
    as_user(client, world, "dingweihua")
    response = client.get(reverse("plans:task_accept", args=[task(12).pk]))
    assert response.status_code == 405
    assert task_state(task(12)) == (None, None)


# --- attachments ----------------------------------------------------------------------------------


@pytest.fixture
def photo_update(world) -> ProgressUpdate:
    return services.update_post(
        user=world.user("liuweihong"), task=task(12), text="挂牌", percent=95, files=[png(size=(800, 600)), pdf()]
    )


def test_attachments_are_served_to_viewers_after_the_policy_check(client, world, photo_update):
    photo = photo_update.attachments.get(is_photo=True)
    document = photo_update.attachments.get(is_photo=False)
    as_user(client, world, "huangyufang")  # sees the plan as a participant

    original = client.get(reverse("plans:attachment", args=[photo.pk]))
    original_bytes = b"".join(original.streaming_content)  # before the next request reopens the file
    thumbnail = client.get(reverse("plans:attachment", args=[photo.pk]), {"size": "thumb"})
    download = client.get(reverse("plans:attachment", args=[document.pk]))

    assert original.status_code == 200 and original["Content-Type"] == "image/png"
    assert original["Content-Disposition"] == f'inline; filename="{PurePath(photo.file.name).name}"'
    assert Image.open(io.BytesIO(original_bytes)).size == (800, 600)
    assert thumbnail["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(thumbnail.content)).size == (360, 270)
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"


def test_attachments_out_of_reach_are_404(client, world, photo_update):
    client.force_login(world.village_user("历下区妇联"))
    for item in photo_update.attachments.all():
        assert client.get(reverse("plans:attachment", args=[item.pk])).status_code == 404


# --- feature projects -----------------------------------------------------------------------------


def test_a_county_admin_reports_on_her_brand_project(client, world):
    project = brand("鲤城区妇联")
    before = rows()
    as_user(client, world, "huangyufang")

    page = client.get(reverse("plans:project_detail", args=[project.pk]))
    response = client.post(
        reverse("plans:project_update_create", args=[project.pk]),
        {"text": "168工作机制覆盖全部社区。", "percent": "60", "photos": [png()]},
    )

    assert page.status_code == 200 and page.context["can_report"] is True
    assert response.status_code == 302 and response.url == reverse("plans:project_detail", args=[project.pk])
    update = ProgressUpdate.objects.filter(feature_project=project).latest("id")
    assert (update.percent, update.unit, update.task) == (60, world.unit("鲤城区妇联"), None)
    assert rows() == {
        **before,
        "updates": before["updates"] + 1,
        "attachments": before["attachments"] + 1,
        "events": before["events"] + 1,
    }
    page = client.get(reverse("plans:project_detail", args=[project.pk]))
    assert page.context["latest_percent"] == 60
    assert [u.pk for u in page.context["updates"]] == list(
        project.updates.order_by("-created_at", "-id").values_list("pk", flat=True)
    )
    assert page.context["updates"][0] == update


def test_a_sibling_county_cannot_see_or_report_on_lichengs_brand(client, world):
    project = brand("鲤城区妇联")
    before = rows()
    as_user(client, world, "wangshaorong")  # 丰泽区妇联's administrator

    assert client.get(reverse("plans:project_detail", args=[project.pk])).status_code == 404
    response = client.post(
        reverse("plans:project_update_create", args=[project.pk]), {"text": "越权", "percent": "50", "photos": [png()]}
    )

    assert response.status_code == 404
    assert rows() == before


def test_a_plan_level_project_is_visible_to_a_county_that_is_not_responsible(client, world):
    project = FeatureProject.objects.get(plan=plan(), number="10")  # 提升机关女性素质工程, a city department's
    before = rows()
    as_user(client, world, "huangyufang")

    assert client.get(reverse("plans:project_detail", args=[project.pk])).context["can_report"] is False
    assert (
        client.post(
            reverse("plans:project_update_create", args=[project.pk]), {"text": "x", "percent": "10"}
        ).status_code
        == 403
    )
    assert rows() == before


def test_a_project_percentage_over_100_is_refused(client, world):
    project = brand("鲤城区妇联")
    before = rows()
    as_user(client, world, "huangyufang")

    response = client.post(reverse("plans:project_update_create", args=[project.pk]), {"text": "x", "percent": "150"})

    assert_error_next_to(response, "percent")
    assert rows() == before


# --- declaring a feature project ------------------------------------------------------------------


def declare_url() -> str:
    return reverse("plans:project_declare", args=[plan().pk])


def first_township(county: str) -> OrgUnit:
    return OrgUnit.objects.get_children(OrgUnit.objects.get(name=county)).order_by("path").first()  # type: ignore[return-value]


def test_a_county_admin_is_offered_her_units_and_the_kinds_they_can_declare(client, world):
    as_user(client, world, "huangyufang")

    form = client.get(declare_url()).context["form"]

    county = world.unit("鲤城区妇联")
    assert [unit.pk for unit in form.fields["unit"].queryset] == list(
        OrgUnit.objects.filter(path__startswith=county.path).order_by("path").values_list("pk", flat=True)
    )
    assert [value for value, _label in form.fields["level"].choices] == [
        FeatureLevel.COUNTY_BRAND,
        FeatureLevel.TOWNSHIP_FEATURE,
        FeatureLevel.VILLAGE_MODEL,
    ]
    assert "department" not in form.fields


def test_a_county_admin_declares_a_township_feature(client, world):
    township = first_township("鲤城区妇联")
    before = rows()
    as_user(client, world, "huangyufang")

    response = client.post(
        declare_url(),
        {"unit": township.pk, "level": FeatureLevel.TOWNSHIP_FEATURE, "name": "巾帼家政", "targets": "培训100人。"},
    )

    project = FeatureProject.objects.latest("id")
    assert response.status_code == 302 and response.url == reverse("plans:project_detail", args=[project.pk])
    assert (project.plan, project.declared_by, project.level, project.name, project.targets) == (
        plan(),
        township,
        FeatureLevel.TOWNSHIP_FEATURE,
        "巾帼家政",
        "培训100人。",
    )
    assert list(project.responsible_units.all()) == [township]
    assert rows() == {**before, "projects": before["projects"] + 1, "events": before["events"] + 1}
    page = client.get(response.url)
    assert page.context["can_report"] is True


def test_one_brand_per_county(client, world):
    before = rows()
    as_user(client, world, "huangyufang")

    response = client.post(
        declare_url(),
        {"unit": world.unit("鲤城区妇联").pk, "level": FeatureLevel.COUNTY_BRAND, "name": "第二品牌", "targets": "x"},
    )

    assert_error_next_to(response, "level")
    assert response.context["form"].errors["level"] == [
        gettext("%(unit)s has already declared its %(level)s in this plan.")
        % {"unit": "鲤城区妇联", "level": FeatureLevel.COUNTY_BRAND.label}
    ]
    assert rows() == before


def test_the_kind_must_fit_the_unit(client, world):
    before = rows()
    as_user(client, world, "huangyufang")

    response = client.post(
        declare_url(),
        {"unit": world.unit("鲤城区妇联").pk, "level": FeatureLevel.VILLAGE_MODEL, "name": "典型", "targets": "x"},
    )

    assert_error_next_to(response, "level")
    assert rows() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"unit": "SIBLING"}, "unit"),  # 丰泽区妇联: not offered
        ({"level": FeatureLevel.CITY}, "level"),  # the plan's own projects are not declared
        ({"name": ""}, "name"),
        ({"targets": " "}, "targets"),
    ],
)
def test_declaring_refuses_bad_input_next_to_the_field(client, world, change, field):
    before = rows()
    as_user(client, world, "huangyufang")
    data = {
        "unit": first_township("鲤城区妇联").pk,
        "level": FeatureLevel.TOWNSHIP_FEATURE,
        "name": "n",
        "targets": "t",
    }
    data.update(change)
    if data["unit"] == "SIBLING":
        data["unit"] = world.unit("丰泽区妇联").pk

    response = client.post(declare_url(), data)

    assert_error_next_to(response, field)
    assert rows() == before


def test_the_issuing_unit_declares_department_key_work_up_to_three_each(client, world):
    office = world.unit("泉州市妇联").departments.get(name="办公室")
    as_user(client, world, "liuweihong")
    form = client.get(declare_url()).context["form"]
    assert FeatureLevel.DEPARTMENT_KEY_WORK in [value for value, _label in form.fields["level"].choices]

    data = {"unit": world.unit("泉州市妇联").pk, "level": FeatureLevel.DEPARTMENT_KEY_WORK, "department": office.pk}
    for number in range(3):
        response = client.post(declare_url(), {**data, "name": f"重点工作{number}", "targets": "t"})
        assert response.status_code == 302
    before = rows()
    response = client.post(declare_url(), {**data, "name": "第四项", "targets": "t"})

    assert_error_next_to(response, "department")
    assert rows() == before
    declared = FeatureProject.objects.filter(plan=plan(), level=FeatureLevel.DEPARTMENT_KEY_WORK)
    assert [(p.name, list(p.responsible_departments.all())) for p in declared] == [
        (f"重点工作{number}", [office]) for number in range(3)
    ]


def test_a_leader_without_an_admin_role_cannot_declare(client, world):
    as_user(client, world, "dingweihua")
    before = rows()
    response = client.post(
        declare_url(),
        {"unit": world.unit("泉州市妇联").pk, "level": "department_key_work", "name": "n", "targets": "t"},
    )
    assert response.status_code == 403
    assert rows() == before


def test_declaring_in_a_plan_out_of_reach_is_404(client, world):
    client.force_login(world.village_user("历下区妇联"))
    assert client.get(declare_url()).status_code == 404


def test_a_village_reporter_sees_the_plan_but_may_not_declare(client, world):
    before = rows()
    client.force_login(world.village_user("鲤城区妇联"))  # a reporter: no administrator's role
    assert client.get(declare_url()).status_code == 403
    village = world.village_user("鲤城区妇联").person.unit
    data = {"unit": village.pk, "level": "village_model", "name": "n", "targets": "t"}
    assert client.post(declare_url(), data).status_code == 403
    assert rows() == before


# --- the home page --------------------------------------------------------------------------------


def test_home_lists_the_open_instructions_for_the_responsible_person(client, world):
    instruction = open_instruction()
    as_user(client, world, "chenchunmei")

    response = client.get(reverse("home"))

    assert response.context["open_instructions"] == [instruction]
    document = lxml.html.fromstring(response.content.decode())
    assert document.xpath("//*[@data-testid='open-instruction-count']")[0].text_content() == "1"
    assert document.xpath("//*[@data-testid='open-instructions']//a/@href") == [
        reverse("plans:task_detail", args=[task(13).pk]) + "#open-instructions"
    ]


@pytest.mark.parametrize("username", ["liuweihong", "sushumian", "huangyufang"])
def test_home_shows_no_instructions_to_others(client, world, username):
    as_user(client, world, username)
    response = client.get(reverse("home"))
    assert response.context["open_instructions"] == []
    assert 'data-testid="open-instructions"' not in response.content.decode()


def test_a_new_instruction_reaches_the_responsible_persons_home(client, world):
    comment = services.comment_post(
        user=world.user("dingweihua"), task=task(12), text="请补报。", kind=CommentKind.INSTRUCTION
    )
    as_user(client, world, "liuweihong")
    assert client.get(reverse("home")).context["open_instructions"] == [comment]


# --- query counts: the pages stay flat as updates, comments and photos grow -----------------------


def grow(item: Task | FeatureProject, world, *, updates: int) -> None:  # type: ignore[no-untyped-def]
    author = world.user("liuweihong") if isinstance(item, Task) else world.user("huangyufang")
    target = {"task": item} if isinstance(item, Task) else {"project": item}
    for number in range(updates):
        update = services.update_post(
            user=author, text=f"第{number}次", percent=50, files=[png(), png("b.png"), pdf()], **target
        )
        if isinstance(item, Task):
            services.comment_post(user=world.user("dingweihua"), task=item, text="好", update=update)
            services.comment_post(user=world.user("dingweihua"), task=item, text="抓紧", kind=CommentKind.INSTRUCTION)


PROJECT_PAGE_QUERIES = 14


# The responsible person is recognised at the first check; the leader's reporting check reads on.
@pytest.mark.parametrize(("username", "queries"), [("liuweihong", 16), ("dingweihua", 18)])
def test_task_page_query_count_is_pinned(client, world, django_assert_num_queries, username, queries):
    twelve = task(12)
    url = reverse("plans:task_detail", args=[twelve.pk])
    as_user(client, world, username)
    client.get(url)

    with django_assert_num_queries(queries):
        client.get(url)

    grow(twelve, world, updates=5)
    assert count_queries(client, url) == queries


def test_project_page_query_count_is_pinned(client, world, django_assert_num_queries):
    project = brand("鲤城区妇联")
    url = reverse("plans:project_detail", args=[project.pk])
    grow(project, world, updates=1)
    as_user(client, world, "huangyufang")
    client.get(url)

    with django_assert_num_queries(PROJECT_PAGE_QUERIES):
        client.get(url)

    grow(project, world, updates=5)
    assert count_queries(client, url) == PROJECT_PAGE_QUERIES


def test_accepted_at_is_shown_in_local_time(client, world):
    twelve = task(12)
    services.task_accept(user=world.user("dingweihua"), task=twelve)
    as_user(client, world, "liuweihong")
    response = client.get(reverse("plans:task_detail", args=[twelve.pk]))
    accepted = Task.objects.get(pk=twelve.pk).accepted_at
    assert accepted is not None
    text = lxml.html.fromstring(response.content.decode()).xpath("//*[@data-testid='accepted']")[0].text_content()
    assert timezone.localtime(accepted).strftime("%Y-%m-%d") in text and "丁为华" in text
