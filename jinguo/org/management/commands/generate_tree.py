"""Build a synthetic federation tree of any size, with people, for benchmarks and load tests.

Paths, depth and numchild are computed here, one province subtree at a time. On PostgreSQL rows go
in with COPY (ids reserved from the sequence first); elsewhere with bulk_create. Measured on the
2-core bench machine, bulk_create of units ran at ~10k units/s (Django prepares every value in
Python, ~70 µs a row); COPY streams while the server inserts and clears the 20k units/s budget.
"""

import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import count as counter
from typing import Any, NamedTuple

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, models, reset_queries, transaction

from jinguo.core.chinese import name_initials, name_pinyin
from jinguo.org.demo import generated
from jinguo.org.models import OrgUnit, Person, UnitKind, UnitLevel

# Units per level of the national network (DESIGN.md, "Scale"): about 735k in all.
NATIONAL_LEVELS = (31, 330, 2_900, 42_000, 690_000)
NATIONAL_UNITS = 750_000
NATIONAL_PEOPLE = 3_500_000
DEFAULT_ROOT_NAME = "模拟"
# Real division codes start with 1–8; generated ones start with 9 and never meet the demo world.
CODE_PREFIX = "9"
BATCH_SIZE = 5_000
NAME_POOL = 10_000
URBAN_SHARE = 0.35
PLACES = [head + tail for head in generated.PLACE_HEADS for tail in generated.PLACE_TAILS]


@dataclass
class GenerationStats:
    units: int = 0
    people: int = 0
    unit_seconds: float = 0.0
    people_seconds: float = 0.0
    root_paths: list[str] = field(default_factory=list)

    @property
    def units_per_second(self) -> float:
        return self.units / self.unit_seconds if self.unit_seconds else 0.0

    @property
    def people_per_second(self) -> float:
        return self.people / self.people_seconds if self.people_seconds else 0.0


# --- the plan: how many children each node gets ------------------------------------------------


def level_counts(units: int) -> list[int]:
    """Units per level for a tree of `units`: the national shape with every fan-out scaled alike."""
    if units < len(NATIONAL_LEVELS):
        raise ValueError(f"A tree needs at least {len(NATIONAL_LEVELS)} units.")
    scale = (units / sum(NATIONAL_LEVELS)) ** (1 / len(NATIONAL_LEVELS))
    counts: list[int] = []
    for depth, national in enumerate(NATIONAL_LEVELS[:-1], start=1):
        room = (units - sum(counts)) // (len(NATIONAL_LEVELS) - depth + 1)  # a child per parent below
        counts.append(max(counts[-1] if counts else 1, min(round(national * scale**depth), room)))
    return [*counts, units - sum(counts)]


def spread(total: int, parents: int, rng: random.Random) -> list[int]:
    """`total` children over `parents`, at least one each, unevenly as real divisions are."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(parents)]
    share = (total - parents) / sum(weights)
    children = [1 + int(weight * share) for weight in weights]
    for index in rng.sample(range(parents), total - sum(children)):
        children[index] += 1
    return children


def plan_fanouts(units: int, rng: random.Random) -> list[list[int]]:
    """Children of each node, depth by depth in path order; fanouts[0] holds the province count."""
    counts = level_counts(units)
    return [[counts[0]], *(spread(counts[k + 1], counts[k], rng) for k in range(len(counts) - 1))]


def shape_fanouts(shape: Sequence[int]) -> list[list[int]]:
    """Fixed fan-outs: (provinces, prefectures per province, …, villages per township)."""
    fanouts, nodes = [], 1
    for children in shape:
        fanouts.append([children] * nodes)
        nodes *= children
    return fanouts


def parse_shape(value: str) -> list[int]:
    try:
        shape = [int(part) for part in value.split(",")]
    except ValueError as exc:
        raise CommandError("--shape takes five integers, e.g. 31,11,9,14,16") from exc
    if len(shape) != len(NATIONAL_LEVELS) or min(shape) < 1:
        raise CommandError("--shape takes five positive integers: provinces,prefectures,counties,townships,villages")
    return shape


# --- units -------------------------------------------------------------------------------------


class UnitRow(NamedTuple):
    """One OrgUnit row, fields named as the model's."""

    path: str
    depth: int
    numchild: int
    name: str
    short_name: str
    kind: str
    level: int
    division_code: str | None
    name_initials: str
    sort_order: int
    is_active: bool
    is_generated: bool


