"""Load the demo world of the org app: the Quanzhou tree from seed 000, Lixia from seed 004,
and generated townships and villages below the counties. Safe to run again: it adds what is missing."""

import random
from dataclasses import dataclass, field

from jinguo.audit.services import audit_created_many
from jinguo.org import bulk
from jinguo.org.demo import generated
from jinguo.org.demo import seed_data as seed
from jinguo.org.models import (
    Department,
    GroupKind,
    GroupMember,
    LeadingGroup,
    Liaison,
    OrgUnit,
    Person,
    Position,
    PositionKind,
    UnitKind,
    UnitLevel,
)


@dataclass(frozen=True)
class Shape:
    """How many generated townships per county and villages per township (min, max)."""

    townships: tuple[int, int] = seed.TOWNSHIPS_PER_COUNTY
    villages: tuple[int, int] = seed.VILLAGES_PER_TOWNSHIP


@dataclass
class OrgWorld:
    units: dict[str, OrgUnit] = field(default_factory=dict)
    departments: dict[str, Department] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    generated_people: list[Person] = field(default_factory=list)
    shape: Shape = field(default_factory=Shape)


def load_org_world(shape: Shape = Shape()) -> OrgWorld:  # noqa: B008 - frozen, safe as a default
    world = OrgWorld(shape=shape)
    _load_units(world)
    _load_departments(world)
    _load_people(world)
    _assign_supervising_leaders(world)
    _load_groups(world)
    _load_liaisons(world)
    for unit_seed in seed.UNITS:
        if unit_seed.children_generated:
            _grow_generated_levels(world, world.units[unit_seed.name])
    return world


def _load_units(world: OrgWorld) -> None:
    for order, unit_seed in enumerate(seed.UNITS):
        parent = world.units.get(unit_seed.parent) if unit_seed.parent else None
        siblings = OrgUnit.objects.get_children(parent) if parent else OrgUnit.objects.get_root_nodes()
        unit = siblings.filter(name=unit_seed.name).first()
        if unit is None:
            unit = OrgUnit(
                name=unit_seed.name,
                short_name=unit_seed.short_name,
                kind=unit_seed.kind,
                level=unit_seed.level,
                division_code=unit_seed.division_code,
                sort_order=order,
            )
            unit = (
                OrgUnit.objects.add_child(parent, instance=unit) if parent else OrgUnit.objects.add_root(instance=unit)
            )
            audit_created_many(actor=None, instances=[unit])
            if parent:
                parent.refresh_from_db()
        world.units[unit.name] = unit


def _load_departments(world: OrgWorld) -> None:
    city = world.units[seed.CITY]
    for order, department_seed in enumerate(seed.DEPARTMENTS):
        department, created = Department.objects.get_or_create(
            unit=city,
            name=department_seed.name,
            defaults={"short_name": department_seed.short_name, "kind": department_seed.kind, "sort_order": order},
        )
        if created:
            audit_created_many(actor=None, instances=[department])
        world.departments[department.name] = department


def _load_people(world: OrgWorld) -> None:
    for order, person_seed in enumerate(seed.PEOPLE):
        unit = world.units[person_seed.unit]
        department = world.departments.get(person_seed.department or "")
        person, created = Person.objects.get_or_create(
            unit=unit,
            name=person_seed.name,
            defaults={"title": person_seed.title, "department": department, "sort_order": order},
        )
        if created:
            audit_created_many(actor=None, instances=[person])
        for kind in person_seed.positions:
            Position.objects.get_or_create(
                person=person,
                unit=unit,
                department=department,
                kind=kind,
                defaults={"title": person_seed.title, "sort_order": order},
            )
        world.people[person.name] = person


def _assign_supervising_leaders(world: OrgWorld) -> None:
    for department_seed in seed.DEPARTMENTS:
        department = world.departments[department_seed.name]
        leader = world.people.get(department_seed.supervising_leader or "")
        if leader is not None and department.supervising_leader_id is None:
            department.supervising_leader = leader
            department.save(update_fields=["supervising_leader"])


def _load_groups(world: OrgWorld) -> None:
    city = world.units[seed.CITY]
    group, _ = LeadingGroup.objects.get_or_create(
        unit=city,
        name=seed.LEADING_GROUP,
        defaults={"office": world.departments[seed.LEADING_GROUP_OFFICE], "note": seed.LEADING_GROUP_NOTE},
    )
    party_group, _ = LeadingGroup.objects.get_or_create(unit=city, name=seed.PARTY_GROUP, kind=GroupKind.PARTY_GROUP)
    for order, person_seed in enumerate(seed.PEOPLE):
        person = world.people[person_seed.name]
        GroupMember.objects.get_or_create(
            group=group,
            person=person,
            defaults={"role": person_seed.group_role, "title": person_seed.title, "sort_order": order},
        )
        if person_seed.in_party_group:
            GroupMember.objects.get_or_create(
                group=party_group,
                person=person,
                defaults={"role": person_seed.party_group_role, "title": person_seed.title, "sort_order": order},
            )


