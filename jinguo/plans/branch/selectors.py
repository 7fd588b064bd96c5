"""Reads of the party-branch cycle: lists for a viewer, the public page, appraisal results and ranking,
the proposal they suggest, and who keeps their learning commitments."""

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.models import Count, Prefetch, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from jinguo.accounts.models import User
from jinguo.plans.branch import compliance, policies
from jinguo.plans.models import (
    AppraisalRound,
    AppraisalScore,
    BranchComment,
    BranchMember,
    BranchPlan,
    BranchStandard,
    LearningCommitment,
    LearningLog,
    Pledge,
    RoundStatus,
    Selection,
    StandardKind,
)

CENT = Decimal("0.01")
# The suggestion proposes the branch as advanced from this average of the five goods upwards, and
# up to a third of the members (at least one) whose average over the five take-the-leads reaches the floor.
ADVANCED_BRANCH_FLOOR = Decimal("4.50")
EXCELLENT_MEMBER_FLOOR = Decimal("4.00")


def mean(total: int | None, count: int) -> Decimal | None:
    if not count:
        return None
    return (Decimal(total or 0) / Decimal(count)).quantize(CENT, rounding=ROUND_HALF_UP)


# --- lists and pages -----------------------------------------------------------------------------------


def branch_list(*, user: User) -> models.QuerySet[BranchPlan]:
    return (
        policies.branch_scope(user)
        .select_related("unit", "department")
        .annotate(member_count=Count("members", distinct=True))
        .order_by("-start_date", "-id")
    )


def standards_of(branch: BranchPlan) -> dict[str, list[BranchStandard]]:
    grouped: dict[str, list[BranchStandard]] = {StandardKind.BRANCH: [], StandardKind.MEMBER: []}
    for standard in branch.standards.order_by("kind", "number"):
        grouped[standard.kind].append(standard)
    return grouped


def members_with_pledges(*, branch: BranchPlan, published_only: bool = False) -> list[BranchMember]:
    """Members in order, each with `.pledge_row` (or None) and the pledge's comments prefetched."""
    pledges = Pledge.objects.filter(branch=branch)
    if published_only:
        pledges = pledges.filter(is_published=True)
    comments = BranchComment.objects.select_related("author__person").order_by("created_at", "id")
    by_member = {
        pledge.member_id: pledge for pledge in pledges.prefetch_related(Prefetch("comments", queryset=comments))
    }
    members = list(branch.members.select_related("person").order_by("sort_order", "id"))
    for member in members:
        member.pledge_row = by_member.get(member.pk)  # type: ignore[attr-defined]
    return members


def branch_comments(*, branch: BranchPlan) -> models.QuerySet[BranchComment]:
    return branch.comments.filter(pledge__isnull=True).select_related("author__person").order_by("created_at", "id")


def rounds_of(*, branch: BranchPlan) -> models.QuerySet[AppraisalRound]:
    return branch.rounds.annotate(
        response_count=Count("responses", distinct=True), invitation_count=Count("invitations", distinct=True)
    ).order_by("-year")


def public_branch_get(*, token: str) -> BranchPlan:
    """The public page's branch, by its unguessable token only."""
    if not token:
        raise Http404
    try:
        return BranchPlan.objects.select_related("unit", "department").get(public_token=token)
    except BranchPlan.DoesNotExist as exc:
        raise Http404 from exc


def published_rounds(*, branch: BranchPlan) -> models.QuerySet[AppraisalRound]:
    return branch.rounds.filter(status=RoundStatus.PUBLISHED).order_by("-year")


# --- appraisal results -------------------------------------------------------------------------------------


@dataclass
class ItemResult:
    standard: BranchStandard
    average: Decimal | None
    count: int


@dataclass
class MemberResult:
    member: BranchMember
    items: list[ItemResult]
    average: Decimal | None  # over all five take-the-leads
    rank: int = 0


@dataclass
class Results:
    appraisal: AppraisalRound
    response_count: int
    branch_items: list[ItemResult]
    branch_average: Decimal | None
    members: list[MemberResult] = field(default_factory=list)

    @property
    def ranking(self) -> list[MemberResult]:
        return sorted(self.members, key=lambda row: row.rank)


def round_results(*, appraisal: AppraisalRound) -> Results:
    """Averages per standard for the branch and per member, over all responses: four queries."""
    branch = appraisal.branch
    standards = standards_of(branch)
    members = list(branch.members.select_related("person").order_by("sort_order", "id"))
    sums: dict[tuple[int, int | None], tuple[int, int]] = {
        (row["standard_id"], row["member_id"]): (row["total"], row["count"])
        for row in AppraisalScore.objects.filter(response__round=appraisal)
        .values("standard_id", "member_id")
        .annotate(total=Sum("score"), count=Count("id"))
        .order_by()
    }

    def item(standard: BranchStandard, member: BranchMember | None) -> ItemResult:
        total, count = sums.get((standard.pk, member.pk if member else None), (0, 0))
        return ItemResult(standard, mean(total, count), count)

    def overall(keys: Sequence[tuple[int, int | None]]) -> Decimal | None:
        pairs = [sums[key] for key in keys if key in sums]
        return mean(sum(total for total, _count in pairs), sum(count for _total, count in pairs))

    results = Results(
        appraisal=appraisal,
        response_count=appraisal.responses.count(),
        branch_items=[item(standard, None) for standard in standards[StandardKind.BRANCH]],
        branch_average=overall([(standard.pk, None) for standard in standards[StandardKind.BRANCH]]),
    )
    for member in members:
        keys = [(standard.pk, member.pk) for standard in standards[StandardKind.MEMBER]]
        results.members.append(
            MemberResult(member, [item(s, member) for s in standards[StandardKind.MEMBER]], overall(keys))
        )
    _rank(results.members)
    return results


