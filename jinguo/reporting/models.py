"""Periodic reporting: definitions with their fields and targets, one expected submission per
(definition, unit or department, period) — DHIS2's unit × period × completion record — and what
happens to it: drafts, submission, review, highlights."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jinguo.org.models import Department, OrgUnit, UnitKind, UnitLevel
from jinguo.plans.models import Plan
from jinguo.reporting.periods import DueRule, Frequency


class ReportDefinition(models.Model):
    """A report units must send: how often, when it is due, who sends it, and what it asks."""

    owner = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="report_definitions", verbose_name=_("collected by")
    )
    plan = models.ForeignKey(
        Plan, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports", verbose_name=_("campaign")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    frequency = models.CharField(_("frequency"), max_length=16, choices=Frequency.choices)
    first_day = models.DateField(_("first period starts"), help_text=_("For a one-off report: the day it opens."))
    last_day = models.DateField(
        _("last period ends"), null=True, blank=True, help_text=_("Empty: until further notice.")
    )
    due_rule = models.CharField(_("due rule"), max_length=24, choices=DueRule.choices)
    due_value = models.PositiveSmallIntegerField(_("N (day or days)"), default=1)
    grace_days = models.PositiveSmallIntegerField(_("grace days"), default=0)
    remind_days_before = models.PositiveSmallIntegerField(
        _("remind days before due"), default=3, help_text=_("0: no reminder before the due day.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report definition")
        verbose_name_plural = _("report definitions")
        ordering = ["owner__path", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__isnull=True) | Q(last_day__gte=models.F("first_day")),
                name="reporting_definition_days_in_order",
                violation_error_message=_("The last day must not be before the first day."),
            ),
            models.CheckConstraint(
                condition=~Q(frequency="one_off") | Q(last_day__isnull=False),
                name="reporting_one_off_has_a_last_day",
                violation_error_message=_("A one-off report needs its last day."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ReportTarget(models.Model):
    """Who must report. A unit alone (a list is several rows); or, with `below`, the units under it,
    optionally only of one level or kind; or a unit's departments, or one department."""

    definition = models.ForeignKey(ReportDefinition, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    below = models.BooleanField(_("units below it"), default=False)
    level = models.PositiveSmallIntegerField(_("only of level"), choices=UnitLevel.choices, null=True, blank=True)
    unit_kind = models.CharField(_("only of kind"), max_length=32, choices=UnitKind.choices, blank=True)
    departments = models.BooleanField(_("its departments"), default=False)
    department = models.ForeignKey(Department, on_delete=models.CASCADE, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("who reports")
        verbose_name_plural = _("who reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False, department__isnull=True)
                | Q(unit__isnull=True, department__isnull=False, below=False, departments=False),
                name="reporting_target_names_a_unit_or_a_department",
            )
        ]

    def __str__(self) -> str:
        return str(self.department or self.unit)


class FieldType(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    INTEGER = "integer", _("Whole number")
    DECIMAL = "decimal", _("Decimal number")
    DATE = "date", _("Date")
    CHOICE = "choice", _("Choice")
    PHOTOS = "photos", _("Photos")
    FILE = "file", _("File")


NUMERIC_TYPES = (FieldType.INTEGER, FieldType.DECIMAL)
UPLOAD_TYPES = (FieldType.PHOTOS, FieldType.FILE)


class ReportField(models.Model):
    definition = models.ForeignKey(ReportDefinition, on_delete=models.CASCADE, related_name="fields")
    key = models.SlugField(_("key"), max_length=50)
    label = models.CharField(_("label"), max_length=200)
    type = models.CharField(_("type"), max_length=16, choices=FieldType.choices)
    required = models.BooleanField(_("required"), default=False)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    unit_label = models.CharField(_("unit of measure"), max_length=20, blank=True)
    min_value = models.DecimalField(_("minimum"), max_digits=14, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField(_("maximum"), max_digits=14, decimal_places=4, null=True, blank=True)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    indicator_code = models.CharField(
        _("feeds indicator"),
        max_length=50,
        blank=True,
        help_text=_("Code of the indicator this number counts towards."),
    )
    sort_order = models.IntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("report field")
        verbose_name_plural = _("report fields")
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["definition", "key"], name="reporting_field_unique_key"),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(min_value__lte=models.F("max_value")),
                name="reporting_field_range_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if self.type == FieldType.CHOICE and not self.choices:
            raise ValidationError({"choices": _("A choice field needs its choices.")})
        if self.type not in NUMERIC_TYPES and (self.min_value is not None or self.max_value is not None):
            raise ValidationError({"min_value": _("Only numbers have a minimum and a maximum.")})


class Comparison(models.TextChoices):
    LE = "le", "≤"
    LT = "lt", "<"
    EQ = "eq", "="
    GE = "ge", "≥"
    GT = "gt", ">"


class FieldRule(models.Model):
    """A check across two numeric fields, e.g. placed ≤ trained."""

    definition = models.ForeignKey(ReportDefinition, on_delete=models.CASCADE, related_name="rules")
    left = models.ForeignKey(ReportField, on_delete=models.CASCADE, related_name="+", verbose_name=_("field"))
    comparison = models.CharField(_("must be"), max_length=2, choices=Comparison.choices)
    right = models.ForeignKey(ReportField, on_delete=models.CASCADE, related_name="+", verbose_name=_("than field"))
    message = models.CharField(_("message"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("field rule")
        verbose_name_plural = _("field rules")

    def __str__(self) -> str:
        return f"{self.left} {self.get_comparison_display()} {self.right}"

    def holds(self, left: Decimal, right: Decimal) -> bool:
        return {
            Comparison.LE: left <= right,
            Comparison.LT: left < right,
            Comparison.EQ: left == right,
            Comparison.GE: left >= right,
            Comparison.GT: left > right,
        }[Comparison(self.comparison)]


class SubmissionStatus(models.TextChoices):
    MISSING = "missing", _("Missing")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")


REPORTED = (SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED)
EDITABLE = (SubmissionStatus.MISSING, SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)


class Submission(models.Model):
    """The expected submission of one unit (or one of its departments) for one period, and what it holds.

    It exists before anything is sent, so that what is missing is as visible as what arrived."""

    definition = models.ForeignKey(ReportDefinition, on_delete=models.CASCADE, related_name="submissions")
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="report_submissions")
    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, null=True, blank=True, related_name="report_submissions"
    )
    period = models.CharField(_("period"), max_length=10)
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    due_on = models.DateField(_("due on"))
    late_after = models.DateField(_("on time until"))
    status = models.CharField(
        _("status"), max_length=16, choices=SubmissionStatus.choices, default=SubmissionStatus.MISSING
    )
    values = models.JSONField(_("values"), default=dict, blank=True)
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_late = models.BooleanField(_("late"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_highlight = models.BooleanField(_("highlight for the bulletin"), default=False)
    highlight_note = models.TextField(_("highlight note"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["definition", "period_start", "unit__path", "department"]
        constraints = [
            models.UniqueConstraint(
                fields=["definition", "unit", "period"],
                condition=Q(department__isnull=True),
                name="reporting_one_submission_per_unit_and_period",
            ),
            models.UniqueConstraint(
                fields=["definition", "department", "period"],
                condition=Q(department__isnull=False),
                name="reporting_one_submission_per_department_and_period",
            ),
        ]
        indexes = [
            models.Index(fields=["definition", "period", "status"], name="reporting_sub_period_status"),
            models.Index(fields=["unit", "period_start"], name="reporting_sub_unit_period"),
            models.Index(fields=["status", "due_on"], name="reporting_sub_status_due"),
        ]

    def __str__(self) -> str:
        return f"{self.definition} · {self.department or self.unit} · {self.period}"

    @property
    def reporter_name(self) -> str:
        return self.department.name if self.department else self.unit.name

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("Before the due day")
    DUE = "due", _("On the due day")
    OVERDUE = "overdue", _("Overdue")
    ESCALATE = "escalate", _("Escalated to the liaison leader")


class ReminderSent(models.Model):
    """A reminder of a submission that went out: each kind goes once, whoever runs the job and how often.

    `claim` names the run that inserted the row, so the run learns which of its rows were new."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=16, choices=ReminderKind.choices)
    claim = models.UUIDField(editable=False)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [models.UniqueConstraint(fields=["submission", "kind"], name="reporting_reminder_sent_once")]
        indexes = [models.Index(fields=["claim"], name="reporting_reminder_claim")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.submission_id}"


class SubmissionPhoto(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="photos")
    field_key = models.SlugField(max_length=50)
    image = models.ImageField(_("photo"), upload_to="reports/%Y/%m/")
    thumbnail = models.ImageField(_("thumbnail"), upload_to="reports/%Y/%m/thumbs/")
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    size = models.PositiveIntegerField(default=0)
    sort_order = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.caption or self.image.name or ""


class SubmissionFile(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    field_key = models.SlugField(max_length=50)
    file = models.FileField(_("file"), upload_to="reports/%Y/%m/files/")
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")

    def __str__(self) -> str:
        return self.name


class ReviewAction(models.TextChoices):
    SUBMIT = "submit", _("Submitted")
    ACCEPT = "accept", _("Accepted")
    RETURN = "return", _("Returned")
    REOPEN = "reopen", _("Reopened")
    COMMENT = "comment", _("Comment (点评)")
    HIGHLIGHT = "highlight", _("Marked as a highlight")


class ReviewEvent(models.Model):
    """The submission's history as its reporter and reviewers see it."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=16, choices=ReviewAction.choices)
    comment = models.TextField(_("comment"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("review event")
        verbose_name_plural = _("review events")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.submission}"
