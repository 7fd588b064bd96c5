"""The "tree" benchmark: what users get from the federation tree at national size (DESIGN.md, "Scale").

Every read goes through the code the pages use (policies, scopes, selectors), as a provincial user
loaded fresh for each run, so a timing includes the user's grant look-up as a request's would.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db import transaction

from jinguo.access.models import Role, RoleGrant
from jinguo.accounts.models import User
from jinguo.core.benchmarking import BenchOptions, BenchReport, Measurement, time_runs
from jinguo.org import policies, selectors
from jinguo.org.demo import generated
from jinguo.org.management.commands.generate_tree import (
    DEFAULT_ROOT_NAME,
    NATIONAL_PEOPLE,
    NATIONAL_UNITS,
    describe,
    generate_tree,
    plan_fanouts,
    tree_roots,
)
from jinguo.org.models import OrgUnit, Person, UnitLevel

READ_BUDGET_MS = 50.0
MIN_UNITS_PER_SECOND = 20_000
CHILDREN_PAGE_SIZE = 50  # as the unit page shows them
SEARCH_PAGE_SIZE = 30  # as the search box shows them
BENCH_USERNAME = "bench-provincial-{}"


@dataclass(frozen=True)
class Target:
    """What one run looks at: a provincial user, and a county and a village in their province."""

    user_id: int
    county: OrgUnit
    village: OrgUnit
    place: str


def run_tree_bench(options: BenchOptions) -> BenchReport:
    generation = ensure_tree(options)
    with transaction.atomic():  # the bench users and their grants are rolled back
        targets = pick_targets(options)
        reads = measure_reads(targets, options)
        transaction.set_rollback(True)
    size = {"units": OrgUnit.objects.count(), "people": Person.objects.count()}
    return BenchReport(measurements=[*generation, *reads], data_size=size)


def ensure_tree(options: BenchOptions) -> list[Measurement]:
    """Generate the tree unless it is there; its generation rate is measured only when generated now."""
    if tree_roots(DEFAULT_ROOT_NAME).exists():
        return [Measurement("generate: units", note="tree already present, not regenerated")]
    units = options.units or NATIONAL_UNITS
    options.log(f"generating {units:,} units …")
    stats = generate_tree(
        fanouts=plan_fanouts(units, random.Random(options.seed)),  # noqa: S311 - a shape, not a secret
        people_per_unit=NATIONAL_PEOPLE / NATIONAL_UNITS,
        root_name=DEFAULT_ROOT_NAME,
        seed=options.seed,
    )
    options.log(describe(stats))
    return [
        Measurement(
            "generate: units",
            rate=stats.units_per_second,
            rate_unit="units/s",
            min_rate=MIN_UNITS_PER_SECOND,
            note=f"{stats.units:,} units in {stats.unit_seconds:.1f} s",
        ),
        Measurement(
            "generate: people",
            rate=stats.people_per_second,
            rate_unit="people/s",
            note=f"{stats.people:,} people in {stats.people_seconds:.1f} s, commit included",
        ),
    ]


def pick_targets(options: BenchOptions) -> list[Target]:
    """A random province, county and village for each run (warm-up included), and a user per province."""
    rng = random.Random(options.seed)  # noqa: S311 - sampling, not a secret
    provinces = list(tree_roots(DEFAULT_ROOT_NAME))
    users = {province.pk: _provincial_user(province) for province in provinces}
    targets = []
    for _ in range(options.warmup + options.runs):
        province = rng.choice(provinces)
        county = _random_unit(rng, province, UnitLevel.COUNTY)
        village = _random_unit(rng, county, UnitLevel.VILLAGE)
        place = rng.choice(generated.PLACE_HEADS) + rng.choice(generated.PLACE_TAILS)
        targets.append(Target(users[province.pk], county, village, place))
    return targets


def _provincial_user(province: OrgUnit) -> int:
    user = User.objects.create_user(username=BENCH_USERNAME.format(province.pk))
    RoleGrant.objects.create(user=user, role=Role.LEADER, unit=province)
    return user.pk


def _random_unit(rng: random.Random, within: OrgUnit, level: UnitLevel) -> OrgUnit:
    units = OrgUnit.objects.filter(path__startswith=within.path, level=level).order_by("path")
    return units[rng.randrange(units.count())]


Read = Callable[[User, Target], int]


def measure_reads(targets: list[Target], options: BenchOptions) -> list[Measurement]:
    return [
        _measure("county subtree: fetch all", targets, options, _county_subtree),
        _measure("county subtree: count", targets, options, _county_subtree_count),
        _measure("provincial user's visible units: ids", targets, options, _visible_ids),
        _measure("provincial user's visible units: count", targets, options, _visible_count),
        _measure("unit search: 1-character name prefix", targets, options, lambda u, t: _search(u, t.place[0])),
        _measure("unit search: 2-character name prefix", targets, options, lambda u, t: _search(u, t.place)),
        _measure(
            "unit search: 2-letter pinyin initials",
            targets,
            options,
            lambda u, t: _search(u, t.village.name_initials[:2]),
        ),
        _measure("village ancestors (breadcrumbs)", targets, options, _ancestors),
        _measure("county children: first page of 50", targets, options, _children_page),
    ]


def _measure(name: str, targets: list[Target], options: BenchOptions, read: Read) -> Measurement:
    """Time `read(user, target)` over the targets; the note gives the mean number of rows it returned."""
    sizes: list[int] = []
    samples = time_runs(
        lambda run: (User.objects.get(pk=targets[run].user_id), targets[run]),
        lambda pair: sizes.append(read(*pair)),
        options,
    )
    return Measurement(name, samples_ms=samples, budget_ms=READ_BUDGET_MS, note=f"{sum(sizes) / len(sizes):,.0f} rows")


# Each read returns how many rows it produced.


def _county_subtree(user: User, target: Target) -> int:
    return len(list(policies.units.scope(user).filter(path__startswith=target.county.path).order_by("path")))


def _county_subtree_count(user: User, target: Target) -> int:
    return policies.units.scope(user).filter(path__startswith=target.county.path).count()


def _visible_ids(user: User, target: Target) -> int:
    return len(list(policies.units.scope(user).values_list("pk", flat=True)))


def _visible_count(user: User, target: Target) -> int:
    return policies.units.scope(user).count()


def _search(user: User, query: str) -> int:
    return len(list(selectors.unit_search(user=user, query=query)[:SEARCH_PAGE_SIZE]))


def _ancestors(user: User, target: Target) -> int:
    return len(selectors.unit_ancestors(user=user, unit=target.village))


def _children_page(user: User, target: Target) -> int:
    page = Paginator(selectors.unit_children(user=user, unit=target.county), CHILDREN_PAGE_SIZE).get_page(1)
    return len(list(page))


BENCHMARKS = {"tree": run_tree_bench}
