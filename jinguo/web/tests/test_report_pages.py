"""The reporting pages on seed 000's monthly report: the inbox, the fill → submit → return → fix → accept
loop, autosave, photos, leaders' comments and highlights. Bad input shows next to its field and saves
nothing; a sibling county gets 404s; query counts are pinned."""

import datetime
from typing import Any

import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext

from jinguo.reporting import services
from jinguo.reporting.expected import ensure_expected
from jinguo.reporting.models import (
    ReportDefinition,
    ReviewEvent,
    Submission,
    SubmissionPhoto,
    SubmissionStatus,
)
from jinguo.reporting.tests.factories import jpeg, monthly_report
from jinguo.web.tests.test_pages import CJK, count_queries, field_error
from jinguo.web.views import reports as report_views

pytestmark = pytest.mark.django_db

GOOD = {"summary": "开展“三八”维权周活动三场。", "trained": "40", "placed": "12"}


# --- helpers (the browser test uses them too) -------------------------------------------------------


def values(data: dict[str, str], version: int | None = None) -> dict[str, Any]:
    """The report form's POST: its inputs are prefixed; the version rides along."""
    posted: dict[str, Any] = {f"values-{key}": value for key, value in data.items()}
    if version is not None:
        posted["version"] = version
    return posted


def url(name: str, pk: int) -> str:
    return reverse(f"reports:{name}", args=[pk])


def state(submission: Submission) -> tuple[Any, ...]:
    fresh = Submission.objects.get(pk=submission.pk)
    return fresh.status, fresh.values, fresh.version, fresh.photos.count(), fresh.events.count()


def document(response) -> lxml.html.HtmlElement:  # type: ignore[no-untyped-def]
    return lxml.html.fromstring(response.content.decode())


def as_user(client, world, username: str):  # type: ignore[no-untyped-def]
    client.force_login(world.user(username))
    return client


def inbox_rows(response, section: str) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """(reporter, period, status) of each row of an inbox section."""
    found = []
    for row in document(response).xpath(f"//*[@data-testid='{section}']//*[@data-testid='inbox-row']"):
        submission = Submission.objects.get(pk=row.get("data-pk"))
        found.append((submission.reporter_name, submission.period, row.xpath(".//*[@data-status]/@data-status")[0]))
    return found


@pytest.fixture
def monthly(world) -> ReportDefinition:  # type: ignore[no-untyped-def]
    """The monthly report alone: the demo's reports leave the test world (inside the test's transaction),
    so each list holds exactly what the test put there."""
    ReportDefinition.objects.all().delete()
    definition = monthly_report(world)
    ensure_expected(definition, until=datetime.date(2012, 11, 30))  # October and November 2012
    return definition


@pytest.fixture
def october(monthly, world) -> Submission:  # type: ignore[no-untyped-def]
    return Submission.objects.get(definition=monthly, period="2012-10", unit=world.unit("鲤城区妇联"))


def send(world, submission: Submission, data: dict[str, str] = GOOD) -> None:  # type: ignore[no-untyped-def]
    reporter = world.user("huangyufang")
    services.photo_add(user=reporter, submission=submission, field_key="photos", upload=jpeg(), caption="现场")
    services.submit(user=reporter, submission=submission, raw=data)


# --- the inbox --------------------------------------------------------------------------------------


def test_the_inbox_lists_the_counties_own_reports_overdue_first(client, world, monthly, october):
    response = as_user(client, world, "huangyufang").get(reverse("reports:inbox"))

    assert response.status_code == 200
    assert inbox_rows(response, "to-fill") == [
        ("鲤城区妇联", "2012-10", "missing"),
        ("鲤城区妇联", "2012-11", "missing"),
    ]
    assert len(document(response).xpath("//*[@data-testid='to-fill']//*[@data-testid='overdue']")) == 2
    assert inbox_rows(response, "to-review") == []
    assert inbox_rows(response, "sent") == []
    assert reverse("reports:inbox") in [item["url"] for item in response.context["menu"]]


