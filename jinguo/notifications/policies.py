"""A notification is its recipient's alone: anyone else gets the same 404 as for a missing one."""

from django.db import models

from jinguo.notifications.models import Notification


def notification_scope(user) -> models.QuerySet[Notification]:  # type: ignore[no-untyped-def]
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user)
