"""The supervision loop on a phone: the responsible person reports with a photo from the camera,
the supervising leader accepts, and the plan's dashboard changes; a county declares a township's
feature project and reports on it."""

import pytest
from PIL import Image

from jinguo.conftest import DEMO_PASSWORD
from jinguo.org.models import OrgUnit
from jinguo.plans import selectors
from jinguo.plans.models import FeatureProject, Plan, Task
from jinguo.web.tests.conftest import login, no_horizontal_scroll, screenshot

pytestmark = [pytest.mark.live, pytest.mark.browser]


def dashboard_numbers(page, live_server, plan: Plan) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    """(overdue, done, overall progress) as the dashboard shows them."""
    page.goto(f"{live_server.url}/plans/{plan.pk}/dashboard/")
    counts = page.get_by_test_id("status-counts")
    overdue = int(counts.locator("div.fs-4[data-status=overdue]").inner_text())
    done = int(counts.locator("div.fs-4[data-status=done]").inner_text())
    progress = int(page.get_by_test_id("plan-progress").inner_text().rstrip("%"))
    return overdue, done, progress


def assert_image_loads(page, image) -> None:  # type: ignore[no-untyped-def]
    """The thumbnail comes through the attachment view and decodes (lazy images load once in view)."""
    image.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())


def switch_user(page, live_server, username: str) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    login(page, live_server, username, DEMO_PASSWORD)


def test_report_with_a_photo_on_a_phone_then_the_leader_accepts(phone_page, live_server, live_world, tmp_path):
    page = phone_page
    plan = Plan.objects.get(doc_number="泉妇〔2012〕39号")
    twelve = Task.objects.get(plan=plan, number="（12）")
    leader = live_world.user("dingweihua")
    photo = tmp_path / "women-home.png"
    Image.new("RGB", (640, 480), (179, 36, 46)).save(photo)
    task_url = f"{live_server.url}/plans/tasks/{twelve.pk}/"

    login(page, live_server, "liuweihong", DEMO_PASSWORD)
    overdue_before, done_before, progress_before = dashboard_numbers(page, live_server, plan)
    page.goto(task_url)
    assert page.get_by_test_id("task-status").locator("[data-status]").get_attribute("data-status") == "overdue"
    assert page.get_by_test_id("accept").count() == 0  # the responsible person cannot accept her own task
    screenshot(page, "plans-task-overdue")
    assert no_horizontal_scroll(page)

    page.get_by_test_id("report-progress").click()
    page.wait_for_url(f"{task_url}updates/new/")
    assert page.locator("#id_photos").get_attribute("capture") == "environment"
    page.fill("#id_text", "全市妇女之家全部挂牌运行。")
    page.fill("#id_percent", "100")
    page.set_input_files("#id_photos", str(photo))
    screenshot(page, "plans-update-form")
    assert no_horizontal_scroll(page)
    page.get_by_test_id("update-form").locator("button[type=submit]").click()
    page.wait_for_url(task_url)

    newest = page.get_by_test_id("update").first
    assert "全市妇女之家全部挂牌运行。" in newest.inner_text()
    thumbnail = newest.get_by_test_id("photos").locator("img")
    assert_image_loads(page, thumbnail)
    assert page.get_by_test_id("latest-percent").inner_text().strip() == "100%"
    screenshot(page, "plans-task-reported")
    assert no_horizontal_scroll(page)

    switch_user(page, live_server, leader.username)
    page.goto(task_url)
    page.get_by_test_id("accept").click()
    page.wait_for_url(task_url)
    assert page.get_by_test_id("task-status").locator("[data-status]").get_attribute("data-status") == "done"
    assert page.get_by_test_id("accept").count() == 0
    assert "丁为华" in page.get_by_test_id("accepted").inner_text()
    screenshot(page, "plans-task-accepted")
    assert no_horizontal_scroll(page)

    overdue_after, done_after, progress_after = dashboard_numbers(page, live_server, plan)
    assert (overdue_after, done_after) == (overdue_before - 1, done_before + 1)
    assert progress_after > progress_before
    assert page.get_by_test_id("overdue").locator(f"a[href='/plans/tasks/{twelve.pk}/']").count() == 0
    rows = selectors.task_tree(user=leader, plan=plan)
    counts = selectors.status_counts(rows)
    assert (counts["overdue"], counts["done"], selectors.plan_progress(rows)) == (
        overdue_after,
        done_after,
        progress_after,
    )
    screenshot(page, "plans-dashboard-after")
    assert no_horizontal_scroll(page)


def test_a_county_declares_a_township_feature_and_reports_on_it_on_a_phone(
    phone_page, live_server, live_world, tmp_path
):
    page = phone_page
    plan = Plan.objects.get(doc_number="泉妇〔2012〕39号")
    township = OrgUnit.objects.get_children(live_world.unit("鲤城区妇联")).order_by("path").first()
    assert township is not None
    photo = tmp_path / "class.png"
    Image.new("RGB", (480, 640), (20, 120, 60)).save(photo)

    login(page, live_server, "huangyufang", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/plans/{plan.pk}/projects/declare/")
    page.select_option("#id_unit", str(township.pk))
    page.select_option("#id_level", "township_feature")
    page.fill("#id_name", "巾帼家政培训")
    page.fill("#id_targets", "年内培训家政服务员100人。")
    screenshot(page, "plans-project-declare")
    assert no_horizontal_scroll(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/plans/projects/*/")

    project = FeatureProject.objects.get(plan=plan, declared_by=township)
    assert (project.name, project.level) == ("巾帼家政培训", "township_feature")
    page.get_by_test_id("report-progress").click()
    page.fill("#id_text", "第一期培训结业。")
    page.fill("#id_percent", "30")
    page.set_input_files("#id_photos", str(photo))
    page.get_by_test_id("update-form").locator("button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/plans/projects/{project.pk}/")

    assert page.get_by_test_id("latest-percent").inner_text().strip() == "30%"
    thumbnail = page.get_by_test_id("update").first.get_by_test_id("photos").locator("img")
    assert_image_loads(page, thumbnail)
    screenshot(page, "plans-project-reported")
    assert no_horizontal_scroll(page)
