"""The notification pages and the bell: each user sees and opens only their own notifications, newest
first and paged; opening one marks it read and goes to its page; the bell costs one query a page."""

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jinguo.accounts.models import User
from jinguo.conftest import DEMO_PASSWORD
from jinguo.notifications import services
from jinguo.notifications.models import Notification, NotificationKind
from jinguo.plans import services as plan_services
from jinguo.plans.models import CommentKind, Plan, Task
from jinguo.web.tests.conftest import login, no_horizontal_scroll, screenshot
from jinguo.web.tests.test_pages import count_queries
from jinguo.web.views.notifications import NOTIFICATIONS_PAGE_SIZE

pytestmark = pytest.mark.django_db

# session, user, page count, grants (menu), bell, the viewer's person (top bar), the page, session save (3)
LIST_QUERIES = 10


def send(recipient, *, title: str = "（12） 打造妇女之家平台", url: str = "/plans/", actor=None) -> Notification:  # type: ignore[no-untyped-def]
    (notification,) = services.notify(
        [recipient], kind=NotificationKind.INSTRUCTION, title=title, body="请补报。", url=url, actor=actor
    )
    return notification


def document(response):  # type: ignore[no-untyped-def]
    return lxml.html.fromstring(response.content.decode())


def bell(response) -> str:  # type: ignore[no-untyped-def]
    """The badge's text in the top bar ('' when there is no badge)."""
    badge = document(response).xpath("//*[@data-testid='notification-bell']//*[@data-testid='unread-count']")
    return badge[0].text.strip() if badge else ""


def read_at(notification: Notification):  # type: ignore[no-untyped-def]
    return Notification.objects.get(pk=notification.pk).read_at


# --- the list -------------------------------------------------------------------------------------


def test_the_list_shows_the_users_own_newest_first_with_the_unread_marked(client, world):
    liu = world.user("liuweihong")
    older = send(liu, title="较早", actor=world.user("dingweihua"))
    newer = send(liu, title="较新")
    send(world.user("linhui"), title="别人的")
    services.notification_mark_read(user=liu, notification=older)
    client.force_login(liu)

    response = client.get(reverse("notifications:list"))

    assert response.status_code == 200
    assert list(response.context["page"]) == [newer, older]
    items = document(response).xpath("//*[@data-testid='notifications']/a")
    assert [item.get("data-unread") for item in items] == ["true", "false"]
    assert ["list-group-item-warning" in item.get("class") for item in items] == [True, False]
    assert [item.get("href") for item in items] == [
        reverse("notifications:open", args=[newer.pk]),
        reverse("notifications:open", args=[older.pk]),
    ]
    assert "丁为华" in items[1].text_content() and "别人的" not in response.content.decode()
    assert bell(response) == "1"


def test_the_list_is_paged(client, world):
    liu = world.user("liuweihong")
    sent = [send(liu, title=f"第{index}条") for index in range(NOTIFICATIONS_PAGE_SIZE + 3)]
    client.force_login(liu)

    first = client.get(reverse("notifications:list"))
    second = client.get(reverse("notifications:list"), {"page": 2})

    assert [n.pk for n in first.context["page"]] == [n.pk for n in reversed(sent)][:NOTIFICATIONS_PAGE_SIZE]
    assert [n.pk for n in second.context["page"]] == [n.pk for n in reversed(sent)][NOTIFICATIONS_PAGE_SIZE:]


def test_an_empty_list_says_so_and_offers_no_mark_all(client, world):
    client.force_login(world.user("linhui"))
    response = client.get(reverse("notifications:list"))
    assert list(response.context["page"]) == []
    assert document(response).xpath("//*[@data-testid='read-all']") == []
    assert bell(response) == ""


def test_the_list_needs_a_login(client, world):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


# --- opening one ----------------------------------------------------------------------------------


def test_opening_marks_read_and_goes_to_its_page(client, world):
    liu = world.user("liuweihong")
    notification = send(liu, url="/plans/tasks/1/#open-instructions")
    client.force_login(liu)

    response = client.get(reverse("notifications:open", args=[notification.pk]))

    assert response.status_code == 302 and response.url == "/plans/tasks/1/#open-instructions"
    first = read_at(notification)
    assert first is not None
    client.get(reverse("notifications:open", args=[notification.pk]))
    assert read_at(notification) == first


@pytest.mark.parametrize("url", ["", "https://example.com/phish", "//example.com/"])
def test_opening_one_without_a_local_page_goes_back_to_the_list(client, world, url):
    liu = world.user("liuweihong")
    notification = send(liu, url=url)
    client.force_login(liu)

    response = client.get(reverse("notifications:open", args=[notification.pk]))

    assert response.status_code == 302 and response.url == reverse("notifications:list")
    assert read_at(notification) is not None


