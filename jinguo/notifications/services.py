"""Writes of notifications: sending to many at once, marking read.

Notifications are written in the caller's transaction: an instruction that is rolled back sends none.
The other channels (e-mail, SMS, WeCom) are sent to after commit, and a failing one is only logged.
Reading a notification is not audited: it changes nothing but the recipient's own list.
"""

from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator

from jinguo.accounts.models import User
from jinguo.notifications.channels import Message, deliver, extra_channels, inbox_rows
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
    message = Message(recipients=tuple(recipients), kind=kind, title=title, body=body, url=url, actor=actor)
    return notify_many([message])


def notify_many(messages: Iterable[Message]) -> list[Notification]:
    """Several messages at once: one INSERT into the inbox, then the other channels after commit."""
    kept = [message for message in map(_cleaned, messages) if message.recipients]
    rows = Notification.objects.bulk_create(inbox_rows(kept))
    names = extra_channels()
    if kept and names:
        transaction.on_commit(partial(deliver, kept, names), robust=True)
    return rows


def _cleaned(message: Message) -> Message:
    """Distinct active recipients other than the actor; a known kind; a title that fits."""
    if message.kind not in NotificationKind.values:
        raise ValueError(f"unknown notification kind {message.kind!r}")
    actor = message.actor
    seen: set[int] = set()
    recipients: list[User] = []
    for user in message.recipients:
        if user.pk in seen or not user.is_active or (actor is not None and user.pk == actor.pk):
            continue
        seen.add(user.pk)
        recipients.append(user)
    return Message(
        recipients=tuple(recipients),
        kind=message.kind,
        title=Truncator(message.title.strip()).chars(TITLE_LENGTH),
        body=message.body.strip(),
        url=message.url,
        actor=actor,
    )


def notification_mark_read(*, user: User, notification: Notification) -> Notification:
    """Marks the user's own notification read; reading it again keeps the first time."""
    now = timezone.now()
    if notification_scope(user).filter(pk=notification.pk, read_at__isnull=True).update(read_at=now):
        notification.read_at = now
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    """Marks every unread notification of the user read; returns how many."""
    return notification_scope(user).filter(read_at__isnull=True).update(read_at=timezone.now())
