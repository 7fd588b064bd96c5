"""Browser fixtures: Playwright driving Debian's chromium against the live server.

Screenshots go to test-artifacts/screenshots/ (desktop and 375 px phone widths).
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("JINGUO_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "screenshots"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 740}}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"chromium not found at {CHROMIUM}: run `make system-deps`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _new_page(browser, viewport: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        viewport=VIEWPORTS[viewport], locale="zh-CN", is_mobile=viewport == "phone", has_touch=viewport == "phone"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


@pytest.fixture(params=["desktop", "phone"])
def page(request, browser):  # type: ignore[no-untyped-def]
    """A fresh page at each viewport; `page.viewport_name` says which."""
    context, page = _new_page(browser, request.param)
    page.viewport_name = request.param
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):  # type: ignore[no-untyped-def]
    context, page = _new_page(browser, "phone")
    page.viewport_name = "phone"
    yield page
    context.close()


def screenshot(page, name: str) -> Path:  # type: ignore[no-untyped-def]
    """Save a full-page screenshot as a test artifact, named by test step and viewport."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}-{getattr(page, 'viewport_name', 'page')}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def login(page, live_server, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def no_horizontal_scroll(page) -> bool:  # type: ignore[no-untyped-def]
    """At 375 px nothing may push the page wider than the screen."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
