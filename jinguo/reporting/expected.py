"""Who must report for which period: the expected submissions of a definition.

Rows are created for every (reporter, period) once the period has started, so a missing report is a
row in state "missing", not an absence. Creating them is idempotent (a unique constraint and
`ignore_conflicts`): the daily job, a restart or a second worker never doubles a row.
"""

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.utils import timezone

from jinguo.access.scopes import path_q
from jinguo.org.models import Department, DepartmentKind, OrgUnit
from jinguo.reporting.models import ReportDefinition, ReportTarget, Submission
from jinguo.reporting.periods import Frequency, Period, due_date, late_after, one_off_period, periods_between

BATCH_SIZE = 5_000


def definition_periods(definition: ReportDefinition, until: datetime.date) -> list[Period]:
    """The periods of `definition` that have started by `until`."""
    if definition.frequency == Frequency.ONE_OFF:
        assert definition.last_day is not None  # a check constraint
        period = one_off_period(definition.first_day, definition.last_day)
        return [period] if period.start <= until else []
    last = min(until, definition.last_day) if definition.last_day else until
    return (
        list(periods_between(definition.frequency, definition.first_day, last)) if last >= definition.first_day else []
    )


def exists_on(day: datetime.date, prefix: str = "") -> Q:
    """Units that exist at the end of a period: established by then and not closed by then."""
    return (
        (Q(**{f"{prefix}established_on__isnull": True}) | Q(**{f"{prefix}established_on__lte": day}))
        & (Q(**{f"{prefix}closed_on__isnull": True}) | Q(**{f"{prefix}closed_on__gt": day}))
        & (Q(**{f"{prefix}is_active": True}) | Q(**{f"{prefix}closed_on__isnull": False}))
    )


def _target_units(target: ReportTarget) -> models.QuerySet[OrgUnit]:
    assert target.unit is not None
    if not target.below:
        return OrgUnit.objects.filter(pk=target.unit_id)
    units = OrgUnit.objects.filter(path_q([target.unit.path]), depth__gt=target.unit.depth)
    if target.level is not None:
        units = units.filter(level=target.level)
    if target.unit_kind:
        units = units.filter(kind=target.unit_kind)
    return units


@dataclass(frozen=True)
class Reporter:
    unit_id: int
    department_id: int | None = None


def reporters(definition: ReportDefinition, on: datetime.date) -> list[Reporter]:
    """Units and departments that must report for a period ending `on`, each once, in tree order."""
    units: set[int] = set()
    departments: dict[int, int] = {}  # department → its unit
    for target in definition.targets.select_related("unit", "department__unit"):
        if target.department is not None:
            departments[target.department.pk] = target.department.unit_id
            continue
        if target.departments:
            kept = Department.objects.filter(unit=target.unit, kind=DepartmentKind.DEPARTMENT)
            departments.update(dict(kept.values_list("pk", "unit_id")))
        if target.below or not target.departments:
            units.update(_target_units(target).filter(exists_on(on)).values_list("pk", flat=True))
    alive = set(OrgUnit.objects.filter(exists_on(on), pk__in=set(departments.values())).values_list("pk", flat=True))
    found = [Reporter(unit) for unit in units]
    found += [Reporter(unit, department) for department, unit in departments.items() if unit in alive]
    return found


def _rows(definition: ReportDefinition, period: Period, found: Iterable[Reporter]) -> Iterator[Submission]:
    due = due_date(period, definition.due_rule, definition.due_value)
    on_time_until = late_after(due, definition.grace_days)
    for reporter in found:
        yield Submission(
            definition=definition,
            unit_id=reporter.unit_id,
            department_id=reporter.department_id,
            period=period.key,
            period_start=period.start,
            period_end=period.end,
            due_on=due,
            late_after=on_time_until,
        )


def ensure_expected(definition: ReportDefinition, until: datetime.date | None = None) -> int:
    """Create the missing expected submissions of every started period; returns how many were new."""
    until = until or timezone.localdate()
    before = Submission.objects.filter(definition=definition).count()
    for period in definition_periods(definition, until):
        rows = list(_rows(definition, period, reporters(definition, period.end)))
        Submission.objects.bulk_create(rows, batch_size=BATCH_SIZE, ignore_conflicts=True)
    return Submission.objects.filter(definition=definition).count() - before


def ensure_all_expected(until: datetime.date | None = None) -> int:
    """The daily job: every active definition."""
    return sum(ensure_expected(definition, until) for definition in ReportDefinition.objects.filter(is_active=True))
