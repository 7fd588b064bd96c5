"""Writes of the party-branch cycle. Each checks the policy, validates, saves and writes an audit event.

The appraisal form is the one write without a login: it is authorised by its single-use token.
"""

import datetime
import secrets
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jinguo.access.policies import require
from jinguo.accounts.models import User
from jinguo.audit.models import AuditAction
from jinguo.audit.services import audit_created_many, audit_record, audit_snapshot
from jinguo.org.models import Department, OrgUnit, Person
from jinguo.plans.branch import policies
from jinguo.plans.branch.standards import FIVE_GOODS, FIVE_LEADS
from jinguo.plans.models import (
    AppraisalInvitation,
    AppraisalResponse,
    AppraisalRound,
    AppraisalScore,
    BranchComment,
    BranchMember,
    BranchPlan,
    BranchStandard,
    CommitmentPeriod,
    ExcellentMember,
    LearningCommitment,
    LearningLog,
    MemberRole,
    Pledge,
    RoundStatus,
    Selection,
    StandardKind,
)
from jinguo.plans.models.branch import SCORE_MAX, SCORE_MIN

TOKEN_BYTES = 24  # 32 URL-safe characters: not to be guessed or enumerated
MAX_INVITATIONS_AT_ONCE = 200


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


# --- the plan and its members ---------------------------------------------------------------------


@transaction.atomic
def branch_plan_create(
    *,
    user: User,
    unit: OrgUnit,
    title: str,
    department: Department | None = None,
    doc_number: str = "",
    issuer: str = "",
    theme: str = "",
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
) -> BranchPlan:
    """A branch plan, with the campaign's 五个好 and 五带头 as its standards."""
    branch = BranchPlan(
        unit=unit,
        department=department,
        title=title.strip(),
        doc_number=doc_number.strip(),
        issuer=issuer.strip(),
        theme=theme.strip(),
        start_date=start_date,
        end_date=end_date,
        public_token=new_token(),
    )
    require(policies.can_manage(user, branch))
    if department is not None and department.unit_id != unit.pk:
        raise ValidationError({"department": _("The party organisation belongs to another unit.")})
    branch.full_clean()
    branch.save()
    standards = [
        BranchStandard(branch=branch, kind=kind, number=number, title=seed.title, text=seed.text)
        for kind, seeds in ((StandardKind.BRANCH, FIVE_GOODS), (StandardKind.MEMBER, FIVE_LEADS))
        for number, seed in enumerate(seeds, start=1)
    ]
    BranchStandard.objects.bulk_create(standards)
    audit_record(actor=user, instance=branch, action=AuditAction.CREATE)
    return branch


@transaction.atomic
def member_add(*, user: User, branch: BranchPlan, person: Person, role: str = MemberRole.MEMBER) -> BranchMember:
    require(policies.can_manage(user, branch))
    if person.unit_id != branch.unit_id:
        raise ValidationError({"person": _("Only people of the branch's unit can be members.")})
    if BranchMember.objects.filter(branch=branch, person=person).exists():
        raise ValidationError({"person": _("%(name)s is already a member.") % {"name": person.name}})
    last = branch.members.order_by("-sort_order").values_list("sort_order", flat=True).first()
    member = BranchMember(branch=branch, person=person, role=role, sort_order=(last or 0) + 1)
    member.full_clean()
    member.save()
    audit_record(actor=user, instance=member, action=AuditAction.CREATE)
    return member


# --- pledges and comments -------------------------------------------------------------------------


@transaction.atomic
def pledge_save(*, user: User, branch: BranchPlan, text: str, is_published: bool) -> Pledge:
    """A member writes (or rewrites) their own pledge, and decides whether the public sees it."""
    member = policies.membership(user, branch)
    require(member is not None)
    assert member is not None
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write what you pledge to do.")})
    pledge = Pledge.objects.select_for_update().filter(member=member).first()
    before = audit_snapshot(pledge) if pledge else None
    if pledge is None:
        pledge = Pledge(branch=branch, member=member)
    was_published = pledge.is_published
    pledge.text, pledge.is_published = text, is_published
    if is_published and not was_published:
        pledge.published_at = timezone.now()
    elif not is_published:
        pledge.published_at = None
    pledge.full_clean()
    pledge.save()
    if before is None:
        audit_record(actor=user, instance=pledge, action=AuditAction.CREATE)
    else:
        audit_record(actor=user, instance=pledge, action=AuditAction.UPDATE, before=before)
    return pledge


