"""Writes of notifications: sending to many at once, marking read.

Notifications are written in the caller's transaction: an instruction that is rolled back sends none.
Reading a notification is not audited: it changes nothing but the recipient's own list.
"""

from collections.abc import Iterable

from django.utils import timezone
from django.utils.text import Truncator

from jinguo.accounts.models import User
from jinguo.notifications.models import Notification, NotificationKind
from jinguo.notifications.policies import notification_scope

TITLE_LENGTH = Notification._meta.get_field("title").max_length or 300


def notify(
    recipients: Iterable[User],
    *,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    actor: User | None = None,
) -> list[Notification]:
    """One notification to each distinct active recipient, never to the actor; one INSERT in all."""
    if kind not in NotificationKind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    title = Truncator(title.strip()).chars(TITLE_LENGTH)
    seen: set[int] = set()
    rows: list[Notification] = []
    for user in recipients:
        if user.pk in seen or not user.is_active or (actor is not None and user.pk == actor.pk):
            continue
        seen.add(user.pk)
        rows.append(Notification(recipient=user, actor=actor, kind=kind, title=title, body=body.strip(), url=url))
    return Notification.objects.bulk_create(rows)


def notification_mark_read(*, user: User, notification: Notification) -> Notification:
    """Marks the user's own notification read; reading it again keeps the first time."""
    now = timezone.now()
    if notification_scope(user).filter(pk=notification.pk, read_at__isnull=True).update(read_at=now):
        notification.read_at = now
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    """Marks every unread notification of the user read; returns how many."""
    return notification_scope(user).filter(read_at__isnull=True).update(read_at=timezone.now())
