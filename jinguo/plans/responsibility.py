"""Turn a document's wording of responsibility into directory records.

Seed 000 writes 责任单位 / 责任人 / 分管领导 as names (办公室, 刘伟宏, 丁为华), several at once
(妇儿工委办、市妇女儿童活动中心), or as generic labels that stand for a set:
机关各部室 (every internal department), 各部室负责人 (their heads), 各分管领导 (their supervising
leaders), 党组 / 党组成员 (the party group and its members). The importer reads the same forms.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from jinguo.core.chinese import normalize_name
from jinguo.org.models import (
    Department,
    DepartmentKind,
    GroupKind,
    LeadingGroup,
    OrgUnit,
    Person,
    PositionKind,
)

ALL_DEPARTMENTS = "机关各部室"
ALL_DEPARTMENT_HEADS = "各部室负责人"
ALL_SUPERVISING_LEADERS = "各分管领导"
PARTY_GROUP = "党组"
PARTY_GROUP_MEMBERS = "党组成员"
HEAD_POSITIONS = (PositionKind.DEPARTMENT_HEAD, PositionKind.DEPUTY_DEPARTMENT_HEAD, PositionKind.DIRECTOR)

_SEPARATORS = re.compile(r"[、，,；;和]")


def split_names(text: str) -> list[str]:
    """妇儿工委办、市妇女儿童活动中心 → two names; brackets stay whole (各县（市、区）妇联)."""
    names, depth, current = [], 0, ""
    for char in text:
        depth += char in "（("
        depth -= char in "）)"
        if depth == 0 and _SEPARATORS.match(char):
            names.append(current)
            current = ""
        else:
            current += char
    names.append(current)
    return [normalize_name(name) for name in names if name.strip()]


@dataclass
class Party:
    """One resolved responsible party: a unit, a department or a person, with the words it came from."""

    label: str
    unit: OrgUnit | None = None
    department: Department | None = None
    person: Person | None = None


@dataclass
class Resolution:
    units: list[Party] = field(default_factory=list)
    persons: list[Party] = field(default_factory=list)
    leaders: list[Party] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class ResponsibilityResolver:
    """Resolves names within the issuing unit (departments) and its subtree (units, people)."""

    def __init__(self, issuing_unit: OrgUnit) -> None:
        self.unit = issuing_unit

    def resolve(self, *, units: str, persons: str, leaders: str) -> Resolution:
        result = Resolution()
        departments: list[Department] = []
        for name in split_names(units):
            found = self._units(name, result)
            result.units += found
            departments += [party.department for party in found if party.department]
        for name in split_names(persons):
            result.persons += self._persons(name, departments, result)
        for name in split_names(leaders):
            result.leaders += self._leaders(name, departments, result)
        return result

    def _units(self, name: str, result: Resolution) -> list[Party]:
        if name == ALL_DEPARTMENTS:
            return [Party(name, department=d) for d in self._internal_departments()]
        if name == PARTY_GROUP:
            return [Party(name, unit=self.unit)]
        department = self.unit.departments.filter(Q(name=name) | Q(short_name=name)).first()
        if department is not None:
            return [Party(name, department=department)]
        unit = OrgUnit.objects.filter(path__startswith=self.unit.path).filter(Q(name=name) | Q(short_name=name)).first()
        if unit is not None:
            return [Party(name, unit=unit)]
        result.problems.append(_("No department or unit named “%(name)s”.") % {"name": name})
        return []

    def _persons(self, name: str, departments: list[Department], result: Resolution) -> list[Party]:
        if name == ALL_DEPARTMENT_HEADS:
            return [Party(name, person=head) for head in self._heads(departments)]
        if name == PARTY_GROUP_MEMBERS:
            return [Party(name, person=member) for member in self._party_group_members()]
        return self._named_person(name, result)

    def _leaders(self, name: str, departments: list[Department], result: Resolution) -> list[Party]:
        if name == ALL_SUPERVISING_LEADERS:
            leaders = {d.supervising_leader_id: d.supervising_leader for d in departments if d.supervising_leader}
            return [Party(name, person=leader) for leader in leaders.values() if leader]
        return self._named_person(name, result)

    def _named_person(self, name: str, result: Resolution) -> list[Party]:
        people = list(Person.objects.filter(name=name, unit__path__startswith=self.unit.path)[:2])
        if len(people) == 1:
            return [Party(name, person=people[0])]
        message = _("Nobody named “%(name)s” in %(unit)s.") if not people else _("Several people named “%(name)s”.")
        result.problems.append(message % {"name": name, "unit": self.unit.name})
        return []

    def _internal_departments(self) -> list[Department]:
        return list(self.unit.departments.filter(kind=DepartmentKind.DEPARTMENT).select_related("supervising_leader"))

    def _heads(self, departments: list[Department]) -> list[Person]:
        heads: dict[int, Person] = {}
        for department in departments:
            position = department.positions.filter(kind__in=HEAD_POSITIONS).select_related("person").first()
            if position is None:
                position = department.people.filter(positions__kind__in=HEAD_POSITIONS).first()  # type: ignore[assignment]
            person = getattr(position, "person", position)
            if isinstance(person, Person):
                heads.setdefault(person.pk, person)
        return list(heads.values())

    def _party_group_members(self) -> list[Person]:
        group = LeadingGroup.objects.filter(unit=self.unit, kind=GroupKind.PARTY_GROUP).first()
        if group is None:
            return []
        return [member.person for member in group.members.select_related("person").order_by("sort_order")]
