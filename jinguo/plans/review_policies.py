"""Who sees and does what in the plan's supervision rounds: quarterly reviews, observation
meetings, commendations and criticisms.

Reviews, the meeting schedule and notices are the plan owner's: leaders and unit administrators
whose reach covers the issuing unit. The host unit's own staff may write up the meeting they host.
Reads keep to the tree like everything else: the owner sees all; a unit sees its own reviews and the
notices about it (or that it issued), never a sibling's. The meeting schedule is shared: every
participating unit sees who hosts which quarter, but what the host writes up (topic, minutes,
photos) stays with the host and the owner.
"""

from django.db import models
from django.db.models import Exists, OuterRef, Q

from jinguo.access.roles import Action
from jinguo.access.scopes import covers, granted_paths, path_q
from jinguo.accounts.models import User
from jinguo.org.models import OrgUnit
from jinguo.plans.models import Commendation, ObservationMeeting, Plan, PlanParticipant, QuarterlyReview


def _owner_paths(user: User) -> list[str]:
    """Leaders (comment) and unit administrators (manage units): the roles that judge units' work."""
    return [*granted_paths(user, Action.COMMENT), *granted_paths(user, Action.MANAGE_UNITS)]


def can_review(user: User, plan: Plan) -> bool:
    return covers(_owner_paths(user), plan.unit.path)


def can_schedule_meetings(user: User, plan: Plan) -> bool:
    return can_review(user, plan)


def takes_part(user: User, plan: Plan) -> bool:
    """Whether a participating unit of the plan is in the user's reach (a county, or the city above them)."""
    return plan.participant_rows.filter(path_q(granted_paths(user, Action.VIEW), "unit__path")).exists()


def can_follow_rounds(user: User, plan: Plan) -> bool:
    """Whether the reviews, meetings and notices pages have anything for the user: the owner's, and each
    participating unit's own (a township below one sees the plan but takes no part in its rounds)."""
    return can_review(user, plan) or takes_part(user, plan)


def can_read_meeting_record(user: User, meeting: ObservationMeeting) -> bool:
    """A meeting's topic, minutes and photos: the plan owner's reach and the host's."""
    paths = granted_paths(user, Action.VIEW)
    return covers(paths, meeting.plan.unit.path) or covers(paths, meeting.host.path)


def can_record_meeting(user: User, meeting: ObservationMeeting) -> bool:
    """The plan owner, or whoever may report for the host unit (minutes, photos; not the host)."""
    return can_review(user, meeting.plan) or covers(granted_paths(user, Action.REPORT), meeting.host.path)


def can_issue_notice(user: User, issuer: OrgUnit) -> bool:
    """A unit commends or criticises (within its own subtree) through a leader or administrator of it."""
    return covers(_owner_paths(user), issuer.path)


def review_scope(user: User) -> models.QuerySet[QuarterlyReview]:
    paths = granted_paths(user, Action.VIEW)
    return QuarterlyReview.objects.filter(path_q(paths, "plan__unit__path") | path_q(paths, "unit__path"))


def _meeting_record_q(paths: list[str]) -> Q:
    return path_q(paths, "plan__unit__path") | path_q(paths, "host__path")


def meeting_scope(user: User) -> models.QuerySet[ObservationMeeting]:
    """The schedule: meetings of plans the user owns or takes part in, whoever hosts them."""
    paths = granted_paths(user, Action.VIEW)
    participating = PlanParticipant.objects.filter(path_q(paths, "unit__path"), plan=OuterRef("plan"))
    return ObservationMeeting.objects.filter(_meeting_record_q(paths) | Q(Exists(participating)))


def meeting_record_scope(user: User) -> models.QuerySet[ObservationMeeting]:
    """Meetings whose write-up the user may read (as in `can_read_meeting_record`)."""
    return ObservationMeeting.objects.filter(_meeting_record_q(granted_paths(user, Action.VIEW)))


def notice_scope(user: User) -> models.QuerySet[Commendation]:
    paths = granted_paths(user, Action.VIEW)
    subject = path_q(paths, "unit__path") | path_q(paths, "person__unit__path")
    return Commendation.objects.filter(subject | path_q(paths, "issued_by__path"))
