"""The monthly report on a phone: the county fills it (autosaved) and sends it with a photo from the
camera, the city returns it with a comment, the county fixes and sends it again, the city accepts."""

import datetime

import pytest
from PIL import Image

from jinguo.reporting.expected import ensure_expected
from jinguo.reporting.models import Submission, SubmissionStatus
from jinguo.reporting.tests.factories import monthly_report
from jinguo.web.tests.conftest import no_horizontal_scroll, screenshot
from jinguo.web.tests.test_browser_plans import assert_image_loads, switch_user

pytestmark = [pytest.mark.live, pytest.mark.browser]


def shown_status(page) -> str:  # type: ignore[no-untyped-def]
    return page.get_by_test_id("status").locator("[data-status]").get_attribute("data-status")


def autosave(page, selector: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type into a field and leave it, then wait for the page to say the draft was saved."""
    page.get_by_test_id("autosave-status").evaluate("node => node.replaceChildren()")
    page.fill(selector, text)
    page.locator(selector).blur()
    page.get_by_test_id("autosave-saved").wait_for()


def check_phone_layout(page, name: str) -> None:  # type: ignore[no-untyped-def]
    screenshot(page, name)
    assert no_horizontal_scroll(page)


def test_fill_send_return_fix_and_accept_on_a_phone(phone_page, live_server, live_world, tmp_path):
    page = phone_page
    definition = monthly_report(live_world)
    ensure_expected(definition, until=datetime.date(2012, 10, 31))
    october = Submission.objects.get(definition=definition, unit=live_world.unit("鲤城区妇联"))
    submission_url = f"{live_server.url}/reports/{october.pk}/"
    photo = tmp_path / "rights-week.png"
    Image.new("RGB", (640, 480), (179, 36, 46)).save(photo)

    switch_user(page, live_server, "huangyufang")
    page.goto(f"{live_server.url}/reports/")
    row = page.get_by_test_id("to-fill").locator(f"[data-testid=inbox-row][data-pk='{october.pk}']")
    assert row.get_by_test_id("overdue").count() == 1
    check_phone_layout(page, "reports-inbox")
    row.click()
    page.wait_for_url(submission_url)
    assert page.locator("#id_photos-photo").get_attribute("capture") == "environment"

    autosave(page, "#id_values-summary", "开展“三八”维权周活动三场。")
    autosave(page, "#id_values-trained", "40")
    autosave(page, "#id_values-placed", "12")
    assert Submission.objects.get(pk=october.pk).values == {
        "summary": "开展“三八”维权周活动三场。",
        "trained": "40",
        "placed": "12",
    }
    page.set_input_files("#id_photos-photo", str(photo))
    page.fill("#id_photos-caption", "维权周现场")
    check_phone_layout(page, "reports-fill")
    page.get_by_test_id("upload-photo").click()
    page.wait_for_url(f"{submission_url}#field-photos")
    assert_image_loads(page, page.get_by_test_id("photo-field").locator("img"))
    assert page.input_value("#id_values-trained") == "40"  # the draft came back with the page
    page.get_by_test_id("submit").click()
    page.wait_for_url(submission_url)
    assert shown_status(page) == SubmissionStatus.SUBMITTED
    check_phone_layout(page, "reports-sent")

    switch_user(page, live_server, "liuweihong")
    page.goto(submission_url)
    assert page.get_by_test_id("values").locator("dd[data-key=trained]").inner_text().split() == ["40", "人"]
    page.fill("#id_review-comment", "请补充培训人数的来源。")
    check_phone_layout(page, "reports-review")
    page.get_by_test_id("review-return").click()
    page.wait_for_url(f"{submission_url}#review")
    assert shown_status(page) == SubmissionStatus.RETURNED

    switch_user(page, live_server, "huangyufang")
    page.goto(submission_url)
    assert "请补充培训人数的来源。" in page.get_by_test_id("history").inner_text()
    autosave(page, "#id_values-trained", "45")
    check_phone_layout(page, "reports-fix")
    page.get_by_test_id("submit").click()
    page.wait_for_url(submission_url)
    assert shown_status(page) == SubmissionStatus.SUBMITTED

    switch_user(page, live_server, "liuweihong")
    page.goto(submission_url)
    page.get_by_test_id("review-accept").click()
    page.wait_for_url(f"{submission_url}#review")
    assert shown_status(page) == SubmissionStatus.ACCEPTED
    assert page.get_by_test_id("review").get_by_test_id("review-reopen").count() == 1
    check_phone_layout(page, "reports-accepted")
    fresh = Submission.objects.get(pk=october.pk)
    assert (fresh.status, fresh.values["trained"], fresh.photos.count()) == (SubmissionStatus.ACCEPTED, "45", 1)
    actions = list(fresh.events.values_list("action", flat=True))
    assert actions == ["submit", "return", "submit", "accept"]
