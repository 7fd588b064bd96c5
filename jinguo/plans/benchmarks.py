"""The "plans" benchmark: a province-wide campaign (issue [Plans], "Performance").

31,000 participating units below a province federation, each with a declared feature project and
20 progress updates (620,000 updates), and a seed-000-shaped task tree whose tasks name the
province, its prefectures and its counties. Reads go through the code the pages use, as users
loaded fresh for each run; the page measurements are whole responses through Django's test client.
"""

import datetime
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jinguo.access.models import Role, RoleGrant
from jinguo.accounts.models import User
from jinguo.core.benchmarking import BenchOptions, BenchReport, Measurement, analyze, time_runs
from jinguo.org.management.commands.generate_tree import copy_rows, generate_tree, spread, tree_roots
from jinguo.org.models import OrgUnit, Person, UnitLevel
from jinguo.plans import rollups
from jinguo.plans.models import (
    FeatureLevel,
    FeatureProject,
    Phase,
    Plan,
    PlanParticipant,
    PlanStatus,
    ProgressUpdate,
    ResponsibilityRole,
    Task,
    TaskResponsibility,
    refresh_project_progress,
)

ROOT_NAME = "评测"
PARTICIPANTS = 31_000
UPDATES_PER_PROJECT = 20
# Prefectures, counties and townships per 31,000 participants; the rest are villages.
SHARES = (11, 99, 1_386)
BATCH_SIZE = 5_000
BUDGETS_MS = {"dashboard": 300.0, "county": 100.0, "my_tasks": 50.0}
# Categories of seed 000 with their number of tasks: 17 in all.
CATEGORIES = (("好班子", 3), ("好队伍", 3), ("好精神", 1), ("好机制", 2), ("好阵地", 8), ("好业绩", 0))
# Odd tasks are co-run by every prefecture, even ones by every county: the label as a document writes it.
CO_UNITS = ((UnitLevel.COUNTY, "各县（市、区）妇联"), (UnitLevel.PREFECTURE, "各市妇联"))
LEVEL_OF = {
    UnitLevel.PREFECTURE: FeatureLevel.COUNTY_BRAND,
    UnitLevel.COUNTY: FeatureLevel.COUNTY_BRAND,
    UnitLevel.TOWNSHIP: FeatureLevel.TOWNSHIP_FEATURE,
    UnitLevel.VILLAGE: FeatureLevel.VILLAGE_MODEL,
}


def run_plans_bench(options: BenchOptions) -> BenchReport:
    plan, generation = ensure_campaign(options)
    with transaction.atomic():  # the bench users and their grants are rolled back
        readers = Readers.create(plan)
        reads = measure_reads(plan, readers, options)
        transaction.set_rollback(True)
    size = {
        "participating units": plan.participant_rows.count(),
        "feature projects": plan.feature_projects.count(),
        "progress updates": ProgressUpdate.objects.filter(feature_project__plan=plan).count(),
        "units in the database": OrgUnit.objects.count(),
    }
    return BenchReport(measurements=[*generation, *reads], data_size=size)


# --- the data -------------------------------------------------------------------------------------


def ensure_campaign(options: BenchOptions) -> tuple[Plan, list[Measurement]]:
    """The province and its campaign, built unless present (then only read)."""
    existing = Plan.objects.filter(unit__in=tree_roots(ROOT_NAME), title__startswith=ROOT_NAME).first()
    if existing is not None:
        return existing, [Measurement("generate: campaign", note="campaign already present, not regenerated")]
    participants = options.units or PARTICIPANTS
    rng = random.Random(options.seed)  # noqa: S311 - a shape, not a secret
    options.log(f"generating a province of {participants:,} units below its federation …")
    stats = generate_tree(
        fanouts=province_fanouts(participants, rng), people_per_unit=1.0, root_name=ROOT_NAME, seed=options.seed
    )
    province = OrgUnit.objects.get(path=stats.root_paths[0])
    started = timezone.now()
    with transaction.atomic():
        plan = _campaign(province, rng, options)
    seconds = (timezone.now() - started).total_seconds()
    _analyze()
    updates = participants * UPDATES_PER_PROJECT
    note = f"{participants:,} projects, {updates:,} updates in {seconds:.1f} s"
    return plan, [Measurement("generate: campaign", rate=updates / seconds, rate_unit="updates/s", note=note)]