@transaction.atomic
def comment_post(*, user: User, branch: BranchPlan, text: str, pledge: Pledge | None = None) -> BranchComment:
    """领导点评 on the branch, or on one member's pledge."""
    require(policies.can_comment(user, branch))
    if pledge is not None and pledge.branch_id != branch.pk:
        raise ValidationError({"pledge": _("The pledge belongs to another branch.")})
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write a comment.")})
    comment = BranchComment(branch=branch, pledge=pledge, author=user, text=text)
    comment.full_clean()
    comment.save()
    audit_record(actor=user, instance=comment, action=AuditAction.CREATE)
    return comment


# --- mass appraisal ---------------------------------------------------------------------------------


@transaction.atomic
def round_create(*, user: User, branch: BranchPlan, year: int, title: str = "") -> AppraisalRound:
    require(policies.can_manage(user, branch))
    if AppraisalRound.objects.filter(branch=branch, year=year).exists():
        raise ValidationError({"year": _("There is already an appraisal round for %(year)s.") % {"year": year}})
    appraisal = AppraisalRound(
        branch=branch, year=year, title=title.strip() or _("Mass appraisal %(year)s") % {"year": year}
    )
    appraisal.full_clean()
    appraisal.save()
    audit_record(actor=user, instance=appraisal, action=AuditAction.CREATE)
    return appraisal


@transaction.atomic
def invitations_create(*, user: User, appraisal: AppraisalRound, count: int) -> list[AppraisalInvitation]:
    require(policies.can_manage(user, appraisal.branch))
    if not appraisal.is_open:
        raise ValidationError(_("The appraisal is closed: no more invitations."))
    if not 1 <= count <= MAX_INVITATIONS_AT_ONCE:
        raise ValidationError(
            {"count": _("Create between 1 and %(most)s invitations at a time.") % {"most": MAX_INVITATIONS_AT_ONCE}}
        )
    invitations = AppraisalInvitation.objects.bulk_create(
        [AppraisalInvitation(round=appraisal, token=new_token()) for _index in range(count)]
    )
    audit_created_many(actor=user, instances=invitations)
    return invitations


def _set_status(*, user: User, appraisal: AppraisalRound, status: str) -> AppraisalRound:
    locked = AppraisalRound.objects.select_for_update().select_related("branch__unit").get(pk=appraisal.pk)
    require(policies.can_manage(user, locked.branch))
    before = audit_snapshot(locked)
    locked.status = status
    locked.published_at = timezone.now() if status == RoundStatus.PUBLISHED else None
    locked.save(update_fields=["status", "published_at"])
    audit_record(actor=user, instance=locked, action=AuditAction.UPDATE, before=before)
    return locked


@transaction.atomic
def round_close(*, user: User, appraisal: AppraisalRound) -> AppraisalRound:
    if appraisal.status == RoundStatus.PUBLISHED:
        raise ValidationError(_("The results are published; the appraisal stays closed."))
    return _set_status(user=user, appraisal=appraisal, status=RoundStatus.CLOSED)


@transaction.atomic
def round_reopen(*, user: User, appraisal: AppraisalRound) -> AppraisalRound:
    if appraisal.status != RoundStatus.CLOSED:
        raise ValidationError(_("Only a closed appraisal whose results are unpublished can be reopened."))
    return _set_status(user=user, appraisal=appraisal, status=RoundStatus.OPEN)