def test_a_sent_report_moves_to_sent_and_to_the_city_for_review(client, world, october):
    send(world, october)

    county = as_user(client, world, "huangyufang").get(reverse("reports:inbox"))
    assert inbox_rows(county, "to-fill") == [("鲤城区妇联", "2012-11", "missing")]
    assert inbox_rows(county, "sent") == [("鲤城区妇联", "2012-10", "submitted")]
    # Sent today, years after its due date.
    assert document(county).xpath("//*[@data-testid='sent']//*[@data-testid='late']")

    city = as_user(client, world, "liuweihong").get(reverse("reports:inbox"))
    assert inbox_rows(city, "to-review") == [("鲤城区妇联", "2012-10", "submitted")]
    # Her own department's report is hers to fill; the counties' are not.
    assert inbox_rows(city, "to-fill") == [("办公室", "2012-10", "missing"), ("办公室", "2012-11", "missing")]


def test_a_returned_report_comes_back_to_fill_with_its_badge(client, world, october):
    send(world, october)
    services.review(user=world.user("liuweihong"), submission=october, action="return", comment="请补充。")

    response = as_user(client, world, "huangyufang").get(reverse("reports:inbox"))

    assert inbox_rows(response, "to-fill")[0] == ("鲤城区妇联", "2012-10", "returned")
    assert inbox_rows(as_user(client, world, "liuweihong").get(reverse("reports:inbox")), "to-review") == []


def test_the_inbox_is_paginated_per_section(client, world, monthly, monkeypatch):
    monkeypatch.setattr(report_views, "INBOX_PAGE_SIZE", 5)
    ensure_expected(monthly, until=datetime.date(2013, 8, 31))  # eleven months: three pages
    months = [f"2012-{month}" for month in (10, 11, 12)] + [f"2013-{month:02d}" for month in range(1, 9)]

    first = as_user(client, world, "huangyufang").get(reverse("reports:inbox"), {"sent": 1})
    second = client.get(reverse("reports:inbox") + first.context["to_fill"].next_query)

    assert first.context["to_fill"].page.paginator.count == 11
    assert [period for _r, period, _s in inbox_rows(first, "to-fill")] == months[:5]
    assert first.context["to_fill"].next_query == "?sent=1&fill=2"
    assert [period for _r, period, _s in inbox_rows(second, "to-fill")] == months[5:10]
    assert second.context["to_fill"].previous_query == "?sent=1&fill=1"


def test_a_department_fills_its_own_report_and_the_city_office_reviews_it(client, world, monthly):
    publicity = Submission.objects.get(definition=monthly, period="2012-10", department__name="宣传部")
    staff = world.user_of("林晖")  # 宣传部's head, a department grant on the city

    inbox = as_user(client, world, staff.username).get(reverse("reports:inbox"))
    assert inbox_rows(inbox, "to-fill") == [("宣传部", "2012-10", "missing"), ("宣传部", "2012-11", "missing")]
    assert document(client.get(url("submission", publicity.pk))).xpath("//*[@data-testid='report-form']")
    services.photo_add(user=staff, submission=publicity, field_key="photos", upload=jpeg())
    assert client.post(url("submit", publicity.pk), values(GOOD, 0)).status_code == 302

    city = as_user(client, world, "liuweihong").get(reverse("reports:inbox"))
    assert inbox_rows(city, "to-review") == [("宣传部", "2012-10", "submitted")]


# --- the loop through the pages ---------------------------------------------------------------------


