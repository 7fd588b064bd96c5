"""Importing org units: check every row (collecting all errors), then insert them in one go."""

from collections import defaultdict, deque
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jinguo.access.roles import Action
from jinguo.audit.services import audit_created_many
from jinguo.jobs.progress import Progress
from jinguo.org import bulk
from jinguo.org.excel.columns import KIND_NAMES, LEVEL_NAMES, UNIT_COLUMNS
from jinguo.org.excel.readers import Row
from jinguo.org.excel.references import ErrorList, Lookup, UnitDirectory, chunks, lookup_message, parse_int
from jinguo.org.excel.vocabulary import choice_message, parse_choice
from jinguo.org.models import OrgUnit, UnitKind, UnitLevel

COLUMN = {column.field: column for column in UNIT_COLUMNS}


@dataclass
class PlannedUnit:
    row: int
    unit: OrgUnit
    parent: OrgUnit | None = None  # an existing unit …
    parent_index: int | None = None  # … or an earlier row of the file (index into the plan)


@dataclass
class UnitPlan:
    units: list[PlannedUnit] = field(default_factory=list)
    errors: ErrorList = field(default_factory=ErrorList)


class _FileUnits:
    """Rows already read, so a later row may name one of them as its parent."""

    def __init__(self) -> None:
        self.by_reference: dict[str, list[int]] = defaultdict(list)
        self.by_code: dict[str, int] = {}

    def remember(self, index: int, unit: OrgUnit, row: int) -> None:
        self.by_reference[unit.name].append(index)
        if unit.division_code:
            self.by_reference[unit.division_code].append(index)
            self.by_code.setdefault(unit.division_code, row)


def check_units(*, actor, scope_unit: OrgUnit, rows: list[Row], progress: Progress) -> UnitPlan:  # type: ignore[no-untyped-def]
    """Every row checked against the file and the database; the plan is only usable without errors."""
    directory = UnitDirectory(
        user=actor,
        action=Action.MANAGE_UNITS,
        scope_unit=scope_unit,
        references={row.values["parent"] for row in rows if row.values["parent"]},
    )
    plan, seen = UnitPlan(), _FileUnits()
    progress.start(len(rows))
    for done, row in enumerate(rows, start=1):
        planned = _check_row(row, plan.errors)
        if planned is not None:
            _check_code_in_file(row, planned.unit, seen, plan.errors)
            _resolve_parent(row, planned, directory, seen, plan)
            seen.remember(len(plan.units), planned.unit, row.number)
            plan.units.append(planned)
        progress.advance(done)
    _check_existing_codes(plan)
    _check_existing_siblings(plan)
    return plan


def _check_row(row: Row, errors: ErrorList) -> PlannedUnit | None:
    values = row.values
    kind = parse_choice(values.get("kind", ""), KIND_NAMES, UnitKind, default=UnitKind.FEDERATION)
    level = parse_choice(values["level"], LEVEL_NAMES, UnitLevel)
    sort_order = parse_int(values.get("sort_order", ""))
    _require(row, values, ("name", "level", "parent"), errors)
    if kind is None:
        errors.add(row.number, COLUMN["kind"], choice_message(KIND_NAMES))
    if level is None and values["level"]:
        errors.add(row.number, COLUMN["level"], choice_message(LEVEL_NAMES))
    if sort_order is None:
        errors.add(row.number, COLUMN["sort_order"], _("Enter a whole number."))
    unit = OrgUnit(
        name=values["name"],
        short_name=values.get("short_name", ""),
        kind=kind or UnitKind.FEDERATION,
        level=level or UnitLevel.VILLAGE,
        division_code=values.get("division_code") or None,
        sort_order=sort_order or 0,
    )
    _model_errors(row, unit, errors, skip={"level"} if level is None else set())
    # A row with other errors still takes part in parent look-ups, so its children are not also flagged.
    return PlannedUnit(row=row.number, unit=unit) if unit.name and level is not None else None


def _require(row: Row, values: dict[str, str], fields: tuple[str, ...], errors: ErrorList) -> None:
    for name in fields:
        if not values.get(name):
            errors.add(row.number, COLUMN[name], _("This column is required."))


def _model_errors(row: Row, unit: OrgUnit, errors: ErrorList, *, skip: set[str]) -> None:
    """The model's own field rules (lengths, the division code pattern), named by column."""
    try:
        unit.clean()
        unit.clean_fields(exclude=["path", "depth", "numchild", "name_initials", *skip])
    except ValidationError as error:
        if unit.name or "name" not in error.message_dict:  # a blank name is already reported
            errors.add_validation(row.number, error, UNIT_COLUMNS)


