"""Log in and browse the tree in a real browser, at desktop and phone widths."""

import pytest

from jinguo.conftest import DEMO_PASSWORD
from jinguo.web.tests.conftest import login, no_horizontal_scroll, screenshot

pytestmark = [pytest.mark.live, pytest.mark.browser]


def test_login_and_browse_the_tree(page, live_server, live_world):
    login(page, live_server, "huangyufang", DEMO_PASSWORD)
    screenshot(page, "home")
    assert no_horizontal_scroll(page)

    page.goto(f"{live_server.url}/org/")
    tree = page.get_by_test_id("tree")
    assert tree.get_by_role("link", name="鲤城区妇联").is_visible()
    assert tree.get_by_role("link", name="丰泽区妇联").count() == 0  # a sibling county is out of reach
    tree.get_by_role("button", name="展开 鲤城区妇联").click()
    first_township = tree.locator(".jg-children a").first
    first_township.wait_for()
    screenshot(page, "tree-expanded")
    assert no_horizontal_scroll(page)

    first_township.click()
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text().endswith("妇联")
    screenshot(page, "unit-page")
    assert no_horizontal_scroll(page)
