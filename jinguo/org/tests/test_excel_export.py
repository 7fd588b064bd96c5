"""Export of a subtree's units and people to .xlsx in the import format, and the way back."""

import pytest
from django.core.exceptions import PermissionDenied

from jinguo.jobs.models import JobStatus
from jinguo.org import bulk, services
from jinguo.org.excel import exports
from jinguo.org.excel.columns import PERSON_COLUMNS, UNIT_COLUMNS, titles
from jinguo.org.excel.writers import template_workbook
from jinguo.org.jobs import EXPORT_PEOPLE, EXPORT_UNITS, IMPORT_PEOPLE, IMPORT_UNITS
from jinguo.org.models import OrgUnit, Person, UnitKind, UnitLevel
from jinguo.org.tests.spreadsheets import UNITS_HEADER, id_number, result_rows, run_job, workbook_rows, xlsx_bytes

pytestmark = pytest.mark.django_db


class NoProgress:
    def start(self, total: int) -> None:
        pass

    def advance(self, done: int, *, force: bool = False) -> None:
        pass


@pytest.fixture
def run(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    def run(kind: str, user, unit, filename: str | None = None, content: bytes = b""):  # type: ignore[no-untyped-def]
        return run_job(
            django_capture_on_commit_callbacks, kind=kind, user=user, unit=unit, filename=filename, content=content
        )

    return run


@pytest.fixture
def admin(world):  # type: ignore[no-untyped-def]
    return world.user("huangyufang")


def test_units_export_lists_the_subtree_parents_first(run, admin, world):
    county = world.unit("鲤城区妇联")
    job = run(EXPORT_UNITS, admin, county)

    assert (job.status, job.summary) == (JobStatus.SUCCEEDED, {"rows": 7})
    assert job.result_name.endswith(".xlsx") and "鲤城区妇联" in job.result_name
    rows = result_rows(job)
    assert rows[0] == tuple(titles(UNIT_COLUMNS))
    assert rows[1] == ("鲤城区妇联", "鲤城区", "妇联", "县级", "350500", "350502", county.sort_order)
    township = OrgUnit.objects.get(division_code="350502001")
    assert rows[2] == (township.name, township.short_name, "妇联", "乡镇级", "350502", "350502001", 0)
    village = OrgUnit.objects.get(division_code="350502001001")
    assert rows[3] == (village.name, village.short_name, "社区妇联", "村级", "350502001", "350502001001", 0)


def test_people_export_masks_id_numbers(run, admin, world):
    village = OrgUnit.objects.get(division_code="350502001001")
    services.person_create(
        actor=admin,
        data={
            "unit": village,
            "name": "陈美玲",
            "gender": "F",
            "mobile": "13905951201",
            "title": "执委",
            "id_number": id_number(5),
            "sort_order": 9,
        },
    )
    job = run(EXPORT_PEOPLE, admin, village)

    rows = result_rows(job)
    assert rows[0] == tuple(titles(PERSON_COLUMNS))
    assert rows[-1] == (
        "陈美玲",
        "女",
        "13905951201",
        id_number(5)[:4] + "*" * 10 + id_number(5)[-4:],
        "执委",
        "350502001001",
        None,
        9,
    )
    assert job.summary == {"rows": 3}
    assert not any(id_number(5) in str(cell) for row in rows for cell in row)


def test_export_needs_sight_of_the_unit(admin, world, django_capture_on_commit_callbacks):
    with pytest.raises(PermissionDenied):
        run_job(django_capture_on_commit_callbacks, kind=EXPORT_PEOPLE, user=admin, unit=world.unit("泉州市妇联"))


def test_units_round_trip(run, admin, world):
    """Import a township with its villages, export it, remove it, import the export: the same units."""
    county = world.unit("鲤城区妇联")
    rows = [
        UNITS_HEADER,
        ["新城街道妇联", "新城街道", "妇联", "乡镇级", "350502", "350502090", "9"],
        ["新城社区妇联", "新城社区", "社区妇联", "村级", "新城街道妇联", "350502090001", "1"],
        ["东岳村妇代会", "东岳村", "村妇代会", "村级", "350502090", "", "2"],
    ]
    assert run(IMPORT_UNITS, admin, county, "u.xlsx", xlsx_bytes(rows)).status == JobStatus.SUCCEEDED
    township = OrgUnit.objects.get(division_code="350502090")
    fields = ("name", "short_name", "kind", "level", "division_code", "sort_order", "depth")
    before = list(OrgUnit.objects.filter(path__startswith=township.path).order_by("path").values_list(*fields))

    exported = run(EXPORT_UNITS, admin, township)
    with exported.result_file.open("rb") as result:
        content = result.read()
    assert [row[:5] for row in workbook_rows(content)[1:]] == [
        ("新城街道妇联", "新城街道", "妇联", "乡镇级", "350502"),
        ("新城社区妇联", "新城社区", "社区妇联", "村级", "350502090"),
        ("东岳村妇代会", "东岳村", "村妇代会", "村级", "350502090"),
    ]
    OrgUnit.objects.get(pk=township.pk).delete()
    again = run(IMPORT_UNITS, admin, county, "export.xlsx", content)

    assert again.status == JobStatus.SUCCEEDED, again.summary
    township = OrgUnit.objects.get(division_code="350502090")
    after = list(OrgUnit.objects.filter(path__startswith=township.path).order_by("path").values_list(*fields))
    assert after == before
    assert before[2][2:4] == (UnitKind.VILLAGE_COMMITTEE, UnitLevel.VILLAGE)


def test_people_round_trip(run, admin, world):
    """Export a unit's people, remove them, import the export: the same people, ID numbers blank."""
    village = OrgUnit.objects.get(division_code="350502001001")
    services.person_create(
        actor=admin, data={"unit": village, "name": "陈美玲", "gender": "F", "id_number": id_number(5), "title": "执委"}
    )
    fields = ("name", "gender", "mobile", "title", "unit_id", "department_id", "sort_order")
    before = sorted(Person.objects.filter(unit=village).values_list(*fields))
    exported = run(EXPORT_PEOPLE, admin, village)
    with exported.result_file.open("rb") as result:
        content = result.read()
    Person.objects.filter(unit=village).delete()

    again = run(IMPORT_PEOPLE, admin, village, "export.xlsx", content)

    assert (again.status, again.summary["created"], again.summary["masked_id_numbers"]) == (JobStatus.SUCCEEDED, 3, 1)
    assert sorted(Person.objects.filter(unit=village).values_list(*fields)) == before
    assert Person.objects.get(unit=village, name="陈美玲").id_number == ""


def test_a_county_with_300_villages_exports_in_a_few_queries(admin, world, django_assert_max_num_queries):
    township = OrgUnit.objects.get(division_code="350502002")
    villages = [
        OrgUnit(
            name=f"试验{index}村妇代会",
            kind=UnitKind.VILLAGE_COMMITTEE,
            level=UnitLevel.VILLAGE,
            division_code=f"350502002{index + 100:03d}",
        )
        for index in range(300)
    ]
    bulk.bulk_create_children(township, villages)
    people = [
        bulk.prepare_person(Person(unit=village, name="陈美玲", mobile=f"1390595{index:04d}"))
        for index, village in enumerate(villages)
    ]
    Person.objects.bulk_create(people)
    county = world.unit("鲤城区妇联")

    with django_assert_max_num_queries(6):
        content, count = exports.export_units(user=admin, unit=county, progress=NoProgress())  # type: ignore[arg-type]
    assert count == 307 and len(workbook_rows(content)) == 308
    with django_assert_max_num_queries(6):
        content, count = exports.export_people(user=admin, unit=county, progress=NoProgress())  # type: ignore[arg-type]
    assert count == Person.objects.filter(unit__path__startswith=county.path).count() == 314


def test_import_templates_are_the_title_rows():
    assert workbook_rows(template_workbook(PERSON_COLUMNS)) == [tuple(titles(PERSON_COLUMNS))]
    assert workbook_rows(template_workbook(UNIT_COLUMNS)) == [tuple(titles(UNIT_COLUMNS))]
