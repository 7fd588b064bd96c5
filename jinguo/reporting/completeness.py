"""Read models of the completeness pages: where a viewer's view of a report starts and how far it may
drill, which period to show, each definition's rates at a glance, and the unit × period matrix.

A view starts at the definition's owner when the viewer reaches it, else at the viewer's own units
below the owner (a county looks at the city's report from the county). `?unit=` drills to any unit
below that start; anything else is a 404. Every function runs a fixed number of queries, whatever
the size of the tree.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q
from django.db.models.functions import Substr
from django.http import Http404

from jinguo.access.roles import Action
from jinguo.access.scopes import covers, granted_paths, path_q
from jinguo.accounts.models import User
from jinguo.org import selectors as org_selectors
from jinguo.org.models import OrgUnit
from jinguo.reporting.expected import definition_periods
from jinguo.reporting.models import ReportDefinition, Submission
from jinguo.reporting.periods import Period, due_date, late_after
from jinguo.reporting.rates import Rates, cell_state, rate_counts

MATRIX_PERIODS = 12
# Reporting-rate bands of a summary cell in the matrix: at least this share sent.
GOOD_RATE, FAIR_RATE = 0.9, 0.6


# --- where the view starts ----------------------------------------------------------------------


def _tops(definition: ReportDefinition, reach: list[str], reach_units: Sequence[OrgUnit]) -> list[OrgUnit]:
    if covers(reach, definition.owner.path):
        return [definition.owner]
    return [unit for unit in reach_units if unit.path.startswith(definition.owner.path)]


def _reach_units(user: User) -> list[OrgUnit]:
    return list(OrgUnit.objects.filter(path__in=granted_paths(user, Action.VIEW)).order_by("path"))


def report_tops(*, user: User, definition: ReportDefinition) -> list[OrgUnit]:
    """The units the viewer's view of `definition` starts from (the definition is in their scope)."""
    reach = granted_paths(user, Action.VIEW)
    return _tops(definition, reach, [] if covers(reach, definition.owner.path) else _reach_units(user))


@dataclass(frozen=True)
class Focus:
    unit: OrgUnit
    ancestors: list[OrgUnit]  # from the viewer's top unit down to the focus's parent
    tops: list[OrgUnit]

    @property
    def other_tops(self) -> list[OrgUnit]:
        """The viewer's other starting units, apart from the one the focus lies under."""
        return [unit for unit in self.tops if not self.unit.path.startswith(unit.path)]


def report_focus(*, user: User, definition: ReportDefinition, unit_pk: object = None) -> Focus:
    """The unit whose subordinates the pages break the report down by, and the path to it."""
    tops = report_tops(user=user, definition=definition)
    focus, ancestors = org_selectors.unit_drill(tops=tops, unit_pk=unit_pk)
    return Focus(focus, ancestors, tops)


# --- periods ------------------------------------------------------------------------------------------


def on_time_until(definition: ReportDefinition, period: Period) -> datetime.date:
    return late_after(due_date(period, definition.due_rule, definition.due_value), definition.grace_days)


def closed_period(definition: ReportDefinition, periods: Sequence[Period], today: datetime.date) -> Period | None:
    """The latest period whose on-time date has passed; before the first one closes, the latest started."""
    closed = [period for period in periods if on_time_until(definition, period) < today]
    return closed[-1] if closed else (periods[-1] if periods else None)


def chosen_period(
    definition: ReportDefinition, key: object, today: datetime.date
) -> tuple[Period | None, list[Period]]:
    """The period `key` names (default: `closed_period`; None before the first starts) and every
    started period, latest first. A key that names no started period is a 404."""
    periods = definition_periods(definition, today)
    if key in (None, ""):
        return closed_period(definition, periods, today), periods[::-1]
    chosen = next((period for period in periods if period.key == key), None)
    if chosen is None:
        raise Http404
    return chosen, periods[::-1]


# --- each definition at a glance -------------------------------------------------------------------


@dataclass(frozen=True)
class DefinitionRates:
    definition: ReportDefinition
    period: Period | None
    tops: list[OrgUnit]
    rates: Rates


def definitions_rates(
    *, user: User, definitions: Sequence[ReportDefinition], today: datetime.date
) -> list[DefinitionRates]:
    """Each definition's rates in its latest closed period under the viewer's top units: two queries."""
    reach = granted_paths(user, Action.VIEW)
    reach_units = _reach_units(user)
    plans: list[tuple[ReportDefinition, Period | None, list[OrgUnit]]] = []
    wanted = Q(pk__in=[])
    for definition in definitions:
        period = closed_period(definition, definition_periods(definition, today), today)
        tops = _tops(definition, reach, reach_units)
        plans.append((definition, period, tops))
        if period is not None and tops:
            wanted |= Q(definition=definition, period=period.key) & path_q([top.path for top in tops], "unit__path")
    grouped: Any = Submission.objects.filter(wanted).values("definition").annotate(**rate_counts()).order_by()
    figures = {row.pop("definition"): Rates(**row) for row in grouped}
    return [
        DefinitionRates(definition, period, tops, figures.get(definition.pk, Rates(0, 0, 0, 0)))
        for definition, period, tops in plans
    ]


