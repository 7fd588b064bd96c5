"""In-app notifications: a short message to one user about something to look at, read once opened."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    INSTRUCTION = "instruction", _("Instruction")
    INSTRUCTION_ANSWERED = "instruction_answered", _("Instruction answered")
    REPORT_REMINDER = "report_reminder", _("Report reminder")
    REPORT_ESCALATION = "report_escalation", _("Overdue report")


class Notification(models.Model):
    """What happened (kind, title, text), who did it, and the page to open (a local URL)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=NotificationKind.choices)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            # A recipient's list, newest first.
            models.Index(fields=["recipient", "-created_at"], name="notifications_recipient_latest"),
            # The unread badge on every page: counts only the unread rows, however many were read.
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notifications_unread"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_unread(self) -> bool:
        return self.read_at is None