def _rank(rows: list[MemberResult]) -> None:
    """Highest average first; equal averages share a rank (1, 2, 2, 4); no responses rank last."""
    ordered = sorted(rows, key=lambda row: (row.average is None, -(row.average or 0)))
    for position, row in enumerate(ordered, start=1):
        previous = ordered[position - 2] if position > 1 else None
        row.rank = previous.rank if previous and previous.average == row.average else position


def results_visible(*, user: User, appraisal: AppraisalRound) -> bool:
    """Published results are for everyone who sees the branch; before that, for the secretary only."""
    return appraisal.is_published or policies.can_manage(user, appraisal.branch)


# --- selection ---------------------------------------------------------------------------------------------


@dataclass
class Suggestion:
    is_advanced_branch: bool
    branch_reason: str
    members: list[tuple[BranchMember, str]]


def selection_suggestion(*, results: Results) -> Suggestion:
    """A proposal from the ranking; the secretary edits it and a leader confirms it."""
    average = results.branch_average
    is_advanced = average is not None and average >= ADVANCED_BRANCH_FLOOR
    branch_reason = (
        _("Mass appraisal: %(score)s on average over the five goods (%(count)s responses).")
        % {"score": average, "count": results.response_count}
        if average is not None
        else ""
    )
    quota = max(1, len(results.members) // 3)
    picks = [row for row in results.ranking if row.average is not None and row.average >= EXCELLENT_MEMBER_FLOOR][
        :quota
    ]
    members = [
        (
            row.member,
            _("Mass appraisal: %(score)s on average over the five take-the-leads, rank %(rank)s of %(total)s.")
            % {"score": row.average, "rank": row.rank, "total": len(results.members)},
        )
        for row in picks
    ]
    return Suggestion(is_advanced, branch_reason if is_advanced else "", members)


def selection_for(*, branch: BranchPlan, year: int) -> Selection | None:
    return (
        Selection.objects.filter(branch=branch, year=year)
        .select_related("proposed_by__person", "confirmed_by__person", "round")
        .prefetch_related("excellent_members__member__person")
        .first()
    )


def selections_of(*, branch: BranchPlan) -> models.QuerySet[Selection]:
    return branch.selections.select_related("confirmed_by__person").prefetch_related(
        "excellent_members__member__person"
    )


# --- learning commitments ------------------------------------------------------------------------------------


@dataclass
class CommitmentRow:
    commitment: LearningCommitment
    tally: compliance.Tally


@dataclass
class MemberCompliance:
    member: BranchMember
    rows: list[CommitmentRow]

    @property
    def is_kept(self) -> bool:
        return all(row.tally.is_kept for row in self.rows)

    @property
    def missed(self) -> int:
        return sum(row.tally.missed for row in self.rows)


def default_window(*, branch: BranchPlan, today: datetime.date | None = None) -> compliance.Window:
    """The year of the latest log, so a past campaign opens on its own time; else this year."""
    latest = LearningLog.objects.filter(commitment__branch=branch).order_by("-date").values_list("date", flat=True)
    day = latest.first() or today or timezone.localdate()
    window = compliance.window_parse(str(day.year))
    assert window is not None
    return window


def commitment_compliance(
    *, branch: BranchPlan, window: compliance.Window, today: datetime.date | None = None
) -> list[MemberCompliance]:
    """Every member's commitments with periods kept, missed and open in the window: three queries."""
    today = today or timezone.localdate()
    members = list(branch.members.select_related("person").order_by("sort_order", "id"))
    commitments = list(branch.commitments.order_by("id"))
    spans = {
        item.pk: compliance.periods(
            period=item.period, start=item.start_date, due=item.due_date, window=window, today=today
        )
        for item in commitments
    }
    starts = [span[0].start for span in spans.values() if span]
    ends = [span[-1].end for span in spans.values() if span]
    logs: dict[int, list[tuple[datetime.date, int]]] = defaultdict(list)
    if starts:
        rows = LearningLog.objects.filter(
            commitment__branch=branch, date__gte=min(starts), date__lte=max(ends)
        ).values_list("commitment_id", "date", "quantity")
        for commitment_id, day, quantity in rows:
            logs[commitment_id].append((day, quantity))
    by_member: dict[int, list[CommitmentRow]] = defaultdict(list)
    for item in commitments:
        tally = compliance.tally(target=item.target, spans=spans[item.pk], logs=logs[item.pk], today=today)
        by_member[item.member_id].append(CommitmentRow(item, tally))
    return [MemberCompliance(member, by_member[member.pk]) for member in members]


def commitment_logs(*, commitment: LearningCommitment, limit: int = 60) -> list[LearningLog]:
    return list(commitment.logs.order_by("-date", "-id")[:limit])