@dataclass
class _Node:
    row: UnitRow
    urban: bool
    serials: Iterator[int]  # next 3-digit code suffix for prefectures and counties of the province


class TreeBuilder:
    """Turns planned fan-outs into unit rows, one province subtree at a time, in path order per level."""

    def __init__(self, fanouts: list[list[int]], *, root_name: str, rng: random.Random) -> None:
        self.fanouts = [iter(level) for level in fanouts[1:]]
        self.provinces = fanouts[0][0]
        self.root_name = root_name
        self.rng = rng

    def province(self, *, step: int, number: int) -> Iterator[UnitRow]:
        """The province's rows, level by level: a generator, so COPY sends rows while later ones are built."""
        short_name = f"{self.root_name}{self._places(1)[0]}省"
        code = f"{CODE_PREFIX}{number:02d}000" if number < 100 else None
        row = self._row(f"{short_name}妇联", short_name, UnitKind.FEDERATION, "", UnitLevel.PROVINCE, step, code)
        yield row
        nodes = [_Node(row, urban=False, serials=counter(1))]
        for level in (UnitLevel.PREFECTURE, UnitLevel.COUNTY, UnitLevel.TOWNSHIP, UnitLevel.VILLAGE):
            parents, nodes = nodes, []
            for parent in parents:
                children = self._children(parent, level)
                nodes += children
                yield from (child.row for child in children)

    def _children(self, parent: _Node, level: UnitLevel) -> list[_Node]:
        nodes = []
        for step, place in enumerate(self._places(parent.row.numchild), start=1):
            urban = self.rng.random() < URBAN_SHARE if level == UnitLevel.COUNTY else parent.urban
            code = _child_code(parent, level, step)
            row = self._row(*_names(place, level, urban), parent.row.path, level, step, code)
            nodes.append(_Node(row, urban, parent.serials))
        return nodes

    def _row(
        self, name: str, short_name: str, kind: str, parent_path: str, level: int, step: int, code: str | None
    ) -> UnitRow:
        numchild = next(self.fanouts[level - 1]) if level < UnitLevel.VILLAGE else 0
        path = parent_path + _step_key(step)
        return UnitRow(path, level, numchild, name, short_name, kind, level, code, _initials(name), step, True, True)

    def _places(self, count: int) -> list[str]:
        """`count` distinct place names; numbered once the two-character names run out."""
        if count <= len(PLACES):
            return self.rng.sample(PLACES, count)
        return [f"{PLACES[index % len(PLACES)]}{index // len(PLACES) or ''}" for index in range(count)]


def _child_code(parent: _Node, level: UnitLevel, step: int) -> str | None:
    """6 digits down to counties (9, province, serial in the province), then 3 more a level, while they fit."""
    code = parent.row.division_code
    if code is None:
        return None
    if level <= UnitLevel.COUNTY:
        serial = next(parent.serials)
        return f"{code[:3]}{serial:03d}" if serial < 1000 else None
    return f"{code}{step:03d}" if step < 1000 else None


# Short-name suffix of a level, (urban, rural).
SUFFIXES = {UnitLevel.PREFECTURE: ("市", "市"), UnitLevel.COUNTY: ("区", "县"), UnitLevel.TOWNSHIP: ("街道", "镇")}


@cache
def _names(place: str, level: UnitLevel, urban: bool) -> tuple[str, str, str]:
    """(name, short name, kind) of a generated unit below the province."""
    if level == UnitLevel.VILLAGE:
        if urban:
            return f"{place}社区妇联", f"{place}社区", UnitKind.COMMUNITY_FEDERATION
        return f"{place}村妇代会", f"{place}村", UnitKind.VILLAGE_COMMITTEE
    short_name = place + SUFFIXES[level][0 if urban else 1]
    return f"{short_name}妇联", short_name, UnitKind.FEDERATION


@cache
def _step_key(step: int) -> str:
    """The last `steplen` characters of a child's path, as treebeard encodes them."""
    return OrgUnit._get_path("", 1, step)