def _check_code_in_file(row: Row, unit: OrgUnit, seen: _FileUnits, errors: ErrorList) -> None:
    code = unit.division_code
    if code and code in seen.by_code:
        errors.add(
            row.number,
            COLUMN["division_code"],
            _("The division code %(code)s is also on row %(row)d.") % {"code": code, "row": seen.by_code[code]},
        )


def _resolve_parent(row: Row, planned: PlannedUnit, directory: UnitDirectory, seen: _FileUnits, plan: UnitPlan) -> None:
    """The parent is an earlier row of the file or an existing unit in reach, and only one of them."""
    reference = row.values["parent"]
    if not reference:
        return
    in_file = seen.by_reference.get(reference, [])
    outcome, parent, count = directory.find(reference)
    in_database = 1 if outcome is Lookup.FOUND else count if outcome is Lookup.AMBIGUOUS else 0
    if len(in_file) + in_database > 1:
        plan.errors.add(
            row.number, COLUMN["parent"], lookup_message(Lookup.AMBIGUOUS, reference, len(in_file) + in_database)
        )
    elif in_file:
        planned.parent_index = in_file[0]
        _check_level(row, planned.unit, plan.units[in_file[0]].unit.level, plan.errors)
    elif parent is not None:
        planned.parent = parent
        _check_level(row, planned.unit, parent.level, plan.errors)
    else:
        plan.errors.add(row.number, COLUMN["parent"], lookup_message(outcome, reference, count))


def _check_level(row: Row, unit: OrgUnit, parent_level: int, errors: ErrorList) -> None:
    if unit.level < parent_level:
        errors.add(row.number, COLUMN["level"], _("A unit cannot be of a higher level than its parent."))


def _check_existing_codes(plan: UnitPlan) -> None:
    rows_by_code = {p.unit.division_code: p.row for p in plan.units if p.unit.division_code}
    for part in chunks(rows_by_code):
        for code in OrgUnit.objects.filter(division_code__in=part).values_list("division_code", flat=True):
            plan.errors.add(
                rows_by_code[code],
                COLUMN["division_code"],
                _("A unit with the division code %(code)s already exists.") % {"code": code},
            )


def _check_existing_siblings(plan: UnitPlan) -> None:
    """Refuse a second unit of the same name under one parent (e.g. a file uploaded twice)."""
    in_file: dict[tuple[object, str], int] = {}
    for planned in plan.units:
        key = (planned.parent_index if planned.parent is None else planned.parent.path, planned.unit.name)
        if key in in_file:
            plan.errors.add(
                planned.row,
                COLUMN["name"],
                _("The same unit is also on row %(row)d.") % {"row": in_file[key]},
            )
        in_file.setdefault(key, planned.row)
    wanted = {(path, name): row for (path, name), row in in_file.items() if isinstance(path, str)}
    for part in chunks({name for _path, name in wanted}):
        for path, name in OrgUnit.objects.filter(name__in=part).values_list("path", "name"):
            row = wanted.get((path[: -OrgUnit.steplen], name))
            if row is not None:
                plan.errors.add(
                    row,
                    COLUMN["name"],
                    _("The parent unit already has a unit named “%(name)s”.") % {"name": name},
                )


def _parent_key(planned: PlannedUnit) -> tuple[str, int]:
    if planned.parent is not None:
        return ("unit", planned.parent.pk)
    return ("row", planned.parent_index)  # type: ignore[return-value]


def commit_units(*, actor, plan: UnitPlan) -> list[OrgUnit]:  # type: ignore[no-untyped-def]
    """Insert the planned units, parents before children, one INSERT per parent. Call inside a transaction."""
    children: dict[tuple[str, int], list[int]] = defaultdict(list)
    for index, planned in enumerate(plan.units):
        children[_parent_key(planned)].append(index)
    parent_pks = [pk for kind, pk in children if kind == "unit"]
    # Lock existing parents in path order: concurrent imports under one parent take sibling paths in turn.
    parents = OrgUnit.objects.select_for_update().filter(pk__in=parent_pks).order_by("path")
    pending = deque((parent, ("unit", parent.pk)) for parent in parents)
    created: list[OrgUnit] = []
    while pending:
        parent, key = pending.popleft()
        indexes = children.get(key, [])
        if indexes:
            created += bulk.bulk_create_children(parent, [plan.units[index].unit for index in indexes])
            pending.extend((plan.units[index].unit, ("row", index)) for index in indexes)
    audit_created_many(actor=actor, instances=created)
    return created
