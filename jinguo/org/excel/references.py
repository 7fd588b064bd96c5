"""What row checks share: the error list, and finding the existing units a file refers to."""

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jinguo.access.roles import Action
from jinguo.access.scopes import covers, granted_paths, path_q
from jinguo.org.excel.columns import Column
from jinguo.org.models import OrgUnit

DIVISION_CODE = re.compile(r"^(\d{6}|\d{9}|\d{12})$")
# IN lists are cut to this size: SQLite caps the number of query parameters.
CHUNK = 500
T = TypeVar("T")


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    reason: str


@dataclass
class ErrorList:
    """Every problem of a file, in row order, as the errors workbook lists them."""

    items: list[RowError] = field(default_factory=list)

    def add(self, row: int, column: Column | str, reason: str) -> None:
        self.items.append(RowError(row, column.title if isinstance(column, Column) else column, str(reason)))

    def add_validation(self, row: int, error: ValidationError, columns: tuple[Column, ...]) -> None:
        """A model's field errors, each put under the column that holds the field."""
        by_field = {column.field: column for column in columns}
        for field_name, messages in error.message_dict.items():
            column = by_field.get(field_name, columns[0])
            for message in messages:
                self.add(row, column, message)

    def sorted(self) -> list[RowError]:
        return sorted(self.items, key=lambda item: item.row)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)


def chunks(values: Iterable[T]) -> Iterator[list[T]]:
    listed = list(values)
    for start in range(0, len(listed), CHUNK):
        yield listed[start : start + CHUNK]


def parse_int(value: str) -> int | None:
    """A sort order: blank is 0; anything but a whole number is None (an error)."""
    if not value:
        return 0
    try:
        return int(value)
    except ValueError:
        return None


def reach(user, action: Action, scope_unit: OrgUnit) -> list[str]:  # type: ignore[no-untyped-def]
    """Path prefixes where `user` may do `action`, inside the job's unit."""
    paths = granted_paths(user, action)
    if covers(paths, scope_unit.path):
        return [scope_unit.path]
    return [path for path in paths if path.startswith(scope_unit.path)]


class Lookup(Enum):
    FOUND = "found"
    MISSING = "missing"
    OUTSIDE = "outside"  # exists and the user may see it, but may not do this there
    AMBIGUOUS = "ambiguous"


class UnitDirectory:
    """Existing units a file names by division code or exact name, loaded in a few queries."""

    def __init__(self, *, user, action: Action, scope_unit: OrgUnit, references: set[str]) -> None:  # type: ignore[no-untyped-def]
        self._in_reach = self._load(references, reach(user, action, scope_unit))
        missing = {ref for ref in references if ref not in self._in_reach}
        self._visible = self._load(missing, granted_paths(user, Action.VIEW)) if missing else {}

    @staticmethod
    def _load(references: set[str], paths: list[str]) -> dict[str, list[OrgUnit]]:
        found: dict[str, list[OrgUnit]] = defaultdict(list)
        if not paths:
            return found
        codes = {ref for ref in references if DIVISION_CODE.match(ref)}
        names = references - codes
        scoped = OrgUnit.objects.filter(path_q(paths))
        for part in chunks(codes):
            for unit in scoped.filter(division_code__in=part):
                found[unit.division_code].append(unit)  # type: ignore[index]
        for part in chunks(names):
            for unit in scoped.filter(name__in=part).order_by("path"):
                found[unit.name].append(unit)
        return found

    def find(self, reference: str) -> tuple[Lookup, OrgUnit | None, int]:
        """(outcome, the unit if found, how many matched)."""
        matches = self._in_reach.get(reference, [])
        if len(matches) == 1:
            return Lookup.FOUND, matches[0], 1
        if matches:
            return Lookup.AMBIGUOUS, None, len(matches)
        if self._visible.get(reference):
            return Lookup.OUTSIDE, None, len(self._visible[reference])
        return Lookup.MISSING, None, 0


def lookup_message(outcome: Lookup, reference: str, count: int) -> str:
    if outcome is Lookup.AMBIGUOUS:
        return _("%(count)d units are named “%(name)s”: give the division code instead.") % {
            "count": count,
            "name": reference,
        }
    if outcome is Lookup.OUTSIDE:
        return _("“%(name)s” is outside the units you may manage.") % {"name": reference}
    return _("No unit with the division code or name “%(name)s” was found.") % {"name": reference}