def _load_liaisons(world: OrgWorld) -> None:
    by_short_name = {unit.short_name: unit for unit in world.units.values()}
    for order, (leader_name, short_names) in enumerate(seed.LIAISONS):
        for position, short_name in enumerate(short_names):
            Liaison.objects.get_or_create(
                leader=world.people[leader_name],
                unit=by_short_name[short_name],
                purpose=seed.CAMPAIGN,
                defaults={"sort_order": order * 10 + position},
            )


def _is_urban(county: OrgUnit) -> bool:
    return county.name.endswith("区妇联")


def _grow_generated_levels(world: OrgWorld, county: OrgUnit) -> None:
    """Townships under the county, villages under each township, a chair and an officer in each."""
    county.refresh_from_db()
    if county.numchild:
        return
    rng = random.Random(county.division_code or county.name)  # same world on every machine
    urban = _is_urban(county)
    township_names = generated.place_names(rng, rng.randint(*world.shape.townships))
    townships = [
        OrgUnit(
            name=f"{name}{'街道' if urban else '镇'}妇联",
            short_name=f"{name}{'街道' if urban else '镇'}",
            kind=UnitKind.FEDERATION,
            level=UnitLevel.TOWNSHIP,
            sort_order=index,
            is_generated=True,
            division_code=f"{county.division_code}{index + 1:03d}" if county.division_code else None,
        )
        for index, name in enumerate(township_names)
    ]
    created_units = bulk.bulk_create_children(county, townships)
    for township in townships:
        created_units += _grow_villages(rng, township, urban, world.shape.villages)
    audit_created_many(actor=None, instances=created_units)
    county_has_chair = county.positions.filter(kind=PositionKind.CHAIR).exists()
    _staff_generated_units(world, rng, [county], chair=not county_has_chair)
    _staff_generated_units(world, rng, created_units)


def _grow_villages(rng: random.Random, township: OrgUnit, urban: bool, count: tuple[int, int]) -> list[OrgUnit]:
    suffix, kind = ("社区", UnitKind.COMMUNITY_FEDERATION) if urban else ("村", UnitKind.VILLAGE_COMMITTEE)
    label = "妇联" if urban else "妇代会"
    names = generated.place_names(rng, rng.randint(*count))
    villages = [
        OrgUnit(
            name=f"{name}{suffix}{label}",
            short_name=f"{name}{suffix}",
            kind=kind,
            level=UnitLevel.VILLAGE,
            sort_order=index,
            is_generated=True,
            division_code=f"{township.division_code}{index + 1:03d}" if township.division_code else None,
        )
        for index, name in enumerate(names)
    ]
    return bulk.bulk_create_children(township, villages)


def _chair_title(unit: OrgUnit) -> str:
    return "主任" if unit.kind == UnitKind.VILLAGE_COMMITTEE else "主席"


def _staff_generated_units(world: OrgWorld, rng: random.Random, units: list[OrgUnit], *, chair: bool = True) -> None:
    """A chair (unless the unit has one) and an information officer in each unit."""
    serial = Person.objects.filter(is_generated=True).count()
    people: list[Person] = []
    roles: list[tuple[Person, OrgUnit, str]] = []
    posts = [(PositionKind.CHAIR, None), (PositionKind.INFORMATION_OFFICER, "信息员")][0 if chair else 1 :]
    for unit in units:
        for kind, title in posts:
            serial += 1
            person = bulk.prepare_person(
                Person(
                    unit=unit,
                    name=generated.person_name(rng),
                    gender="F",
                    title=f"{unit.name}{title or _chair_title(unit)}",
                    mobile=generated.mobile_number(serial),
                    sort_order=0 if kind == PositionKind.CHAIR else 1,
                    is_generated=True,
                )
            )
            people.append(person)
            roles.append((person, unit, kind))
    Person.objects.bulk_create(people, batch_size=2000)
    Position.objects.bulk_create(
        [Position(person=person, unit=unit, kind=kind, title=person.title) for person, unit, kind in roles],
        batch_size=2000,
    )
    audit_created_many(actor=None, instances=people)
    world.generated_people += people
