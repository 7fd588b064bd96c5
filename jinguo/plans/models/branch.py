"""The party-branch cycle of the 创先争优 campaign (seed 001): a branch plan with its standards
(五个好 for the branch, 五带头 for members), members' public pledges (公开承诺), leaders' comments
(领导点评), mass appraisal by invited raters (群众评议), the yearly selection of an advanced branch
and excellent members (评选表彰), and members' recurring learning commitments with their logs."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jinguo.org.models import Department, OrgUnit, Person

SCORE_MIN, SCORE_MAX = 1, 5


class BranchPlan(models.Model):
    """A branch's campaign programme (实施方案), e.g. 泉妇支〔2010〕2号, with its own standards and members."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="branch_plans", verbose_name=_("unit"))
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="branch_plans",
        verbose_name=_("party organisation"),
    )
    title = models.CharField(_("title"), max_length=300)
    doc_number = models.CharField(_("document number"), max_length=100, blank=True)
    issuer = models.CharField(_("issued by, as written"), max_length=200, blank=True)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    # The public pledge page is reached only through this; not editable, so never copied into audit events.
    public_token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("branch plan")
        verbose_name_plural = _("branch plans")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="plans_branch_dates_in_order",
                violation_error_message=_("The end date must not be before the start date."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class MemberRole(models.TextChoices):
    SECRETARY = "secretary", _("Branch secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy branch secretary")
    COMMITTEE_MEMBER = "committee_member", _("Branch committee member")
    MEMBER = "member", _("Party member")


class BranchMember(models.Model):
    branch = models.ForeignKey(BranchPlan, on_delete=models.CASCADE, related_name="members", verbose_name=_("branch"))
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="branch_memberships", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)
    sort_order = models.IntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("branch member")
        verbose_name_plural = _("branch members")
        ordering = ["sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["branch", "person"], name="plans_branch_member_once")]

    def __str__(self) -> str:
        return str(self.person)


class StandardKind(models.TextChoices):
    BRANCH = "branch", _("Five goods of the branch")
    MEMBER = "member", _("Five take-the-leads of members")


class BranchStandard(models.Model):
    """One of the 五个好 (rated for the branch) or the 五带头 (rated for each member)."""

    branch = models.ForeignKey(BranchPlan, on_delete=models.CASCADE, related_name="standards")
    kind = models.CharField(_("kind"), max_length=16, choices=StandardKind.choices)
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=100)
    text = models.TextField(_("requirements"), blank=True)

    class Meta:
        verbose_name = _("standard")
        verbose_name_plural = _("standards")
        ordering = ["kind", "number"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "kind", "number"], name="plans_standard_number_once"),
        ]

    def __str__(self) -> str:
        return self.title


class Pledge(models.Model):
    """A member's public pledge (公开承诺): their concrete plans, shown to the public once published."""

    branch = models.ForeignKey(BranchPlan, on_delete=models.CASCADE, related_name="pledges")
    member = models.OneToOneField(
        BranchMember, on_delete=models.CASCADE, related_name="pledge", verbose_name=_("member")
    )
    text = models.TextField(_("pledge"))
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["member__sort_order", "member_id"]

    def __str__(self) -> str:
        return f"{self.member} · {self.text[:30]}"


