"""Sending and reading notifications: one INSERT for many recipients, never to the actor or an
inactive user; each user reads and marks only their own."""

import pytest
from django.http import Http404

from jinguo.notifications import selectors, services
from jinguo.notifications.models import Notification, NotificationKind

pytestmark = pytest.mark.django_db


def send(recipients, actor=None, **changes):  # type: ignore[no-untyped-def]
    values = {"kind": NotificationKind.INSTRUCTION, "title": "（12）打造妇女之家平台", "body": "请补报。", "url": "/x/"}
    return services.notify(recipients, actor=actor, **{**values, **changes})


def test_notify_writes_one_row_per_distinct_recipient_in_one_query(world, django_assert_num_queries):
    liu, lin, ding = world.user("liuweihong"), world.user("linhui"), world.user("dingweihua")

    with django_assert_num_queries(1):
        sent = send([liu, lin, liu, lin], actor=ding)

    assert sorted(n.recipient.username for n in sent) == ["linhui", "liuweihong"]
    rows = Notification.objects.filter(recipient__in=[liu, lin]).values_list(
        "recipient__username", "actor__username", "kind", "title", "body", "url", "read_at"
    )
    assert sorted(rows) == [
        ("linhui", "dingweihua", "instruction", "（12）打造妇女之家平台", "请补报。", "/x/", None),
        ("liuweihong", "dingweihua", "instruction", "（12）打造妇女之家平台", "请补报。", "/x/", None),
    ]


def test_notify_skips_the_actor_and_inactive_users(world):
    liu, lin, ding = world.user("liuweihong"), world.user("linhui"), world.user("dingweihua")
    lin.is_active = False
    lin.save(update_fields=["is_active"])

    sent = send([liu, lin, ding], actor=ding)

    assert [n.recipient for n in sent] == [liu]
    assert not Notification.objects.filter(recipient__in=[lin, ding]).exists()


def test_notify_to_nobody_writes_nothing(world, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert send([]) == []


def test_notify_refuses_an_unknown_kind(world):
    before = Notification.objects.count()  # the demo's open instruction is in some inboxes
    with pytest.raises(ValueError, match="unknown notification kind"):
        send([world.user("liuweihong")], kind="gossip")
    assert Notification.objects.count() == before


def test_a_long_title_is_cut_to_fit(world):
    (sent,) = send([world.user("liuweihong")], title="长" * 400)
    assert len(sent.title) == 300 and sent.title.startswith("长" * 290) and sent.title != "长" * 300  # an ellipsis


def test_each_user_lists_and_opens_only_their_own(world):
    liu, lin = world.user("liuweihong"), world.user("linhui")
    (mine,) = send([liu], title="第一")
    (second,) = send([liu], title="第二")
    (theirs,) = send([lin])

    assert list(selectors.notification_list(user=liu)) == [second, mine]  # newest first
    assert selectors.notification_get(user=liu, pk=mine.pk) == mine
    for pk in (theirs.pk, 999_999, "x"):
        with pytest.raises(Http404):
            selectors.notification_get(user=liu, pk=pk)


def test_marking_read_keeps_the_first_time_and_touches_no_one_else(world):
    liu, lin = world.user("liuweihong"), world.user("linhui")
    (mine,) = send([liu])
    (theirs,) = send([lin])

    services.notification_mark_read(user=liu, notification=mine)
    first = Notification.objects.get(pk=mine.pk).read_at
    services.notification_mark_read(user=liu, notification=Notification.objects.get(pk=mine.pk))
    services.notification_mark_read(user=liu, notification=theirs)

    assert first is not None and Notification.objects.get(pk=mine.pk).read_at == first
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_mark_all_read_marks_only_the_users_unread(world):
    liu, lin = world.user("liuweihong"), world.user("linhui")
    send([liu, lin])
    send([liu, lin])

    assert (selectors.unread_count(user=liu), selectors.unread_count(user=lin)) == (2, 2)
    assert services.notifications_mark_all_read(user=liu) == 2
    assert services.notifications_mark_all_read(user=liu) == 0
    assert (selectors.unread_count(user=liu), selectors.unread_count(user=lin)) == (0, 2)


def test_the_unread_count_stops_at_its_limit(world, django_assert_num_queries):
    liu = world.user("liuweihong")
    for _ in range(5):
        send([liu])

    with django_assert_num_queries(1):
        assert selectors.unread_count(user=liu, limit=3) == 3
    assert selectors.unread_count(user=liu) == 5