def test_fill_submit_return_fix_and_accept_through_the_pages(client, world, october):
    page = url("submission", october.pk)
    as_user(client, world, "huangyufang")
    form_page = client.get(page)
    photo_input = document(form_page).get_element_by_id("id_photos-photo")
    assert (photo_input.get("accept"), photo_input.get("capture"), photo_input.get("form")) == (
        "image/*",
        "environment",
        "photo-form-photos",
    )
    trained = document(form_page).get_element_by_id("id_values-trained")
    assert (trained.get("type"), trained.get("min"), trained.get("step")) == ("number", "0", "1")

    saved = client.post(url("draft", october.pk), values(GOOD, october.version), headers={"HX-Request": "true"})
    assert saved.status_code == 200
    assert 'id="report-version"' in saved.content.decode()
    version = Submission.objects.get(pk=october.pk).version
    added = client.post(
        url("photo_add", october.pk), {"field_key": "photos", "photos-photo": jpeg(), "photos-caption": "现场"}
    )
    assert added.status_code == 302
    sent = client.post(url("submit", october.pk), values(GOOD, version))
    assert sent.status_code == 302
    assert state(october)[:2] == (SubmissionStatus.SUBMITTED, GOOD)

    as_user(client, world, "liuweihong")
    review_page = document(client.get(page))
    assert review_page.xpath("//*[@data-testid='review']//button/@value") == ["accept", "return"]
    assert review_page.xpath("//*[@data-testid='report-form']") == []
    version = Submission.objects.get(pk=october.pk).version
    returned = client.post(
        url("review", october.pk),
        {"review-action": "return", "review-comment": "请补充培训人数来源。", "review-version": version},
    )
    assert returned.status_code == 302
    assert state(october)[0] == SubmissionStatus.RETURNED

    as_user(client, world, "huangyufang")
    assert "请补充培训人数来源。" in document(client.get(page)).xpath("string(//*[@data-testid='history'])")
    fixed = client.post(url("submit", october.pk), values(GOOD | {"trained": "45"}, state(october)[2]))
    assert fixed.status_code == 302

    as_user(client, world, "liuweihong")
    accepted = client.post(
        url("review", october.pk), {"review-action": "accept", "review-version": state(october)[2]}, follow=True
    )
    assert gettext("Report accepted.") in accepted.content.decode()
    assert state(october)[:2] == (SubmissionStatus.ACCEPTED, GOOD | {"trained": "45"})
    assert document(accepted).xpath("//*[@data-testid='review']//button/@value") == ["reopen"]
    assert document(accepted).xpath("//*[@data-testid='event']/@data-action") == [
        "submit",
        "return",
        "submit",
        "accept",
    ]


def test_autosave_answers_with_the_time_each_fields_message_and_the_new_version(client, world, october):
    as_user(client, world, "huangyufang")

    response = client.post(
        url("draft", october.pk),
        values({"summary": "草稿", "trained": "-3", "placed": ""}, 0),
        headers={"HX-Request": "true"},
    )

    fragment = lxml.html.fragment_fromstring(response.content.decode(), create_parent="div")
    assert fragment.get_element_by_id("error-trained").text_content() == gettext("At least %(min)s.") % {"min": "0"}
    assert fragment.get_element_by_id("error-summary").text_content() == ""
    assert fragment.get_element_by_id("report-version").get("value") == "1"
    assert fragment.xpath("//*[@data-testid='autosave-saved']")
    assert state(october)[:3] == (SubmissionStatus.DRAFT, {"summary": "草稿"}, 1)


def test_autosave_from_a_stale_page_is_told_to_reload_and_keeps_nothing(client, world, october):
    services.draft_save(user=world.user("huangyufang"), submission=october, raw={"summary": "另一页"})
    before = state(october)

    response = as_user(client, world, "huangyufang").post(
        url("draft", october.pk), values({"summary": "旧页"}, 0), headers={"HX-Request": "true"}
    )

    assert (
        gettext("Someone else changed this report meanwhile; reload the page and try again.")
        in response.content.decode()
    )
    assert state(october) == before


