"""Campaign plans: phases, a task tree with named responsibility (units, persons, leaders), feature projects."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jinguo.org.models import Department, OrgUnit, Person


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class Plan(models.Model):
    """A document-backed programme (实施方案) issued by a unit, e.g. 泉妇〔2012〕39号."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="plans", verbose_name=_("issuing unit"))
    title = models.CharField(_("title"), max_length=300)
    doc_number = models.CharField(_("document number"), max_length=100, blank=True)
    issue_date = models.DateField(_("issue date"), null=True, blank=True)
    addressees = models.TextField(_("addressees"), blank=True)
    cc = models.TextField(_("copied to"), blank=True)
    guiding_text = models.TextField(_("guiding principles"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    requirements = models.TextField(_("work requirements"), blank=True)
    source_document = models.FileField(_("source document"), upload_to="plans/%Y/", blank=True)
    status = models.CharField(_("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    participants = models.ManyToManyField(
        OrgUnit, through="PlanParticipant", related_name="participating_plans", verbose_name=_("participating units")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-issue_date", "-id"]

    def __str__(self) -> str:
        return self.title


class PlanParticipant(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="participant_rows")
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "unit"], name="plans_participant_unique")]

    def __str__(self) -> str:
        return f"{self.plan} · {self.unit}"


class Phase(models.Model):
    """A dated stage; an open end (继续深化阶段, 2013年9月开始) has no end date."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="phases", verbose_name=_("plan"))
    name = models.CharField(_("name"), max_length=100)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.IntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["sort_order", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="plans_phase_dates_in_order",
                violation_error_message=_("The end date must not be before the start date."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def contains(self, day: datetime.date) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)


class Task(models.Model):
    """A node of the plan's task tree: a category (好班子) or a numbered task ((1)…(17))."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("plan"))
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children", verbose_name=_("category")
    )
    number = models.CharField(_("number"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    is_category = models.BooleanField(_("category"), default=False)
    weight = models.DecimalField(
        _("weight"), max_digits=5, decimal_places=2, default=Decimal(1), validators=[MinValueValidator(Decimal(0))]
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    recurrence = models.CharField(_("recurrence"), max_length=100, blank=True)
    expected_outputs = models.TextField(_("expected outputs"), blank=True)
    sort_order = models.IntegerField(_("sort order"), default=0)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    def clean(self) -> None:
        if self.parent_id and self.parent and self.parent.plan_id != self.plan_id:
            raise ValidationError({"parent": _("The category belongs to another plan.")})


class ResponsibilityRole(models.TextChoices):
    LEAD_UNIT = "lead_unit", _("Responsible unit")
    CO_UNIT = "co_unit", _("Co-operating unit")
    PERSON = "person", _("Responsible person")
    LEADER = "leader", _("Supervising leader")


class TaskResponsibility(models.Model):
    """Who answers for a task: a unit or department, a person, or a supervising leader.

    Units and persons are directory records; `label` keeps the document's wording (机关各部室)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="responsibilities")
    role = models.CharField(_("role"), max_length=16, choices=ResponsibilityRole.choices)
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    department = models.ForeignKey(Department, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    label = models.CharField(_("as written"), max_length=100, blank=True)
    sort_order = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        ordering = ["sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role__in=["lead_unit", "co_unit"], person__isnull=True)
                    & (Q(unit__isnull=False) | Q(department__isnull=False))
                )
                | Q(role__in=["person", "leader"], person__isnull=False, unit__isnull=True, department__isnull=True),
                name="plans_responsibility_names_its_party",
            )
        ]

    def __str__(self) -> str:
        party = self.person or self.department or self.unit
        return f"{self.get_role_display()}: {party}"


class FeatureLevel(models.TextChoices):
    """一县一品牌、一镇一特色、一村一典型、市直一系统一亮点、机关每部室2-3项重点工作."""

    CITY = "city", _("City-wide feature project")
    COUNTY_BRAND = "county_brand", _("County brand")
    TOWNSHIP_FEATURE = "township_feature", _("Township feature")
    VILLAGE_MODEL = "village_model", _("Village model")
    SYSTEM_HIGHLIGHT = "system_highlight", _("System highlight")
    DEPARTMENT_KEY_WORK = "department_key_work", _("Department key work")


class FeatureProject(models.Model):
    """A distinctive project: the plan's own (annex 1) or one a participating unit declares."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="feature_projects", verbose_name=_("plan"))
    number = models.CharField(_("number"), max_length=20, blank=True)
    name = models.CharField(_("name"), max_length=200)
    targets = models.TextField(_("creation targets"), blank=True)
    level = models.CharField(_("kind"), max_length=32, choices=FeatureLevel.choices, default=FeatureLevel.CITY)
    declared_by = models.ForeignKey(
        OrgUnit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="declared_feature_projects",
        verbose_name=_("declared by"),
    )
    responsible_units = models.ManyToManyField(
        OrgUnit, blank=True, related_name="feature_projects", verbose_name=_("responsible units")
    )
    responsible_departments = models.ManyToManyField(
        Department, blank=True, related_name="feature_projects", verbose_name=_("responsible departments")
    )
    responsible_label = models.CharField(_("responsible, as written"), max_length=200, blank=True)
    liaison_departments = models.ManyToManyField(
        Department, blank=True, related_name="liaised_feature_projects", verbose_name=_("liaison departments")
    )
    sort_order = models.IntegerField(_("sort order"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The latest update's figures, kept by ProgressUpdate.save(): a province's roll-up reads 31k of
    # them at once, where looking up each project's newest update would cost an index probe apiece.
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    reported_at = models.DateTimeField(_("last reported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("feature project")
        verbose_name_plural = _("feature projects")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name
