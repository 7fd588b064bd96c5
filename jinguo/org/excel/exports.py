"""Exports of a subtree's units and people, in the import format, so an export can be imported again.

Units are named by division code where they have one (names repeat across townships), and ID
numbers are masked: exports are redacted by default.
"""

from collections.abc import Iterator

from jinguo.core.fields import mask_identity
from jinguo.jobs.progress import Progress
from jinguo.org import policies
from jinguo.org.excel.columns import GENDER_NAMES, KIND_NAMES, LEVEL_NAMES, PERSON_COLUMNS, UNIT_COLUMNS
from jinguo.org.excel.vocabulary import export_name
from jinguo.org.excel.writers import rows_workbook
from jinguo.org.models import OrgUnit

BATCH = 2000


def unit_reference(division_code: str | None, name: str) -> str:
    return division_code or name


def _unit_rows(user, unit: OrgUnit, progress: Progress) -> Iterator[list[object]]:  # type: ignore[no-untyped-def]
    units = policies.units.scope(user).filter(path__startswith=unit.path).order_by("path")
    progress.start(units.count())
    references: dict[str, str] = {}  # path → how the rows below refer to it
    parent = OrgUnit.objects.filter(path=unit.path[: -OrgUnit.steplen]).first() if unit.depth > 1 else None
    if parent is not None:
        references[parent.path] = unit_reference(parent.division_code, parent.name)
    fields = ("path", "name", "short_name", "kind", "level", "division_code", "sort_order")
    for done, (path, name, short_name, kind, level, code, sort_order) in enumerate(
        units.values_list(*fields).iterator(chunk_size=BATCH), start=1
    ):
        references[path] = unit_reference(code, name)
        yield [
            name,
            short_name,
            export_name(KIND_NAMES, kind),
            export_name(LEVEL_NAMES, level),
            references.get(path[: -OrgUnit.steplen], ""),
            code or "",
            sort_order,
        ]
        progress.advance(done)


def export_units(*, user, unit: OrgUnit, progress: Progress) -> tuple[bytes, int]:  # type: ignore[no-untyped-def]
    """The workbook of `unit` and every unit below it that the user may see, and how many rows."""
    rows = list(_unit_rows(user, unit, progress))
    return rows_workbook(UNIT_COLUMNS, rows), len(rows)


def _person_rows(user, unit: OrgUnit, progress: Progress) -> Iterator[list[object]]:  # type: ignore[no-untyped-def]
    people = (
        policies.people.scope(user).filter(unit__path__startswith=unit.path).order_by("unit__path", "sort_order", "id")
    )
    progress.start(people.count())
    fields = (
        "name",
        "gender",
        "mobile",
        "id_number",
        "title",
        "unit__division_code",
        "unit__name",
        "department__name",
        "sort_order",
    )
    for done, (name, gender, mobile, id_number, title, code, unit_name, department, sort_order) in enumerate(
        people.values_list(*fields).iterator(chunk_size=BATCH), start=1
    ):
        yield [
            name,
            export_name(GENDER_NAMES, gender) if gender else "",
            mobile,
            mask_identity(id_number) if id_number else "",
            title,
            unit_reference(code, unit_name),
            department or "",
            sort_order,
        ]
        progress.advance(done)


def export_people(*, user, unit: OrgUnit, progress: Progress) -> tuple[bytes, int]:  # type: ignore[no-untyped-def]
    """The workbook of the people in `unit`'s subtree that the user may see, ID numbers masked."""
    rows = list(_person_rows(user, unit, progress))
    return rows_workbook(PERSON_COLUMNS, rows), len(rows)