class BranchComment(models.Model):
    """A leader's comment (领导点评) on the branch as a whole or on one member's pledge."""

    branch = models.ForeignKey(BranchPlan, on_delete=models.CASCADE, related_name="comments")
    pledge = models.ForeignKey(
        Pledge, on_delete=models.CASCADE, null=True, blank=True, related_name="comments", verbose_name=_("pledge")
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("leader's comment")
        verbose_name_plural = _("leaders' comments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open for responses")
    CLOSED = "closed", _("Closed")
    PUBLISHED = "published", _("Results published")


class AppraisalRound(models.Model):
    """One year's mass appraisal (群众评议) of the branch and its members."""

    branch = models.ForeignKey(BranchPlan, on_delete=models.CASCADE, related_name="rounds")
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=16, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("appraisal round")
        verbose_name_plural = _("appraisal rounds")
        ordering = ["-year", "-id"]
        constraints = [models.UniqueConstraint(fields=["branch", "year"], name="plans_round_once_a_year")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN

    @property
    def is_published(self) -> bool:
        return self.status == RoundStatus.PUBLISHED


class AppraisalInvitation(models.Model):
    """A single-use link (or QR code) to the appraisal form. It names no one, so responses stay anonymous."""

    round = models.ForeignKey(AppraisalRound, on_delete=models.CASCADE, related_name="invitations")
    # Not editable: audit events never copy it, and no form offers it.
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("appraisal invitation")
        verbose_name_plural = _("appraisal invitations")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.round} #{self.pk}"


class AppraisalResponse(models.Model):
    """One rater's filled-in form. At most one per invitation, whatever the timing of the requests."""

    round = models.ForeignKey(AppraisalRound, on_delete=models.CASCADE, related_name="responses")
    invitation = models.ForeignKey(AppraisalInvitation, on_delete=models.PROTECT, related_name="+")
    opinion = models.TextField(_("opinions and suggestions"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("appraisal response")
        verbose_name_plural = _("appraisal responses")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["invitation"], name="plans_response_once_per_invitation")]

    def __str__(self) -> str:
        return f"{self.round} · {self.pk}"


class AppraisalScore(models.Model):
    """A 1–5 rating of one standard: of the branch (no member) or of one member."""

    response = models.ForeignKey(AppraisalResponse, on_delete=models.CASCADE, related_name="scores")
    standard = models.ForeignKey(BranchStandard, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(BranchMember, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )

    class Meta:
        verbose_name = _("appraisal score")
        verbose_name_plural = _("appraisal scores")
        constraints = [
            models.CheckConstraint(condition=Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX), name="plans_score_1_to_5"),
            models.UniqueConstraint(
                fields=["response", "standard"],
                condition=Q(member__isnull=True),
                name="plans_score_branch_item_once",
            ),
            models.UniqueConstraint(
                fields=["response", "standard", "member"],
                condition=Q(member__isnull=False),
                name="plans_score_member_item_once",
            ),
        ]
        indexes = [models.Index(fields=["standard", "member"], name="plans_score_by_item")]

    def __str__(self) -> str:
        return f"{self.standard} · {self.score}"


class Selection(models.Model):
    """评选表彰 for one year: proposed from the appraisal ranking, then confirmed by a leader."""

    branch = models.ForeignKey(BranchPlan, on_delete=models.CASCADE, related_name="selections")
    year = models.PositiveSmallIntegerField(_("year"))
    round = models.ForeignKey(
        AppraisalRound, on_delete=models.PROTECT, related_name="+", verbose_name=_("appraisal round")
    )
    is_advanced_branch = models.BooleanField(_("advanced branch"), default=False)
    branch_reason = models.TextField(_("reason"), blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_("proposed at"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("selection")
        verbose_name_plural = _("selections")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["branch", "year"], name="plans_selection_once_a_year")]

    def __str__(self) -> str:
        return f"{self.branch} · {self.year}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class ExcellentMember(models.Model):
    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="excellent_members")
    member = models.ForeignKey(BranchMember, on_delete=models.PROTECT, related_name="+", verbose_name=_("member"))
    reason = models.TextField(_("reason"))
    sort_order = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("excellent member")
        verbose_name_plural = _("excellent members")
        ordering = ["sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["selection", "member"], name="plans_excellent_member_once")]

    def __str__(self) -> str:
        return str(self.member)


class CommitmentPeriod(models.TextChoices):
    DAY = "day", _("Every day")
    MONTH = "month", _("Every month")
    QUARTER = "quarter", _("Every quarter")
    YEAR = "year", _("Every year")
    ONCE = "once", _("Once, by a date")


class LearningCommitment(models.Model):
    """A member's learning target: 每天读书一小时 is 1 hour a day; 8月底前完成1篇调研文章 is 1 article,
    once, by 31 August."""

    branch = models.ForeignKey(BranchPlan, on_delete=models.CASCADE, related_name="commitments")
    member = models.ForeignKey(
        BranchMember, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("member")
    )
    title = models.CharField(_("commitment"), max_length=200)
    period = models.CharField(_("period"), max_length=16, choices=CommitmentPeriod.choices)
    target = models.PositiveSmallIntegerField(_("target per period"), default=1, validators=[MinValueValidator(1)])
    measure = models.CharField(_("measured in"), max_length=20)
    start_date = models.DateField(_("from"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("learning commitment")
        verbose_name_plural = _("learning commitments")
        ordering = ["member__sort_order", "member_id", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(target__gte=1), name="plans_commitment_target_positive"),
            models.CheckConstraint(
                condition=Q(period="once", due_date__isnull=False) | (~Q(period="once") & Q(due_date__isnull=True)),
                name="plans_commitment_due_date_iff_once",
                violation_error_message=_("A one-off commitment needs a due date; a recurring one has none."),
            ),
            models.CheckConstraint(
                condition=Q(due_date__isnull=True) | Q(due_date__gte=models.F("start_date")),
                name="plans_commitment_due_after_start",
                violation_error_message=_("The due date must not be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class LearningLog(models.Model):
    """What a member did on a day towards a commitment: 1 hour read, 1 book finished."""

    commitment = models.ForeignKey(LearningCommitment, on_delete=models.CASCADE, related_name="logs")
    date = models.DateField(_("date"))
    quantity = models.PositiveSmallIntegerField(_("amount"), default=1, validators=[MinValueValidator(1)])
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("logged at"), auto_now_add=True)

    class Meta:
        verbose_name = _("learning log entry")
        verbose_name_plural = _("learning log entries")
        ordering = ["-date", "-id"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1), name="plans_log_quantity_positive")]
        indexes = [models.Index(fields=["commitment", "date"], name="plans_log_by_date")]

    def __str__(self) -> str:
        return f"{self.date} · {self.quantity}"
