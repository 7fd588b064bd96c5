"""Reads of a user's own notifications."""

from django.db import models
from django.http import Http404

from jinguo.accounts.models import User
from jinguo.notifications.models import Notification
from jinguo.notifications.policies import notification_scope

# The badge says "99+" past this: counting stops there, so the query stays cheap for any backlog.
UNREAD_COUNT_LIMIT = 100


def notification_list(*, user: User) -> models.QuerySet[Notification]:
    return notification_scope(user).select_related("actor__person").order_by("-created_at", "-id")


def notification_get(*, user: User, pk: int | str) -> Notification:
    """The user's own notification; another user's and a missing one are the same 404."""
    try:
        return notification_scope(user).get(pk=pk)
    except (Notification.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def unread_count(*, user: User, limit: int = UNREAD_COUNT_LIMIT) -> int:
    """Unread notifications, counted up to `limit`: one query on the partial index of unread rows."""
    return notification_scope(user).filter(read_at__isnull=True).order_by()[:limit].count()
