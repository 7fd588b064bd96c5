"""Import people from Excel in a real browser, at desktop and phone widths: a good file, then a bad one."""

import pytest

from jinguo.conftest import DEMO_PASSWORD
from jinguo.org.models import Person
from jinguo.org.tests.spreadsheets import PEOPLE_HEADER, id_number, workbook_rows, xlsx_bytes
from jinguo.web.tests.conftest import login, no_horizontal_scroll, screenshot

pytestmark = [pytest.mark.live, pytest.mark.browser]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GOOD = [
    PEOPLE_HEADER,
    ["陈美玲", "女", "13905951201", id_number(1), "妇联执委", "350502", "", "1"],
    ["林秀英", "女", "13905951202", "", "信息员", "350502001", "", "2"],
]
BAD = [
    PEOPLE_HEADER,
    ["周敏", "女", "13905951203", "", "", "350502", "", ""],
    ["吴芳", "女", "12345", "350502199001010010", "", "350502", "", ""],
    ["郑洁", "女", "", "", "", "不存在的单位", "", ""],
]


def _upload(page, name: str, rows) -> None:  # type: ignore[no-untyped-def]
    page.locator("#id_file").set_input_files(files=[{"name": name, "mimeType": XLSX, "buffer": xlsx_bytes(rows)}])
    page.locator("#import-submit").click()


def test_import_people_good_then_bad(page, live_server, live_world):
    login(page, live_server, "huangyufang", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/org/import/")
    assert page.get_by_test_id("import-form").is_visible()
    screenshot(page, "import-page")
    assert no_horizontal_scroll(page)

    _upload(page, "people.xlsx", GOOD)
    status = page.locator("[data-testid=job-status][data-status=succeeded]")
    status.wait_for()
    assert "2" in status.get_by_test_id("job-message").inner_text()
    assert sorted(Person.objects.filter(name__in=["陈美玲", "林秀英"]).values_list("name", flat=True)) == [
        "林秀英",
        "陈美玲",
    ]
    screenshot(page, "import-succeeded")
    assert no_horizontal_scroll(page)

    _upload(page, "people-bad.xlsx", BAD)
    status = page.locator("[data-testid=job-status][data-status=failed]")
    status.wait_for()
    errors = status.get_by_test_id("job-errors")
    assert errors.locator("tbody tr").count() == 3
    assert [cell.strip() for cell in errors.locator("tbody tr td:first-child").all_inner_texts()] == ["3", "3", "4"]
    assert not Person.objects.filter(name="周敏").exists()  # the good row of a bad file is not saved
    screenshot(page, "import-refused")
    assert no_horizontal_scroll(page)

    with page.expect_download() as download_info:
        status.get_by_test_id("job-download").click()
    listed = workbook_rows(download_info.value.path().read_bytes())
    assert [row[:2] for row in listed] == [("行", "列"), (3, "手机号"), (3, "身份证号"), (4, "所属单位")]


def test_a_non_spreadsheet_is_refused_next_to_the_field(phone_page, live_server, live_world):
    page = phone_page
    login(page, live_server, "huangyufang", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/org/import/")
    page.locator("#id_file").set_input_files(
        files=[{"name": "scan.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 a scan"}]
    )
    page.locator("#import-submit").click()

    feedback = page.locator("#import-form .invalid-feedback")
    feedback.wait_for()
    assert feedback.inner_text().strip()
    screenshot(page, "import-not-a-spreadsheet")
    assert no_horizontal_scroll(page)
