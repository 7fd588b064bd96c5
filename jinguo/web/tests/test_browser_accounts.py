"""A grassroots user on a phone: log in by mobile, open the menu, find a colleague by pinyin initials."""

import pytest

from jinguo.conftest import DEMO_PASSWORD
from jinguo.org.models import Person
from jinguo.web.tests.conftest import login, no_horizontal_scroll, screenshot

pytestmark = [pytest.mark.live, pytest.mark.browser]


def test_log_in_by_mobile_and_find_a_colleague_on_a_phone(phone_page, live_server, live_world):
    page = phone_page
    chair = live_world.village_user("鲤城区妇联")
    officer = Person.objects.get(unit=chair.person.unit, positions__kind="information_officer")

    login(page, live_server, chair.mobile, DEMO_PASSWORD)
    assert no_horizontal_scroll(page)

    menu = page.locator("#mainmenu")
    assert not menu.is_visible()  # at 375 px the navbar is collapsed behind the toggler
    page.locator("button.navbar-toggler").click()
    menu.wait_for(state="visible")
    screenshot(page, "accounts-menu-open")
    menu.locator("a[href='/org/people/']").click()
    page.wait_for_url(f"{live_server.url}/org/people/")

    page.fill("input[name=q]", officer.name_initials)  # htmx searches as she types
    page.wait_for_url(f"{live_server.url}/org/people/?q={officer.name_initials}")  # and pushes the search URL
    result = page.locator("#person-rows a", has_text=officer.name)
    result.wait_for()
    assert (
        page.locator("#person-rows tbody tr").count()
        == Person.objects.filter(unit=chair.person.unit, name_initials__startswith=officer.name_initials).count()
    )
    screenshot(page, "accounts-people-search")
    assert no_horizontal_scroll(page)

    result.click()
    page.wait_for_url(f"{live_server.url}/org/people/{officer.pk}/")
    assert page.locator("h1").inner_text() == officer.name
    screenshot(page, "accounts-person")
    assert no_horizontal_scroll(page)


def test_wrong_password_shows_the_error_and_stays_on_the_login_page(page, live_server, live_world):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "liangyuhua")
    page.fill("#id_password", "not-her-password-1")
    page.click("button[type=submit]")

    error = page.locator("form [role=alert]")
    error.wait_for()
    assert error.inner_text().strip()
    assert page.url.startswith(f"{live_server.url}/accounts/login/")
    assert page.input_value("#id_username") == "liangyuhua" and page.input_value("#id_password") == ""
    screenshot(page, "accounts-wrong-password")
    assert no_horizontal_scroll(page)


def test_log_out_from_the_phone_menu(phone_page, live_server, live_world):
    page = phone_page
    login(page, live_server, "huangyufang", DEMO_PASSWORD)

    page.locator("button.navbar-toggler").click()
    page.locator("#mainmenu .dropdown-toggle").click()
    page.locator("#mainmenu form[action='/accounts/logout/'] button").click()

    page.wait_for_url(f"{live_server.url}/accounts/login/")
    page.goto(f"{live_server.url}/org/")
    assert page.url.startswith(f"{live_server.url}/accounts/login/?next=")