def test_another_users_notification_is_404_and_stays_unread(client, world):
    theirs = send(world.user("linhui"))
    client.force_login(world.user("liuweihong"))

    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("notifications:open", args=[999_999])).status_code == 404
    assert read_at(theirs) is None


# --- mark all read --------------------------------------------------------------------------------


def test_mark_all_read_marks_only_the_users_own(client, world):
    liu, lin = world.user("liuweihong"), world.user("linhui")
    mine = [send(liu), send(liu)]
    theirs = send(lin)
    client.force_login(liu)

    response = client.post(reverse("notifications:read_all"))

    assert response.status_code == 302 and response.url == reverse("notifications:list")
    assert all(read_at(n) is not None for n in mine) and read_at(theirs) is None
    assert bell(client.get(reverse("notifications:list"))) == ""


def test_mark_all_read_needs_post(client, world):
    liu = world.user("liuweihong")
    notification = send(liu)
    client.force_login(liu)
    assert client.get(reverse("notifications:read_all")).status_code == 405
    assert read_at(notification) is None


# --- the bell -------------------------------------------------------------------------------------


def test_an_instruction_lights_the_responsible_persons_bell(client, world):
    plan = Plan.objects.get(doc_number="泉妇〔2012〕39号")
    twelve = Task.objects.get(plan=plan, number="（12）")
    liu = world.user("liuweihong")
    client.force_login(liu)
    assert bell(client.get(reverse("home"))) == ""

    plan_services.comment_post(
        user=world.user("dingweihua"), task=twelve, text="请补报。", kind=CommentKind.INSTRUCTION
    )
    home = client.get(reverse("home"))

    assert bell(home) == "1"
    assert document(home).xpath("//*[@data-testid='notification-bell']/@href") == [reverse("notifications:list")]
    (notification,) = client.get(reverse("notifications:list")).context["page"]
    opened = client.get(reverse("notifications:open", args=[notification.pk]))
    assert opened.url == reverse("plans:task_detail", args=[twelve.pk]) + "#open-instructions"
    assert client.get(opened.url).status_code == 200
    assert bell(client.get(reverse("home"))) == ""


def test_the_bell_says_99_plus_past_the_limit(client, world):
    liu = world.user("liuweihong")
    Notification.objects.bulk_create(
        [Notification(recipient=liu, kind=NotificationKind.INSTRUCTION, title=f"t{index}") for index in range(120)]
    )
    client.force_login(liu)
    assert bell(client.get(reverse("home"))) == "99+"


def _notification_queries(client, url: str) -> list[str]:  # type: ignore[no-untyped-def]
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        client.get(url)
    return [query["sql"] for query in context.captured_queries if "notifications_notification" in query["sql"]]


def test_the_bell_costs_one_query_per_page_and_none_for_anonymous_visitors(client, world):
    assert _notification_queries(client, reverse("login")) == []

    client.force_login(world.user("liuweihong"))
    assert len(_notification_queries(client, reverse("home"))) == 1
    assert len(_notification_queries(client, reverse("plans:plan_list"))) == 1


def test_the_list_query_count_is_pinned(client, world, django_assert_num_queries):
    liu = world.user("liuweihong")
    url = reverse("notifications:list")
    send(liu, actor=world.user("dingweihua"))
    client.force_login(liu)
    client.get(url)

    with django_assert_num_queries(LIST_QUERIES):
        client.get(url)

    for index in range(30):
        send(liu, title=f"第{index}条", actor=world.user("linhui"))
    assert count_queries(client, url) == LIST_QUERIES


# --- at phone width -------------------------------------------------------------------------------


@pytest.mark.live
@pytest.mark.browser
def test_the_bell_and_the_list_fit_a_phone(phone_page, live_server, live_world):
    liu = User.objects.get(username="liuweihong")
    twelve = Task.objects.get(plan__doc_number="泉妇〔2012〕39号", number="（12）")
    plan_services.comment_post(
        user=User.objects.get(username="dingweihua"),
        task=twelve,
        text="请于本月底前补报妇女之家挂牌情况，并附照片。" * 3,
        kind=CommentKind.INSTRUCTION,
    )
    login(phone_page, live_server, liu.username, DEMO_PASSWORD)

    bell = phone_page.locator("[data-testid='notification-bell']")
    assert bell.is_visible()  # outside the collapsed menu
    assert bell.locator("[data-testid='unread-count']").inner_text().startswith("1")
    bell.click()
    phone_page.wait_for_selector("[data-testid='notifications']")
    screenshot(phone_page, "notifications")
    assert no_horizontal_scroll(phone_page)

    phone_page.click("[data-testid='notifications'] a")
    phone_page.wait_for_selector("#open-instructions")
    assert phone_page.locator("[data-testid='notification-bell'] [data-testid='unread-count']").count() == 0
