"""Expected submissions: one per reporter and started period, idempotent, only while a unit exists."""

import datetime

import pytest

from jinguo.org.models import Department, DepartmentKind, OrgUnit, UnitLevel
from jinguo.reporting.expected import definition_periods, ensure_expected, reporters
from jinguo.reporting.models import ReportTarget, Submission, SubmissionStatus
from jinguo.reporting.tasks import ensure_expected_task

pytestmark = pytest.mark.django_db

DECEMBER = datetime.date(2012, 12, 15)


def _county_level(world) -> set[int]:  # type: ignore[no-untyped-def]
    city = world.unit("泉州市妇联")
    units = OrgUnit.objects.filter(path__startswith=city.path, depth=city.depth + 1, level=UnitLevel.COUNTY)
    return set(units.values_list("pk", flat=True))


def _departments(world) -> set[int]:  # type: ignore[no-untyped-def]
    departments = Department.objects.filter(unit=world.unit("泉州市妇联"), kind=DepartmentKind.DEPARTMENT)
    return set(departments.values_list("pk", flat=True))


def test_every_county_level_unit_and_city_department_reports(monthly, world):
    found = reporters(monthly, datetime.date(2012, 10, 31))

    assert {r.unit_id for r in found if r.department_id is None} == _county_level(world)
    assert {r.department_id for r in found if r.department_id is not None} == _departments(world)
    assert len(_county_level(world)) >= 13 and len(_departments(world)) >= 5


def test_started_periods_get_rows_once_however_often_the_job_runs(monthly, world):
    created = ensure_expected(monthly, until=DECEMBER)
    again = ensure_expected(monthly, until=DECEMBER)

    reporters_count = len(_county_level(world)) + len(_departments(world))
    assert (created, again) == (3 * reporters_count, 0)  # October, November, December
    october = Submission.objects.filter(definition=monthly, period="2012-10")
    assert {row.status for row in october} == {SubmissionStatus.MISSING}
    first = october.first()
    assert first is not None and (first.due_on, first.late_after) == (
        datetime.date(2012, 11, 1),
        datetime.date(2012, 11, 3),
    )


def test_a_unit_is_expected_only_while_it_exists(monthly, world):
    lichen, fengze = world.unit("鲤城区妇联"), world.unit("丰泽区妇联")
    OrgUnit.objects.filter(pk=lichen.pk).update(closed_on=datetime.date(2012, 11, 20), is_active=False)
    OrgUnit.objects.filter(pk=fengze.pk).update(established_on=datetime.date(2012, 11, 5))

    ensure_expected(monthly, until=DECEMBER)

    def months(unit: OrgUnit) -> list[str]:
        rows = Submission.objects.filter(definition=monthly, unit=unit, department__isnull=True)
        return sorted(rows.values_list("period", flat=True))

    assert months(lichen) == ["2012-10"]  # closed in November: not expected for November
    assert months(fengze) == ["2012-11", "2012-12"]  # founded in November


def test_a_list_of_units_and_one_department(monthly, world):
    monthly.targets.all().delete()
    office = Department.objects.get(unit=world.unit("泉州市妇联"), name="办公室")
    ReportTarget.objects.create(definition=monthly, unit=world.unit("鲤城区妇联"))
    ReportTarget.objects.create(definition=monthly, unit=world.unit("石狮市妇联"))
    ReportTarget.objects.create(definition=monthly, department=office)

    found = reporters(monthly, datetime.date(2012, 10, 31))

    assert sorted((r.unit_id, r.department_id) for r in found) == sorted(
        [(world.unit("鲤城区妇联").pk, None), (world.unit("石狮市妇联").pk, None), (office.unit_id, office.pk)]
    )


def test_periods_stop_at_the_last_day_and_start_at_the_first(monthly):
    assert definition_periods(monthly, datetime.date(2012, 9, 30)) == []
    assert [p.key for p in definition_periods(monthly, datetime.date(2026, 1, 1))][-1] == "2013-08"


def test_the_daily_task_covers_every_active_definition(monthly, world):
    created = ensure_expected_task.apply().get()

    assert created == Submission.objects.filter(definition=monthly).count() > 0
    assert ensure_expected_task.apply().get() == 0
