"""Importing people into the directory: check every row (collecting all errors), then bulk insert."""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jinguo.access.roles import Action
from jinguo.audit.services import audit_created_many
from jinguo.core.fields import blind_index
from jinguo.core.validators import normalize_id_number, normalize_mobile
from jinguo.jobs.progress import Progress
from jinguo.org.bulk import prepare_person
from jinguo.org.excel.columns import GENDER_NAMES, PERSON_COLUMNS
from jinguo.org.excel.readers import Row
from jinguo.org.excel.references import ErrorList, Lookup, UnitDirectory, chunks, lookup_message, parse_int
from jinguo.org.excel.vocabulary import choice_message, parse_choice
from jinguo.org.models import Department, Gender, OrgUnit, Person

COLUMN = {column.field: column for column in PERSON_COLUMNS}
# What an export writes instead of an ID number (Person.masked_id_number): imported as "no ID number".
MASKED_ID_NUMBER = re.compile(r"^\d{4}\*+[\dX]{4}$")
MODEL_DERIVED = ["unit", "department", "name_pinyin", "name_initials", "id_number_index"]


@dataclass
class PlannedPerson:
    row: int
    person: Person
    department_name: str = ""


@dataclass
class PeoplePlan:
    people: list[PlannedPerson] = field(default_factory=list)
    errors: ErrorList = field(default_factory=ErrorList)
    masked_id_numbers: int = 0


def check_people(*, actor, scope_unit: OrgUnit, rows: list[Row], progress: Progress) -> PeoplePlan:  # type: ignore[no-untyped-def]
    """Every row checked against the file and the database; the plan is only usable without errors."""
    directory = UnitDirectory(
        user=actor,
        action=Action.MANAGE_PEOPLE,
        scope_unit=scope_unit,
        references={row.values["unit"] for row in rows if row.values["unit"]},
    )
    plan = PeoplePlan()
    progress.start(len(rows))
    for done, row in enumerate(rows, start=1):
        planned = _check_row(row, directory, plan)
        if planned is not None:
            plan.people.append(planned)
        progress.advance(done)
    _check_duplicates_in_file(plan)
    _resolve_departments(plan)
    _check_existing_id_numbers(plan)
    _check_existing_people(plan)
    return plan


def _check_row(row: Row, directory: UnitDirectory, plan: PeoplePlan) -> PlannedPerson | None:
    values, errors = row.values, plan.errors
    for name in ("name", "unit"):
        if not values.get(name):
            errors.add(row.number, COLUMN[name], _("This column is required."))
    gender = parse_choice(values.get("gender", ""), GENDER_NAMES, Gender, default="")
    if gender is None:
        errors.add(row.number, COLUMN["gender"], choice_message(GENDER_NAMES))
    sort_order = parse_int(values.get("sort_order", ""))
    if sort_order is None:
        errors.add(row.number, COLUMN["sort_order"], _("Enter a whole number."))
    person = Person(
        name=values["name"],
        gender=str(gender or ""),
        title=values.get("title", ""),
        sort_order=sort_order or 0,
        mobile=normalize_mobile(values.get("mobile", "")),
        id_number=_id_number(row, plan),
    )
    _model_errors(row, person, errors)
    unit = _unit(row, directory, errors)
    if not person.name:
        return None
    if unit is not None:
        person.unit = unit
    # Kept even without a unit: later checks (duplicates in the file) still report on the row.
    return PlannedPerson(row=row.number, person=person, department_name=values.get("department", ""))


def _id_number(row: Row, plan: PeoplePlan) -> str:
    value = normalize_id_number(row.values.get("id_number", ""))
    if MASKED_ID_NUMBER.match(value):
        plan.masked_id_numbers += 1
        return ""
    if "E+" in value:  # Excel turned the number into 3.50502E+17 and dropped digits
        plan.errors.add(
            row.number,
            COLUMN["id_number"],
            _(
                "Excel stored this ID number as a number and lost its last digits. Format the column as text and "
                "type the numbers again."
            ),
        )
        return ""
    return value