def test_save_draft_without_javascript_comes_back_to_the_page(client, world, october):
    response = as_user(client, world, "huangyufang").post(
        url("draft", october.pk), values({"summary": "草稿"}), follow=True
    )

    assert gettext("Draft saved.") in response.content.decode()
    assert document(response).get_element_by_id("id_values-summary").text_content().strip() == "草稿"


def test_save_draft_without_javascript_shows_what_was_not_kept(client, world, october):
    response = as_user(client, world, "huangyufang").post(
        url("draft", october.pk), values({"summary": "草稿", "trained": "-1"}, 0)
    )

    assert field_error(response, "values-trained") == gettext("At least %(min)s.") % {"min": "0"}
    assert state(october)[:2] == (SubmissionStatus.DRAFT, {"summary": "草稿"})


# --- bad input --------------------------------------------------------------------------------------


RULE = "%(left)s must be %(comparison)s %(right)s."
BAD_VALUES = [
    ({"trained": "-1"}, "trained", "At least %(min)s.", {"min": "0"}),
    ({"summary": ""}, "summary", "This field is required.", {}),
    ({"placed": "50"}, "placed", RULE, {"left": "就业人数", "comparison": "≤", "right": "培训人数"}),
]


@pytest.mark.parametrize(("change", "field", "message", "params"), BAD_VALUES, ids=["range", "required", "rule"])
def test_a_bad_value_is_shown_next_to_its_field_and_nothing_is_saved(
    client, world, october, change, field, message, params
):
    services.photo_add(user=world.user("huangyufang"), submission=october, field_key="photos", upload=jpeg())
    before = state(october)

    response = as_user(client, world, "huangyufang").post(url("submit", october.pk), values(GOOD | change, 0))

    assert response.status_code == 200
    assert field_error(response, f"values-{field}") == gettext(message) % params
    assert state(october) == before


def test_a_missing_photo_is_shown_next_to_the_photo_field(client, world, october):
    before = state(october)

    response = as_user(client, world, "huangyufang").post(url("submit", october.pk), values(GOOD, 0))

    assert response.status_code == 200
    assert field_error(response, "photos-photo") == gettext("Add at least one.")
    assert field_error(response, "values-summary") == ""
    assert state(october) == before


def test_a_file_that_is_not_an_image_is_refused_in_chinese_next_to_the_photo_field(client, world, october):
    fake = SimpleUploadedFile("p.jpg", b"not an image", content_type="image/jpeg")

    response = as_user(client, world, "huangyufang").post(
        url("photo_add", october.pk), {"field_key": "photos", "photos-photo": fake, "photos-caption": "现场"}
    )

    assert response.status_code == 200
    message = field_error(response, "photos-photo")
    assert message == gettext("“%(name)s” is not a readable image.") % {"name": "p.jpg"}
    assert CJK.search(message)  # the catalogue's Chinese
    assert not SubmissionPhoto.objects.exists()


def test_an_upload_to_a_field_that_takes_no_photos_is_404(client, world, october):
    response = as_user(client, world, "huangyufang").post(
        url("photo_add", october.pk), {"field_key": "summary", "summary-photo": jpeg()}
    )

    assert response.status_code == 404
    assert not SubmissionPhoto.objects.exists()


def test_a_photo_is_required_to_upload(client, world, october):
    response = as_user(client, world, "huangyufang").post(url("photo_add", october.pk), {"field_key": "photos"})

    assert field_error(response, "photos-photo") == gettext("Choose a photo.")
    assert not SubmissionPhoto.objects.exists()


def test_a_return_needs_a_comment_next_to_the_box(client, world, october):
    send(world, october)
    before = state(october)

    response = as_user(client, world, "liuweihong").post(
        url("review", october.pk), {"review-action": "return", "review-comment": " ", "review-version": before[2]}
    )

    assert response.status_code == 200
    assert field_error(response, "review-comment") == gettext("Say what should be changed.")
    assert state(october) == before