@cache
def _initials(name: str) -> str:
    """Unit names repeat a lot (东园村妇代会 …): pypinyin runs once per distinct name."""
    return name_initials(name)


# --- people ------------------------------------------------------------------------------------


UnitRef = tuple[int, str, str]  # id, name and kind: what people need of their unit


class PersonRow(NamedTuple):
    """One Person row, fields named as the model's."""

    unit_id: int
    department_id: int | None
    name: str
    name_pinyin: str
    name_initials: str
    gender: str
    mobile: str
    title: str
    id_number: str
    id_number_index: str
    sort_order: int
    is_generated: bool


class PeopleMaker:
    """`total` people over `units` units in all, named from a pool whose pinyin is computed once."""

    def __init__(self, *, total: int, units: int, rng: random.Random) -> None:
        self.total, self.units, self.rng = total, units, rng
        self.done_units = self.made = 0
        names = {generated.person_name(rng) for _ in range(min(NAME_POOL, max(100, total // 50)))}
        self.pool = [(name, name_pinyin(name), name_initials(name)) for name in sorted(names)]

    def rows(self, units: Iterable[UnitRef]) -> Iterator[PersonRow]:
        """Unit i gets the people numbered i·total/units up to (i+1)·total/units: exact in sum."""
        for unit_id, unit_name, kind in units:
            first, self.done_units = self.done_units, self.done_units + 1
            count = self.done_units * self.total // self.units - first * self.total // self.units
            chair = "主任" if kind == UnitKind.VILLAGE_COMMITTEE else "主席"
            for order, (name, pinyin, initials) in enumerate(self.rng.choices(self.pool, k=count)):
                title = unit_name + (chair if order == 0 else "信息员" if order == 1 else "执委")
                self.made += 1
                yield PersonRow(unit_id, None, name, pinyin, initials, "F", "", title, "", "", order, True)


# --- writing -----------------------------------------------------------------------------------


def insert_subtree(rows: Iterable[UnitRow]) -> list[UnitRef]:
    """Insert one subtree's rows, root first, and say what people need of each unit."""
    if connection.vendor != "postgresql":
        units = OrgUnit.objects.bulk_create([OrgUnit(**row._asdict()) for row in rows], batch_size=BATCH_SIZE)
        return [(unit.pk, unit.name, unit.kind) for unit in units]
    kept: list[UnitRow] = []
    copy_rows(OrgUnit, UnitRow._fields, _keep(rows, kept))
    # COPY returns no ids; one indexed prefix scan reads them back.
    ids = dict(OrgUnit.objects.filter(path__startswith=kept[0].path).values_list("path", "pk"))
    return [(ids[row.path], row.name, row.kind) for row in kept]


def insert_people(rows: Iterable[PersonRow]) -> None:
    if connection.vendor != "postgresql":
        Person.objects.bulk_create([Person(**row._asdict()) for row in rows], batch_size=BATCH_SIZE)
    else:
        copy_rows(Person, PersonRow._fields, rows)


def _keep(rows: Iterable[UnitRow], kept: list[UnitRow]) -> Iterator[UnitRow]:
    for row in rows:
        kept.append(row)
        yield row


def copy_rows(model: type[models.Model], attnames: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """COPY streams rows while the server inserts them: several times a multi-row INSERT's rate."""
    column_of = {f.attname: f.column for f in model._meta.concrete_fields}
    columns = ", ".join(str(column_of[name]) for name in attnames)
    with connection.cursor() as cursor, cursor.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


# --- the whole tree ----------------------------------------------------------------------------


def tree_roots(root_name: str = DEFAULT_ROOT_NAME) -> models.QuerySet[OrgUnit]:
    """The provinces of a generated tree."""
    return OrgUnit.objects.filter(depth=1, is_generated=True, name__startswith=root_name).order_by("path")


def _first_root_step() -> int:
    last = OrgUnit.objects.filter(depth=1).order_by("-path").values_list("path", flat=True).first()
    return 1 + (OrgUnit._str2int(last) if last else 0)


def _first_province_number() -> int:
    codes = OrgUnit.objects.filter(
        depth=1, division_code__startswith=CODE_PREFIX, division_code__endswith="000"
    ).values_list("division_code", flat=True)
    return 1 + max((int(code[1:3]) for code in codes if code and len(code) == 6), default=0)


def generate_tree(
    *,
    fanouts: list[list[int]],
    people_per_unit: float,
    root_name: str,
    seed: int,
    log: Callable[[str], None] | None = None,
) -> GenerationStats:
    """Insert the planned units, then their people, in one transaction; ANALYZE afterwards (PostgreSQL).

    All units go in before any person so that each phase keeps its own indexes in the buffer cache.
    """
    rng = random.Random(seed)
    builder = TreeBuilder(fanouts, root_name=root_name, rng=rng)
    stats = GenerationStats()
    with transaction.atomic():
        provinces = _insert_provinces(builder, stats, log)
        started = time.perf_counter()
        people = PeopleMaker(total=round(stats.units * people_per_unit), units=stats.units, rng=rng)
        for index, units in enumerate(provinces, start=1):
            insert_people(people.rows(units))
            reset_queries()  # with DEBUG on, the query log would keep every batch
            if log:
                log(f"  people of {index}/{len(provinces)} provinces: {people.made:,}")
    stats.people = people.made
    stats.people_seconds = time.perf_counter() - started  # with the commit's deferred foreign-key checks
    if connection.vendor == "postgresql":
        _analyze()
    return stats


def _analyze() -> None:
    """Statistics for the planner; outside a transaction also VACUUM: it sets the visibility map (index-only
    scans) and the hint bits that the first readers of freshly loaded rows would otherwise set."""
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        cursor.execute(f"{command} {OrgUnit._meta.db_table}, {Person._meta.db_table}")


def _insert_provinces(
    builder: TreeBuilder, stats: GenerationStats, log: Callable[[str], None] | None
) -> list[list[UnitRef]]:
    started = time.perf_counter()
    step, number = _first_root_step(), _first_province_number()
    provinces = []
    for index in range(builder.provinces):
        provinces.append(insert_subtree(builder.province(step=step + index, number=number + index)))
        reset_queries()
        if log:
            log(f"  units of {index + 1}/{builder.provinces} provinces: {sum(map(len, provinces)):,}")
    stats.unit_seconds = time.perf_counter() - started
    stats.units = sum(map(len, provinces))
    stats.root_paths = [_step_key(step + index) for index in range(builder.provinces)]
    return provinces


def describe(stats: GenerationStats) -> str:
    return (
        f"{stats.units:,} units in {stats.unit_seconds:.1f} s ({stats.units_per_second:,.0f} units/s), "
        f"{stats.people:,} people in {stats.people_seconds:.1f} s ({stats.people_per_second:,.0f} people/s)"
    )


class Command(BaseCommand):
    help = "Build a synthetic federation tree (national shape scaled to --units) with people, using bulk inserts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--units", type=int, default=NATIONAL_UNITS, help="total units (default 750,000)")
        parser.add_argument("--shape", help="fixed fan-outs instead of --units, e.g. 31,11,9,14,16")
        parser.add_argument("--people-per-unit", type=float, default=NATIONAL_PEOPLE / NATIONAL_UNITS)
        parser.add_argument("--root-name", default=DEFAULT_ROOT_NAME, help="prefix of the province names")
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args: object, **options: Any) -> None:
        root_name: str = options["root_name"]
        if tree_roots(root_name).exists():
            raise CommandError(f"A tree whose provinces start with {root_name!r} exists; pick another --root-name.")
        if settings.DEBUG:
            self.stderr.write("DEBUG is on: every INSERT is logged, which slows generation (JINGUO_DEBUG=0).")
        try:
            fanouts = (
                shape_fanouts(parse_shape(options["shape"]))
                if options["shape"]
                else plan_fanouts(options["units"], random.Random(options["seed"]))
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        stats = generate_tree(
            fanouts=fanouts,
            people_per_unit=options["people_per_unit"],
            root_name=root_name,
            seed=options["seed"],
            log=self.stdout.write if options["verbosity"] > 1 else None,
        )
        self.stdout.write(self.style.SUCCESS(describe(stats)))