def province_fanouts(participants: int, rng: random.Random) -> list[list[int]]:
    """One province whose subordinates number `participants`, shaped like seed 000's city, scaled."""
    counts: list[int] = []
    for share in SHARES:
        counts.append(max(counts[-1] if counts else 1, round(participants * share / PARTICIPANTS)))
    villages = participants - sum(counts)
    if villages < counts[-1]:
        raise ValueError(f"{participants} units are too few for prefectures, counties, townships and villages.")
    counts.append(villages)
    return [[1], [counts[0]], *(spread(counts[k + 1], counts[k], rng) for k in range(len(counts) - 1))]


def _campaign(province: OrgUnit, rng: random.Random, options: BenchOptions) -> Plan:
    today = timezone.localdate()
    issued = today - datetime.timedelta(days=200)
    plan = Plan.objects.create(
        unit=province,
        title=f"{ROOT_NAME}全省“争六好、创特色”活动实施方案",
        doc_number="评妇〔2026〕1号",
        issue_date=issued,
        status=PlanStatus.ACTIVE,
    )
    _phases(plan, issued)
    units = list(OrgUnit.objects.filter(path__startswith=province.path, depth__gt=province.depth).order_by("path"))
    reporter = User.objects.create_user(username=f"{ROOT_NAME}-reporter-{province.pk}")
    _tasks(plan, province, units, reporter, rng)
    PlanParticipant.objects.bulk_create([PlanParticipant(plan=plan, unit=unit) for unit in units], BATCH_SIZE)
    options.log(f"  {len(units):,} participants; declaring feature projects …")
    projects = _feature_projects(plan, units)
    options.log("  writing progress updates …")
    _write_updates(_project_updates(projects, reporter.pk, issued, rng))
    refresh_project_progress(plan.feature_projects.all())
    return plan


# seed 000's phases: (name, first day, last day) counted from the issue date; the last is open-ended.
PHASES = (("宣传动员阶段", 0, 20), ("有序推进阶段", 21, 280), ("总结提高阶段", 281, 310), ("继续深化阶段", 311, None))


def _phases(plan: Plan, issued: datetime.date) -> None:
    def day(offset: int) -> datetime.date:
        return issued + datetime.timedelta(days=offset)

    Phase.objects.bulk_create(
        Phase(plan=plan, name=name, start_date=day(start), end_date=None if end is None else day(end), sort_order=order)
        for order, (name, start, end) in enumerate(PHASES, start=1)
    )


def _tasks(plan: Plan, province: OrgUnit, units: list[OrgUnit], reporter: User, rng: random.Random) -> None:
    """Six categories, 17 tasks: each led by the province, co-run by its prefectures (odd tasks) or by all
    its counties (even tasks), with the province chair responsible and a vice chair supervising."""
    chair, vice = _chair(province), _vice_chair(province)
    by_level = {level: [unit for unit in units if unit.level == level] for level in LEVEL_OF}
    number, responsibilities, updates = 0, [], []
    for order, (title, count) in enumerate(CATEGORIES, start=1):
        category = Task.objects.create(
            plan=plan, number=f"{order}.", title=title, is_category=True, sort_order=order * 100
        )
        for _ in range(count):
            number += 1
            task = Task.objects.create(
                plan=plan,
                parent=category,
                number=f"（{number}）",
                title=f"{title}任务{number}",
                deadline=timezone.localdate() + datetime.timedelta(days=rng.randint(-60, 200)),
                sort_order=order * 100 + number,
            )
            level, label = (
                (UnitLevel.PREFECTURE, "各市妇联") if number % 2 else (UnitLevel.COUNTY, "各县（市、区）妇联")
            )
            responsibilities += [
                TaskResponsibility(task=task, role=ResponsibilityRole.LEAD_UNIT, unit=province),
                *(
                    TaskResponsibility(task=task, role=ResponsibilityRole.CO_UNIT, unit=unit, label=label)
                    for unit in by_level[level]
                ),
                TaskResponsibility(task=task, role=ResponsibilityRole.PERSON, person=chair),
                TaskResponsibility(task=task, role=ResponsibilityRole.LEADER, person=vice),
            ]
            updates += [
                ProgressUpdate(task=task, unit=province, author=reporter, text="推进情况", percent=step * 10)
                for step in range(1, rng.randint(2, 9))
            ]
    TaskResponsibility.objects.bulk_create(responsibilities, BATCH_SIZE)
    ProgressUpdate.objects.bulk_create(updates, BATCH_SIZE)