def _model_errors(row: Row, person: Person, errors: ErrorList) -> None:
    """The model's own field rules (ID check digit, mobile pattern, lengths), named by column."""
    try:
        person.clean()
        person.clean_fields(exclude=MODEL_DERIVED)
    except ValidationError as error:
        if person.name or "name" not in error.message_dict:  # a blank name is already reported
            errors.add_validation(row.number, error, PERSON_COLUMNS)


def _unit(row: Row, directory: UnitDirectory, errors: ErrorList) -> OrgUnit | None:
    reference = row.values["unit"]
    if not reference:
        return None
    outcome, unit, count = directory.find(reference)
    if outcome is not Lookup.FOUND:
        errors.add(row.number, COLUMN["unit"], lookup_message(outcome, reference, count))
    return unit


def _person_key(person: Person) -> tuple[int, str, str] | None:
    """Same unit, name and mobile: the same person, whatever the rest of the row says."""
    return (person.unit_id, person.name, person.mobile) if person.mobile else None


def _check_duplicates_in_file(plan: PeoplePlan) -> None:
    id_rows: dict[str, int] = {}
    person_rows: dict[tuple[int, str, str], int] = {}
    for planned in plan.people:
        id_number, key = planned.person.id_number, _person_key(planned.person)
        if id_number and id_number in id_rows:
            plan.errors.add(
                planned.row,
                COLUMN["id_number"],
                _("The same ID number is also on row %(row)d.") % {"row": id_rows[id_number]},
            )
        elif key and key in person_rows:
            plan.errors.add(
                planned.row,
                COLUMN["name"],
                _("The same person is also on row %(row)d.") % {"row": person_rows[key]},
            )
        if id_number:
            id_rows.setdefault(id_number, planned.row)
        if key:
            person_rows.setdefault(key, planned.row)


def _resolve_departments(plan: PeoplePlan) -> None:
    """A department is named by its name or short name inside the person's unit."""
    named = [planned for planned in plan.people if planned.department_name and planned.person.unit_id]
    departments: dict[tuple[int, str], Department] = {}
    for part in chunks({planned.person.unit_id for planned in named}):
        for department in Department.objects.filter(unit_id__in=part):
            departments.setdefault((department.unit_id, department.short_name), department)
            departments[(department.unit_id, department.name)] = department
    for planned in named:
        found = departments.get((planned.person.unit_id, planned.department_name))
        if found is None:
            plan.errors.add(
                planned.row,
                COLUMN["department"],
                _("%(unit)s has no department named “%(name)s”.")
                % {"unit": planned.person.unit.name, "name": planned.department_name},
            )
        else:
            planned.person.department = found


def _check_existing_id_numbers(plan: PeoplePlan) -> None:
    """The blind index finds an encrypted ID number without decrypting the directory."""
    rows_by_index = {blind_index(p.person.id_number): p.row for p in plan.people if p.person.id_number}
    for part in chunks(rows_by_index):
        for index in Person.objects.filter(id_number_index__in=part).values_list("id_number_index", flat=True):
            plan.errors.add(
                rows_by_index[index],
                COLUMN["id_number"],
                _("A person with this ID number is already in the directory."),
            )


def _check_existing_people(plan: PeoplePlan) -> None:
    wanted: dict[tuple[int, str, str], int] = {}
    for planned in plan.people:
        key = _person_key(planned.person)
        if key:
            wanted.setdefault(key, planned.row)
    for part in chunks({mobile for _unit, _name, mobile in wanted}):
        for key in Person.objects.filter(mobile__in=part).values_list("unit_id", "name", "mobile"):
            if key in wanted:
                plan.errors.add(
                    wanted[key], COLUMN["name"], _("This person (same name and mobile) is already in the unit.")
                )


def commit_people(*, actor, plan: PeoplePlan) -> list[Person]:  # type: ignore[no-untyped-def]
    """Insert the planned people in batches and audit each. Call inside a transaction."""
    people = []
    for planned in plan.people:
        person = prepare_person(planned.person)
        # What Person.save() derives and bulk_create skips: the ID number's blind index.
        person.id_number_index = blind_index(person.id_number) if person.id_number else ""
        people.append(person)
    created = Person.objects.bulk_create(people, batch_size=1000)
    audit_created_many(actor=actor, instances=created)
    return created
