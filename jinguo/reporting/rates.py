"""Completeness and timeliness, as DHIS2 defines them: the reporting rate is reports sent over
reports expected; the on-time rate is reports first sent by the due date (plus grace) over reports
expected. A returned report does not count as sent until it is sent again.

Read down the tree one level at a time: rows are grouped in the database by the path prefix of the
focus unit's direct subordinates, so a province's 31,000 units come back as a dozen lines.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils import timezone

from jinguo.access.scopes import path_q
from jinguo.org.models import OrgUnit
from jinguo.reporting.models import EDITABLE, REPORTED, ReportDefinition, Submission, SubmissionStatus

ON_TIME = Q(status__in=REPORTED, is_late=False)


@dataclass(frozen=True)
class Rates:
    expected: int
    reported: int
    on_time: int
    returned: int

    @property
    def missing(self) -> int:
        return self.expected - self.reported

    @property
    def late(self) -> int:
        return self.reported - self.on_time

    @property
    def reporting_rate(self) -> float | None:
        return self.reported / self.expected if self.expected else None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.expected if self.expected else None


@dataclass(frozen=True)
class BranchRates:
    unit: OrgUnit
    rates: Rates
    is_focus: bool = False  # the focus unit's own reports (and its departments'), apart from its subordinates'


def rate_counts() -> dict[str, Count]:
    """The aggregates a `Rates` is made of, to group by whatever a page needs."""
    return {
        "expected": Count("pk"),
        "reported": Count("pk", filter=Q(status__in=REPORTED)),
        "on_time": Count("pk", filter=ON_TIME),
        "returned": Count("pk", filter=Q(status=SubmissionStatus.RETURNED)),
    }


def rates_of(submissions: models.QuerySet[Submission]) -> Rates:
    return Rates(**submissions.aggregate(**rate_counts()))


def branch_rates(*, definition: ReportDefinition, periods: Sequence[str], focus: OrgUnit) -> list[BranchRates]:
    """One line per direct subordinate of `focus` with reports expected in its subtree: two queries.

    `focus` must be within the viewer's reach (the caller fetched it through a policy)."""
    length = len(focus.path) + OrgUnit.steplen
    submissions = Submission.objects.filter(
        path_q([focus.path], "unit__path"), definition=definition, period__in=periods
    ).annotate(branch=Substr("unit__path", 1, length))
    # The stubs do not see keys annotated from a dict: read the rows as plain dicts.
    grouped: Iterable[dict[str, Any]] = submissions.values("branch").annotate(**rate_counts()).order_by()  # type: ignore[assignment]
    figures = {
        row["branch"]: Rates(row["expected"], row["reported"], row["on_time"], row["returned"]) for row in grouped
    }
    units = OrgUnit.objects.filter(path__in=list(figures)).order_by("path")
    return [BranchRates(unit, figures[unit.path], unit.pk == focus.pk) for unit in units]


@dataclass(frozen=True)
class Cell:
    """One unit's report for one period, as the matrix colours it."""

    submission_id: int
    state: str  # on_time, late, missing, returned, draft (not sent yet, not overdue), not_due


def cell_state(status: str, is_late: bool | None, late_after: datetime.date, today: datetime.date) -> str:
    if status in REPORTED:
        return "late" if is_late else "on_time"
    if status == SubmissionStatus.RETURNED:
        return "returned"
    return "missing" if late_after < today else "not_due"


def unit_matrix(
    *,
    definition: ReportDefinition,
    periods: Sequence[str],
    units: Sequence[OrgUnit],
    today: datetime.date | None = None,
) -> dict[tuple[int, str], list[Cell]]:
    """(unit, period) → its cells (a unit's own report, then its departments'): one query of tuples."""
    today = today or timezone.localdate()
    rows = (
        Submission.objects.filter(definition=definition, period__in=periods, unit__in=[unit.pk for unit in units])
        .order_by("unit_id", "period", "department_id")
        .values_list("pk", "unit_id", "period", "status", "is_late", "late_after")
    )
    cells: dict[tuple[int, str], list[Cell]] = {}
    for pk, unit_id, period, status, is_late, until in rows:
        cells.setdefault((unit_id, period), []).append(Cell(pk, cell_state(status, is_late, until, today)))
    return cells


def overdue(
    submissions: models.QuerySet[Submission], today: datetime.date | None = None
) -> models.QuerySet[Submission]:
    """Reports past their on-time date that have not been sent (or were returned and not sent again)."""
    today = today or timezone.localdate()
    return submissions.filter(status__in=EDITABLE, late_after__lt=today).order_by(
        "due_on", "unit__path", "pk"
    )  # pk: a unit and its departments tie