def test_the_second_of_two_reviewers_is_told_what_happened(client, world, october):
    send(world, october)
    seen = state(october)[2]  # both loaded the page at this version
    as_user(client, world, "liuweihong").post(
        url("review", october.pk), {"review-action": "accept", "review-version": seen}
    )

    response = client.post(
        url("review", october.pk),
        {"review-action": "return", "review-comment": "退回", "review-version": seen},
        follow=True,
    )

    assert response.status_code == 200
    assert (
        gettext("Someone else changed this report meanwhile; reload the page and try again.")
        in response.content.decode()
    )
    assert state(october)[0] == SubmissionStatus.ACCEPTED
    assert ReviewEvent.objects.filter(submission=october, action__in=["accept", "return"]).count() == 1


def test_a_sent_report_can_no_longer_be_changed_from_an_old_page(client, world, october):
    send(world, october)
    before = state(october)

    response = as_user(client, world, "huangyufang").post(
        url("submit", october.pk), values(GOOD | {"trained": "99"}), follow=True
    )

    assert gettext("This report has been sent and can no longer be changed.") in response.content.decode()
    assert state(october) == before


# --- photos -----------------------------------------------------------------------------------------


def test_photos_are_served_after_the_scope_check_and_removed_by_the_sender(client, world, october):
    photo = services.photo_add(
        user=world.user("huangyufang"), submission=october, field_key="photos", upload=jpeg(), caption="现场"
    )
    as_user(client, world, "huangyufang")

    full = client.get(url("photo", photo.pk))
    thumb = client.get(url("photo", photo.pk), {"size": "thumb"})

    assert (full.status_code, full["Content-Type"], full["Cache-Control"]) == (
        200,
        "image/jpeg",
        "private, max-age=3600",
    )
    assert b"".join(thumb.streaming_content) == photo.thumbnail.open("rb").read()
    assert as_user(client, world, "liuweihong").get(url("photo", photo.pk)).status_code == 200
    as_user(client, world, "huangyufang").post(url("photo_remove", photo.pk))
    assert not SubmissionPhoto.objects.exists()


# --- who sees what ----------------------------------------------------------------------------------


def test_a_sibling_county_gets_404_on_every_page_and_photo(client, world, october):
    photo = services.photo_add(user=world.user("huangyufang"), submission=october, field_key="photos", upload=jpeg())
    before = state(october)
    as_user(client, world, "wangshaorong")

    assert client.get(url("submission", october.pk)).status_code == 404
    assert client.get(url("photo", photo.pk)).status_code == 404
    assert client.get(url("photo", photo.pk), {"size": "thumb"}).status_code == 404
    for name in ("draft", "submit", "photo_add", "review", "comment", "highlight"):
        assert client.post(url(name, october.pk), values(GOOD) | {"review-action": "accept"}).status_code == 404, name
    assert client.post(url("photo_remove", photo.pk)).status_code == 404
    assert state(october) == before
    assert october.pk not in [row.pk for row in client.get(reverse("reports:inbox")).context["to_review"].page]


def test_who_may_not_act_gets_403_and_nothing_changes(client, world, october):
    before = state(october)

    leader = as_user(client, world, "liangyuhua")
    assert leader.post(url("submit", october.pk), values(GOOD)).status_code == 403
    assert leader.post(url("review", october.pk), {"review-action": "accept"}).status_code == 403
    county = as_user(client, world, "huangyufang")
    assert county.post(url("comment", october.pk), {"remark-comment": "自评"}).status_code == 403
    assert state(october) == before