def _chair(province: OrgUnit) -> Person:
    return Person.objects.filter(unit=province).order_by("sort_order", "pk")[0]


def _vice_chair(province: OrgUnit) -> Person:
    person, _ = Person.objects.get_or_create(unit=province, name="评测副主席", defaults={"title": "副主席"})
    return person


def _feature_projects(plan: Plan, units: list[OrgUnit]) -> list[FeatureProject]:
    projects = FeatureProject.objects.bulk_create(
        [
            FeatureProject(
                plan=plan, name=f"{unit.short_name or unit.name}特色", level=LEVEL_OF[UnitLevel(unit.level)],
                declared_by=unit, targets="年底前建成示范点", responsible_label=unit.name, sort_order=100,
            )
            for unit in units
        ],
        BATCH_SIZE,
    )  # fmt: skip
    links = FeatureProject.responsible_units.through
    links.objects.bulk_create(
        [links(featureproject_id=project.pk, orgunit_id=project.declared_by_id) for project in projects], BATCH_SIZE
    )
    return projects


UpdateRow = tuple[None, int, int, int, str, int, datetime.datetime]
UPDATE_COLUMNS = ("task_id", "feature_project_id", "unit_id", "author_id", "text", "percent", "created_at")


def _project_updates(
    projects: list[FeatureProject], author_id: int, issued: datetime.date, rng: random.Random
) -> Iterator[UpdateRow]:
    """Twenty reports a project, about a week apart, rising towards where the project ends up."""
    start = timezone.make_aware(datetime.datetime.combine(issued, datetime.time(9)))
    for project in projects:
        final = rng.randint(20, 100)
        for step in range(1, UPDATES_PER_PROJECT + 1):
            at = start + datetime.timedelta(days=7 * step, minutes=rng.randint(0, 600))
            percent = final * step // UPDATES_PER_PROJECT
            yield (None, project.pk, project.declared_by_id, author_id, "本周进展", percent, at)  # type: ignore[misc]


def _write_updates(rows: Iterator[UpdateRow]) -> None:
    if connection.vendor == "postgresql":
        copy_rows(ProgressUpdate, UPDATE_COLUMNS, rows)
        return
    batch: list[ProgressUpdate] = []
    for row in rows:
        batch.append(ProgressUpdate(**dict(zip(UPDATE_COLUMNS, row, strict=True))))
        if len(batch) == BATCH_SIZE:
            _bulk_insert(batch)
    _bulk_insert(batch)


def _bulk_insert(batch: list[ProgressUpdate]) -> None:
    """Off PostgreSQL (the CI smoke run) auto_now_add stamps every row now; the newest id still wins."""
    ProgressUpdate.objects.bulk_create(batch)
    batch.clear()


def _analyze() -> None:
    analyze("plans_progressupdate", "plans_featureproject", "plans_planparticipant")


