"""Who sees and does what in a branch plan.

Anyone whose reach covers the branch's unit sees its pages. A member writes only their own pledge,
commitments and logs. The secretary's work (members, appraisal rounds, invitations, publishing,
proposing the selection) belongs to a leader or administrator of the unit; comments and the
confirmation of a selection belong to leaders. The public sees published pledges and results,
and only through unguessable tokens.
"""

from django.db import models
from django.http import Http404

from jinguo.access.roles import Action
from jinguo.access.scopes import covers, granted_paths, path_q
from jinguo.accounts.models import User
from jinguo.org.models import OrgUnit, UnitLevel
from jinguo.plans.models import (
    AppraisalRound,
    BranchMember,
    BranchPlan,
    LearningCommitment,
)

# The secretary's tasks: the unit's leaders and its administrators.
MANAGING_ACTIONS = (Action.COMMENT, Action.MANAGE_UNITS)


def branch_scope(user: User) -> models.QuerySet[BranchPlan]:
    return BranchPlan.objects.filter(path_q(granted_paths(user, Action.VIEW), "unit__path"))


def branch_get(user: User, pk: int | str) -> BranchPlan:
    """A branch in the viewer's reach; missing and forbidden are the same 404."""
    try:
        return branch_scope(user).select_related("unit", "department").get(pk=pk)
    except (BranchPlan.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def round_get(user: User, pk: int | str) -> AppraisalRound:
    try:
        return (
            AppraisalRound.objects.filter(branch__in=branch_scope(user))
            .select_related("branch__unit", "branch__department")
            .get(pk=pk)
        )
    except (AppraisalRound.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def commitment_get(user: User, pk: int | str) -> LearningCommitment:
    try:
        return (
            LearningCommitment.objects.filter(branch__in=branch_scope(user))
            .select_related("branch__unit", "member__person")
            .get(pk=pk)
        )
    except (LearningCommitment.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def creatable_units(user: User) -> models.QuerySet[OrgUnit]:
    """Where the user may set up a branch plan: county level and above, within the secretary's reach."""
    paths = [path for action in MANAGING_ACTIONS for path in granted_paths(user, action)]
    return OrgUnit.objects.filter(path_q(paths), level__lte=UnitLevel.COUNTY).order_by("path")


def can_view(user: User, branch: BranchPlan) -> bool:
    return covers(granted_paths(user, Action.VIEW), branch.unit.path)


def can_manage(user: User, branch: BranchPlan) -> bool:
    """The secretary's work: a leader or an administrator whose reach covers the branch's unit."""
    return any(covers(granted_paths(user, action), branch.unit.path) for action in MANAGING_ACTIONS)


def can_comment(user: User, branch: BranchPlan) -> bool:
    """领导点评: the unit's leaders."""
    return covers(granted_paths(user, Action.COMMENT), branch.unit.path)


def can_confirm_selection(user: User, branch: BranchPlan) -> bool:
    return can_comment(user, branch)


def membership(user: User, branch: BranchPlan) -> BranchMember | None:
    """The viewer's own membership of the branch, if they are a member and the branch is in their reach."""
    if not user.is_authenticated or user.person_id is None or not can_view(user, branch):
        return None
    return BranchMember.objects.filter(branch=branch, person_id=user.person_id).select_related("person").first()


def is_own_commitment(user: User, commitment: LearningCommitment) -> bool:
    return user.person_id is not None and commitment.member.person_id == user.person_id
