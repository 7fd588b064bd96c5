"""Supervision of a plan: progress updates with photos, leaders' comments and instructions,
quarterly reviews, observation meetings in rotation, commendations and criticisms."""

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from jinguo.org.models import OrgUnit, Person
from jinguo.plans.models.campaign import FeatureProject, Plan, Task


class ProgressUpdate(models.Model):
    """A report of progress on a task or a feature project, by the person or unit responsible."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, null=True, blank=True, related_name="updates")
    feature_project = models.ForeignKey(
        FeatureProject, on_delete=models.CASCADE, null=True, blank=True, related_name="updates"
    )
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("reporting unit"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    text = models.TextField(_("what was done"))
    percent = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(task__isnull=False, feature_project__isnull=True)
                | Q(task__isnull=True, feature_project__isnull=False),
                name="plans_update_has_one_subject",
            ),
            models.CheckConstraint(condition=Q(percent__lte=100), name="plans_update_percent_at_most_100"),
        ]
        indexes = [
            models.Index(fields=["task", "-created_at"], name="plans_update_task_latest"),
            models.Index(fields=["feature_project", "-created_at"], name="plans_update_project_latest"),
        ]

    def __str__(self) -> str:
        return f"{self.percent}% · {self.text[:30]}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        if self.feature_project_id:
            newer = Q(reported_at__isnull=True) | Q(reported_at__lte=self.created_at)
            FeatureProject.objects.filter(newer, pk=self.feature_project_id).update(
                progress=self.percent, reported_at=self.created_at
            )


def refresh_project_progress(projects: "models.QuerySet[FeatureProject]") -> int:
    """Recompute the kept progress of `projects` from their updates (after a bulk load or a backdating)."""
    latest = ProgressUpdate.objects.filter(feature_project=OuterRef("pk")).order_by("-created_at", "-id")
    return projects.update(
        progress=Coalesce(Subquery(latest.values("percent")[:1]), 0),
        reported_at=Subquery(latest.values("created_at")[:1]),
    )


class UpdateAttachment(models.Model):
    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="plans/updates/%Y/%m/")
    is_photo = models.BooleanField(_("photo"), default=False)
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.caption or self.file.name or ""


class CommentKind(models.TextChoices):
    COMMENT = "comment", _("Comment (点评)")
    INSTRUCTION = "instruction", _("Instruction (批示)")


class Comment(models.Model):
    """A leader's comment or instruction on a task or an update; an instruction stays open until answered."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="comments")
    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, null=True, blank=True, related_name="comments")
    kind = models.CharField(_("kind"), max_length=16, choices=CommentKind.choices, default=CommentKind.COMMENT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["kind", "answered_at"], name="plans_comment_open")]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def is_open_instruction(self) -> bool:
        return self.kind == CommentKind.INSTRUCTION and self.answered_at is None


class Rating(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")
    POOR = "poor", _("Needs improvement")


class QuarterlyReview(models.Model):
    """季度点评: the plan owner's review of one participating unit for one quarter."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reviews")
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"))
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)])
    rating = models.CharField(_("rating"), max_length=16, choices=Rating.choices)
    strengths = models.TextField(_("good practice"), blank=True)
    problems = models.TextField(_("problems"), blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("quarterly review")
        verbose_name_plural = _("quarterly reviews")
        ordering = ["-year", "-quarter", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "unit", "year", "quarter"], name="plans_review_once_a_quarter"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="plans_review_quarter_1_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}Q{self.quarter}"


class ObservationMeeting(models.Model):
    """季度观摩交流会: hosted each quarter by a county-level unit in rotation; minutes and photos after."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="meetings")
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)])
    host = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("host unit"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)

    class Meta:
        verbose_name = _("observation meeting")
        verbose_name_plural = _("observation meetings")
        ordering = ["year", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year", "quarter"], name="plans_meeting_once_a_quarter"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="plans_meeting_quarter_1_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.year}Q{self.quarter} · {self.host}"


class MeetingPhoto(models.Model):
    meeting = models.ForeignKey(ObservationMeeting, on_delete=models.CASCADE, related_name="photos")
    file = models.ImageField(_("photo"), upload_to="plans/meetings/%Y/")
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    def __str__(self) -> str:
        return self.caption or self.file.name or ""


class NoticeKind(models.TextChoices):
    COMMENDATION = "commendation", _("Commendation (通报表扬)")
    CRITICISM = "criticism", _("Criticism (通报批评)")


class Commendation(models.Model):
    """通报表扬 / 通报批评 of a unit or a person, with the reason; listed on their pages."""

    plan = models.ForeignKey(Plan, on_delete=models.SET_NULL, null=True, blank=True, related_name="notices")
    issued_by = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("issued by"))
    kind = models.CharField(_("kind"), max_length=16, choices=NoticeKind.choices)
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.CASCADE, null=True, blank=True, related_name="notices", verbose_name=_("unit")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="notices", verbose_name=_("person")
    )
    reason = models.TextField(_("reason"))
    doc_number = models.CharField(_("document number"), max_length=100, blank=True)
    issued_on = models.DateField(_("issued on"))

    class Meta:
        verbose_name = _("commendation or criticism")
        verbose_name_plural = _("commendations and criticisms")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False, person__isnull=True) | Q(unit__isnull=True, person__isnull=False),
                name="plans_notice_names_unit_or_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.unit or self.person}"