@transaction.atomic
def round_publish(*, user: User, appraisal: AppraisalRound) -> AppraisalRound:
    """Publish the results: the appraisal closes for good and its averages become visible."""
    require(policies.can_manage(user, appraisal.branch))
    if appraisal.status == RoundStatus.PUBLISHED:
        return appraisal
    if not appraisal.responses.exists():
        raise ValidationError(_("There are no responses to publish yet."))
    return _set_status(user=user, appraisal=appraisal, status=RoundStatus.PUBLISHED)


# Keys of the ratings a form sends: (standard id, None) for the branch, (standard id, member id) for a member.
ScoreKey = tuple[int, int | None]


def expected_score_keys(appraisal: AppraisalRound) -> list[ScoreKey]:
    standards = list(appraisal.branch.standards.order_by("kind", "number").values_list("pk", "kind"))
    members = list(appraisal.branch.members.order_by("sort_order", "id").values_list("pk", flat=True))
    keys: list[ScoreKey] = [(pk, None) for pk, kind in standards if kind == StandardKind.BRANCH]
    keys += [(pk, member) for member in members for pk, kind in standards if kind == StandardKind.MEMBER]
    return keys


def _validate_scores(appraisal: AppraisalRound, scores: Mapping[ScoreKey, int]) -> None:
    expected = set(expected_score_keys(appraisal))
    if set(scores) != expected:
        raise ValidationError(_("Rate every item of the form, and nothing else."))
    if any(not isinstance(value, int) or not SCORE_MIN <= value <= SCORE_MAX for value in scores.values()):
        raise ValidationError(_("Every rating is a whole number from 1 to 5."))


def appraisal_submit(*, token: str, scores: Mapping[ScoreKey, int], opinion: str = "") -> AppraisalResponse:
    """One response per invitation: the invitation row is locked, and a unique constraint backs the lock
    up where the database has no row locks (SQLite), so two racing submissions save one response."""
    with transaction.atomic():
        invitation = (
            AppraisalInvitation.objects.select_for_update().select_related("round__branch__unit").filter(token=token)
        ).first()
        if invitation is None:
            raise AppraisalInvitation.DoesNotExist
        appraisal = invitation.round
        if invitation.used_at is not None:
            raise ValidationError(_("This invitation has already been used. Thank you for taking part."))
        if not appraisal.is_open:
            raise ValidationError(_("This appraisal is closed."))
        _validate_scores(appraisal, scores)
        try:
            with transaction.atomic():
                response = AppraisalResponse.objects.create(
                    round=appraisal, invitation=invitation, opinion=opinion.strip()
                )
        except IntegrityError as exc:
            raise ValidationError(_("This invitation has already been used. Thank you for taking part.")) from exc
        AppraisalScore.objects.bulk_create(
            [
                AppraisalScore(response=response, standard_id=standard, member_id=member, score=value)
                for (standard, member), value in scores.items()
            ]
        )
        invitation.used_at = response.submitted_at
        invitation.save(update_fields=["used_at"])
        # No actor: the rater is anonymous, and the event names the invitation only by its number.
        audit_record(actor=None, instance=response, action=AuditAction.CREATE)
    return response


# --- selection ---------------------------------------------------------------------------------------


@transaction.atomic
def selection_propose(
    *,
    user: User,
    branch: BranchPlan,
    appraisal: AppraisalRound,
    is_advanced_branch: bool,
    branch_reason: str,
    members: Sequence[tuple[BranchMember, str]],
) -> Selection:
    """The secretary's proposal for the appraisal's year; it can be revised until a leader confirms it."""
    require(policies.can_manage(user, branch))
    if appraisal.branch_id != branch.pk or not appraisal.is_published:
        raise ValidationError(_("A selection rests on an appraisal whose results are published."))
    _validate_selection(branch, is_advanced_branch, branch_reason, members)
    selection = Selection.objects.select_for_update().filter(branch=branch, year=appraisal.year).first()
    if selection is not None and selection.is_confirmed:
        raise ValidationError(_("The selection for %(year)s is confirmed already.") % {"year": appraisal.year})
    before = audit_snapshot(selection) if selection else None
    if selection is None:
        selection = Selection(branch=branch, year=appraisal.year)
    selection.round, selection.proposed_by, selection.proposed_at = appraisal, user, timezone.now()
    selection.is_advanced_branch, selection.branch_reason = is_advanced_branch, branch_reason.strip()
    selection.full_clean()
    selection.save()
    for dropped in selection.excellent_members.all():
        audit_record(actor=user, instance=dropped, action=AuditAction.DELETE)
        dropped.delete()
    picked = ExcellentMember.objects.bulk_create(
        [
            ExcellentMember(selection=selection, member=member, reason=reason.strip(), sort_order=order)
            for order, (member, reason) in enumerate(members)
        ]
    )
    audit_created_many(actor=user, instances=picked)
    if before is None:
        audit_record(actor=user, instance=selection, action=AuditAction.CREATE)
    else:
        audit_record(actor=user, instance=selection, action=AuditAction.UPDATE, before=before)
    return selection