# --- the readers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Readers:
    """Who reads: the province's leader, a county's administrator, and the chair named on every task."""

    province_leader: int
    county_admin: int
    chair: int
    counties: list[int]

    @classmethod
    def create(cls, plan: Plan) -> "Readers":
        province = plan.unit
        counties = list(
            OrgUnit.objects.filter(path__startswith=province.path, level=UnitLevel.COUNTY).values_list("pk", flat=True)
        )
        chair = _chair(province)
        return cls(
            province_leader=_user_with("leader", Role.LEADER, province),
            county_admin=_user_with("county", Role.UNIT_ADMIN, OrgUnit.objects.get(pk=counties[0])),
            chair=_user_with("chair", Role.LEADER, province, person=chair),
            counties=counties,
        )


def _user_with(name: str, role: Role, unit: OrgUnit, person: Person | None = None) -> int:
    user = User.objects.create_user(username=f"{ROOT_NAME}-bench-{name}", person=person)
    RoleGrant.objects.create(user=user, role=role, unit=unit)
    return user.pk


def measure_reads(plan: Plan, readers: Readers, options: BenchOptions) -> list[Measurement]:
    county_of = _county_admins(readers, options)

    def board(user: User, _run: int) -> int:
        return _board(user, plan)

    def tasks(user: User, _run: int) -> int:
        return len(rollups.my_tasks(user=user))

    return [
        _measure("dashboard roll-up: province", options, readers.province_leader, board),
        _measure_page("dashboard page: province", options, readers.province_leader, plan),
        _measure("county's view of its subtree: roll-up", options, county_of, board),
        _measure_page("county's view of its subtree: page", options, county_of, plan),
        _measure("my tasks: a county administrator", options, county_of, tasks),
        _measure("my tasks: the chair named on 17 tasks", options, readers.chair, tasks),
    ]


def _county_admins(readers: Readers, options: BenchOptions) -> Callable[[int], int]:
    """A different county for each run: the administrator's grant moves to it (undone with the rollback)."""
    rng = random.Random(options.seed)  # noqa: S311 - sampling, not a secret
    counties = [rng.choice(readers.counties) for _ in range(options.warmup + options.runs)]

    def user_for(run: int) -> int:
        RoleGrant.objects.filter(user_id=readers.county_admin).update(unit_id=counties[run])
        return readers.county_admin

    return user_for


BUDGET_OF = {"dashboard": "dashboard", "county's": "county", "my": "my_tasks"}
Who = int | Callable[[int], int]  # a user id, or the user id for each run


def _measure(name: str, options: BenchOptions, who: Who, read: Callable[[User, int], int]) -> Measurement:
    """Time `read(user, run)` with the user loaded fresh; the note gives the mean size it returned."""
    sizes: list[int] = []
    samples = time_runs(
        lambda run: (User.objects.get(pk=_pick(who, run)), run),
        lambda pair: sizes.append(read(*pair)),
        options,
    )
    budget = BUDGETS_MS[BUDGET_OF[name.split()[0]]]
    return Measurement(name, samples_ms=samples, budget_ms=budget, note=f"{sum(sizes) / len(sizes):,.0f} rows")


def _board(user: User, plan: Plan) -> int:
    board = rollups.dashboard(user=user, plan=plan)
    return len(board.tree.branches) + len(board.rows)


def _measure_page(name: str, options: BenchOptions, who: Who, plan: Plan) -> Measurement:
    """The whole response (middleware, session, template); the note gives its size in KiB."""
    sizes: list[int] = []
    url = reverse("plans:dashboard", args=[plan.pk])

    def logged_in(run: int) -> Client:
        client = Client()
        client.force_login(User.objects.get(pk=_pick(who, run)))
        return client

    def get(client: Client) -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"the dashboard answered {response.status_code}")
        sizes.append(len(response.content) // 1024)

    samples = time_runs(logged_in, get, options)
    note = f"{sum(sizes) / len(sizes):,.0f} KiB"
    return Measurement(name, samples_ms=samples, budget_ms=BUDGETS_MS[BUDGET_OF[name.split()[0]]], note=note)


def _pick(who: Who, run: int) -> int:
    return who(run) if callable(who) else who


BENCHMARKS: dict[str, Any] = {"plans": run_plans_bench}