def test_a_leader_reads_comments_and_marks_a_highlight(client, world, october):
    send(world, october)
    page = as_user(client, world, "liangyuhua").get(url("submission", october.pk))
    assert document(page).xpath("//*[@data-testid='report-form'] | //*[@data-testid='review']") == []
    assert document(page).xpath("//*[@data-testid='values']//dd[@data-key='trained']")[0].text_content().split() == [
        "40",
        "人",
    ]
    assert len(document(page).xpath("//*[@data-testid='values']//*[@data-testid='photo']")) == 1

    empty = client.post(url("comment", october.pk), {"remark-comment": ""})
    assert field_error(empty, "remark-comment") == gettext("Write a comment.")
    client.post(url("comment", october.pk), {"remark-comment": "经验做法值得推广。"})
    marked = client.post(
        url("highlight", october.pk), {"highlight-on": "on", "highlight-note": "维权周亮点"}, follow=True
    )

    fresh = Submission.objects.get(pk=october.pk)
    assert (fresh.is_highlight, fresh.highlight_note) == (True, "维权周亮点")
    assert document(marked).xpath("//*[@data-testid='event']/@data-action") == ["submit", "comment", "highlight"]
    assert document(marked).xpath("string(//*[@data-testid='highlight-note'])") == "维权周亮点"


def test_a_draft_cannot_be_a_highlight(client, world, october):
    services.draft_save(user=world.user("huangyufang"), submission=october, raw={"summary": "草稿"})
    before = state(october)

    response = as_user(client, world, "liuweihong").post(
        url("highlight", october.pk), {"highlight-on": "on"}, follow=True
    )

    assert gettext("Only a report that has been sent can be a highlight.") in response.content.decode()
    assert state(october) == before


def test_pages_need_a_login(client, world, october):
    for target in (reverse("reports:inbox"), url("submission", october.pk)):
        response = client.get(target)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# --- query counts -----------------------------------------------------------------------------------


def _grow(world, monthly: ReportDefinition) -> None:  # type: ignore[no-untyped-def]
    """More of everything the pages list: months to fill and to review, photos, history."""
    ensure_expected(monthly, until=datetime.date(2013, 8, 31))
    reporter, reviewer = world.user("huangyufang"), world.user("liuweihong")
    for submission in Submission.objects.filter(
        definition=monthly, unit=world.unit("鲤城区妇联"), period__gt="2012-11"
    )[:5]:
        send(world, submission)
    october = Submission.objects.get(definition=monthly, unit=world.unit("鲤城区妇联"), period="2012-10")
    was_sent = october.status == SubmissionStatus.SUBMITTED
    if was_sent:
        services.review(user=reviewer, submission=october, action="return", comment="请补充。")
    for index in range(3):
        services.photo_add(user=reporter, submission=october, field_key="photos", upload=jpeg(), caption=f"照片{index}")
    services.comment(user=reviewer, submission=october, text="很好")
    if was_sent:
        services.submit(user=reporter, submission=october, raw=GOOD)
    second = monthly_report(world)
    ensure_expected(second, until=datetime.date(2012, 11, 30))


def _ready(world, october: Submission, username: str) -> None:  # type: ignore[no-untyped-def]
    """Something in every list of the inbox and every part of the page for `username`."""
    send(world, Submission.objects.get(definition=october.definition, unit=october.unit, period="2012-11"))
    services.photo_add(user=world.user("huangyufang"), submission=october, field_key="photos", upload=jpeg())
    if username == "liuweihong":
        send(world, october)


PINNED = [
    ("huangyufang", "inbox", 14),
    ("liuweihong", "inbox", 14),
    ("huangyufang", "submission", 12),
    ("liuweihong", "submission", 12),
]


@pytest.mark.parametrize(("username", "page", "queries"), PINNED, ids=[f"{u}-{p}" for u, p, _q in PINNED])
def test_query_count_is_pinned_whatever_the_data_size(
    client, world, monthly, october, django_assert_num_queries, username, page, queries
):
    _ready(world, october, username)
    client.force_login(world.user(username))
    target = reverse("reports:inbox") if page == "inbox" else url("submission", october.pk)
    client.get(target)

    with django_assert_num_queries(queries):
        client.get(target)

    _grow(world, monthly)
    assert count_queries(client, target) == queries