# --- the matrix -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixCell:
    """A reporter's report in one period (`state` as rates.cell_state), or, in a branch's row, the
    rates of its whole subtree (`state` is the reporting-rate band)."""

    state: str
    submission_id: int | None = None
    rates: Rates | None = None


@dataclass
class MatrixRow:
    unit: OrgUnit
    department: str = ""  # a department's own reports
    is_branch: bool = False  # a unit with reporters below it: one summary cell a period, drillable
    cells: dict[str, MatrixCell] = field(default_factory=dict)

    def cells_for(self, periods: Sequence[Period]) -> list[MatrixCell | None]:
        return [self.cells.get(period.key) for period in periods]


def rate_band(rates: Rates, is_due: bool) -> str:
    if not is_due or rates.reporting_rate is None:
        return "not_due"
    return "good" if rates.reporting_rate >= GOOD_RATE else "fair" if rates.reporting_rate >= FAIR_RATE else "poor"


def matrix_periods(definition: ReportDefinition, today: datetime.date) -> list[Period]:
    return definition_periods(definition, today)[-MATRIX_PERIODS:]


def unit_matrix_rows(
    *, definition: ReportDefinition, focus: OrgUnit, periods: Sequence[Period], today: datetime.date
) -> list[MatrixRow]:
    """One row per unit directly under `focus` with reports in its subtree: three queries.

    A unit with reporters below it gets a summary cell a period; a unit that reports alone (and the
    focus's own reports, one row per department) gets its own cells."""
    keys = [period.key for period in periods]
    due = {period.key: on_time_until(definition, period) < today for period in periods}
    figures, deeper = _branch_figures(definition, focus, keys)
    units = {unit.path: unit for unit in OrgUnit.objects.filter(path__in={branch for branch, _key in figures})}
    branch_rows = {
        path: MatrixRow(unit, is_branch=True) for path, unit in units.items() if path in deeper and unit.pk != focus.pk
    }
    for (branch, key), rates in figures.items():
        if branch in branch_rows:
            branch_rows[branch].cells[key] = MatrixCell(rate_band(rates, due[key]), rates=rates)
    reporters = [unit for path, unit in units.items() if path not in branch_rows]
    rows = [*_reporter_rows(definition, reporters, keys, today), *branch_rows.values()]
    return sorted(rows, key=lambda row: (row.unit.path, row.is_branch))


def _branch_figures(
    definition: ReportDefinition, focus: OrgUnit, keys: list[str]
) -> tuple[dict[tuple[str, str], Rates], set[str]]:
    """Rates per (direct subordinate's path, period), and the subordinates with reporters below them."""
    length = len(focus.path) + OrgUnit.steplen
    grouped: Any = (
        Submission.objects.filter(path_q([focus.path], "unit__path"), definition=definition, period__in=keys)
        .annotate(branch=Substr("unit__path", 1, length))
        .values("branch", "period")
        .annotate(**rate_counts(), deeper=Count("pk", filter=Q(unit__depth__gt=focus.depth + 1)))
        .order_by()
    )
    figures: dict[tuple[str, str], Rates] = {}
    deeper: set[str] = set()
    for row in grouped:
        branch, period = row.pop("branch"), row.pop("period")
        if row.pop("deeper"):
            deeper.add(branch)
        figures[(branch, period)] = Rates(**row)
    return figures, deeper


def _reporter_rows(
    definition: ReportDefinition, units: Sequence[OrgUnit], keys: list[str], today: datetime.date
) -> list[MatrixRow]:
    """The reports of `units` themselves and of their departments: one row per reporter."""
    by_pk = {unit.pk: unit for unit in units}
    cells = (
        Submission.objects.filter(definition=definition, period__in=keys, unit__in=list(by_pk))
        .order_by("unit__path", F("department__sort_order").asc(nulls_first=True), "department_id")
        .values_list("pk", "unit_id", "department_id", "department__name", "period", "status", "is_late", "late_after")
    )
    rows: dict[tuple[int, int | None], MatrixRow] = {}
    for pk, unit_id, department_id, department, period, status, is_late, until in cells:
        row = rows.setdefault((unit_id, department_id), MatrixRow(by_pk[unit_id], department or ""))
        row.cells[period] = MatrixCell(cell_state(status, is_late, until, today), submission_id=pk)
    return list(rows.values())