def _validate_selection(
    branch: BranchPlan, is_advanced_branch: bool, branch_reason: str, members: Sequence[tuple[BranchMember, str]]
) -> None:
    errors: dict[str, str] = {}
    if is_advanced_branch and not branch_reason.strip():
        errors["branch_reason"] = _("Give the reason the branch is proposed as advanced.")
    if any(member.branch_id != branch.pk for member, _reason in members):
        errors["members"] = _("Only members of this branch can be selected.")
    elif any(not reason.strip() for _member, reason in members):
        errors["members"] = _("Give a reason for every excellent member.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def selection_confirm(*, user: User, selection: Selection) -> Selection:
    locked = Selection.objects.select_for_update().select_related("branch__unit").get(pk=selection.pk)
    require(policies.can_confirm_selection(user, locked.branch))
    if locked.is_confirmed:
        raise ValidationError(_("The selection for %(year)s is confirmed already.") % {"year": locked.year})
    before = audit_snapshot(locked)
    locked.confirmed_by, locked.confirmed_at = user, timezone.now()
    locked.save(update_fields=["confirmed_by", "confirmed_at"])
    audit_record(actor=user, instance=locked, action=AuditAction.UPDATE, before=before)
    return locked


# --- learning commitments -----------------------------------------------------------------------------


@transaction.atomic
def commitment_create(
    *,
    user: User,
    branch: BranchPlan,
    member: BranchMember,
    title: str,
    period: str,
    target: int,
    measure: str,
    start_date: datetime.date,
    due_date: datetime.date | None = None,
) -> LearningCommitment:
    """A member takes on a commitment; the secretary may set one for any member."""
    own = member.person_id == user.person_id and policies.can_view(user, branch)
    require(member.branch_id == branch.pk and (own or policies.can_manage(user, branch)))
    if period != CommitmentPeriod.ONCE:
        due_date = None
    elif due_date is None:
        raise ValidationError({"due_date": _("A one-off commitment needs a due date.")})
    commitment = LearningCommitment(
        branch=branch,
        member=member,
        title=title.strip(),
        period=period,
        target=target,
        measure=measure.strip(),
        start_date=start_date,
        due_date=due_date,
    )
    commitment.full_clean()
    commitment.save()
    audit_record(actor=user, instance=commitment, action=AuditAction.CREATE)
    return commitment


@transaction.atomic
def commitment_log(
    *, user: User, commitment: LearningCommitment, date: datetime.date, quantity: int, note: str = ""
) -> LearningLog:
    """Only the member logs their own commitment; days ahead and days before it began are refused."""
    require(policies.is_own_commitment(user, commitment) and policies.can_view(user, commitment.branch))
    if date > timezone.localdate():
        raise ValidationError({"date": _("A day still to come cannot be logged.")})
    if date < commitment.start_date:
        raise ValidationError({"date": _("The commitment began on %(day)s.") % {"day": commitment.start_date}})
    entry = LearningLog(commitment=commitment, date=date, quantity=quantity, note=note.strip())
    entry.full_clean()
    entry.save()
    audit_record(actor=user, instance=entry, action=AuditAction.CREATE)
    return entry
