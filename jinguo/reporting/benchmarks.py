"""The "reporting" benchmark: a province's monthly report over a year (issue [Reporting], "Performance").

31,000 units below a province federation each owe a monthly report for the last 12 closed months
(372,000 expected submissions): most sent on time, some late, a few missing or returned, each sent
report with 3 photos' metadata (names only, no files). Reads go through the code the pages use, as
users loaded fresh for each run; page measurements are whole responses through Django's test client.
A submission is measured as the service and as the page's POST, inside a transaction rolled back each
run, with its photos already attached (server time without the upload). The province bulletin job
of the issue is not built yet and is not measured.
"""

import datetime
import json
import random
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jinguo.access.models import Role, RoleGrant
from jinguo.accounts.models import User
from jinguo.core.benchmarking import BenchOptions, BenchReport, Measurement, analyze, time_runs
from jinguo.org.management.commands.generate_tree import copy_rows, generate_tree, tree_roots
from jinguo.org.models import OrgUnit, UnitLevel
from jinguo.plans.benchmarks import province_fanouts
from jinguo.reporting import completeness, policies, rates, services
from jinguo.reporting.expected import definition_periods
from jinguo.reporting.models import (
    REPORTED,
    FieldType,
    ReportDefinition,
    ReportField,
    ReportTarget,
    Submission,
    SubmissionPhoto,
    SubmissionStatus,
)
from jinguo.reporting.periods import DueRule, Frequency, Period, due_date, late_after, period_of

ROOT_NAME = "报表评测"
UNITS = 31_000
MONTHS = 12
PHOTOS_PER_REPORT = 3
BATCH_SIZE = 5_000
BUDGETS_MS = {"rates": 200.0, "matrix": 150.0, "submit": 150.0}
RATIO_AIM = 1.5
# Odds of each fate of an expected report; the rest are sent on time.
MISSING_ODDS, DRAFT_ODDS, RETURN_ODDS, LATE_ODDS, ACCEPT_ODDS = 0.02, 0.02, 0.02, 0.08, 0.6
SENT_VALUES = {
    "summary": "本月开展“争六好、创特色”宣传活动两场，走访困难妇女家庭五户。",
    "trained": "40",
    "placed": "12",
}


def run_reporting_bench(options: BenchOptions) -> BenchReport:
    definition, generation = ensure_reports(options)
    with transaction.atomic():  # the bench users and their grants are rolled back
        readers = Readers.create(definition)
        measured = measure(definition, readers, options)
        transaction.set_rollback(True)
    submissions = Submission.objects.filter(definition=definition)
    size = {
        "units below the province": readers.units,
        "expected submissions": submissions.count(),
        "sent (submitted or accepted)": submissions.filter(status__in=REPORTED).count(),
        "photos": SubmissionPhoto.objects.filter(submission__definition=definition).count(),
    }
    return BenchReport(measurements=[*generation, *measured], data_size=size)


# --- the data -------------------------------------------------------------------------------------


def ensure_reports(options: BenchOptions) -> tuple[ReportDefinition, list[Measurement]]:
    """The province and its monthly report with a year of submissions, built unless present."""
    existing = ReportDefinition.objects.filter(owner__in=tree_roots(ROOT_NAME), name__startswith=ROOT_NAME).first()
    if existing is not None:
        return existing, [Measurement("generate: reports", note="reports already present, not regenerated")]
    units = options.units or UNITS
    rng = random.Random(options.seed)  # noqa: S311 - a shape, not a secret
    options.log(f"generating a province of {units:,} units below its federation …")
    stats = generate_tree(
        fanouts=province_fanouts(units, rng), people_per_unit=0.0, root_name=ROOT_NAME, seed=options.seed
    )
    province = OrgUnit.objects.get(path=stats.root_paths[0])
    started = time.perf_counter()
    with transaction.atomic():
        definition = _definition(province, timezone.localdate())
        _write_reports(definition, province, rng, options)
    seconds = time.perf_counter() - started
    _analyze()
    rows = units * MONTHS
    note = f"{rows:,} submissions and their photos in {seconds:.1f} s"
    return definition, [Measurement("generate: reports", rate=rows / seconds, rate_unit="submissions/s", note=note)]


def _definition(province: OrgUnit, today: datetime.date) -> ReportDefinition:
    """Seed 000's monthly report, due on the 1st with 2 days' grace, over the last 12 closed months."""
    this_month = period_of(Frequency.MONTHLY, today).start
    first = (this_month - datetime.timedelta(days=365)).replace(day=1)
    definition = ReportDefinition.objects.create(
        owner=province, name=f"{ROOT_NAME}“争六好、创特色”活动月报", frequency=Frequency.MONTHLY,
        first_day=first, last_day=this_month - datetime.timedelta(days=1),
        due_rule=DueRule.DAY_OF_NEXT_MONTH, due_value=1, grace_days=2,
    )  # fmt: skip
    ReportTarget.objects.create(definition=definition, unit=province, below=True)
    ReportField.objects.bulk_create(
        ReportField(definition=definition, key=key, label=label, type=kind, required=required, sort_order=order)
        for order, (key, label, kind, required) in enumerate(
            (
                ("summary", "本月工作", FieldType.LONG_TEXT, True),
                ("trained", "培训人数", FieldType.INTEGER, False),
                ("placed", "就业人数", FieldType.INTEGER, False),
                ("photos", "活动照片", FieldType.PHOTOS, True),
            )
        )
    )
    return definition


SUBMISSION_COLUMNS = (
    "definition_id", "unit_id", "period", "period_start", "period_end", "due_on", "late_after", "status",
    "values", "first_submitted_at", "submitted_at", "submitted_by_id", "is_late", "reviewed_at",
    "reviewed_by_id", "is_highlight", "highlight_note", "updated_at", "version",
)  # fmt: skip
PHOTO_COLUMNS = ("submission_id", "field_key", "image", "thumbnail", "caption", "width", "height", "size", "sort_order")


def _write_reports(definition: ReportDefinition, province: OrgUnit, rng: random.Random, options: BenchOptions) -> None:
    reporter = User.objects.create_user(username=f"{ROOT_NAME}-reporter-{province.pk}")
    reviewer = User.objects.create_user(username=f"{ROOT_NAME}-reviewer-{province.pk}")
    unit_ids = list(
        OrgUnit.objects.filter(path__startswith=province.path, depth__gt=province.depth)
        .order_by("path")
        .values_list("pk", flat=True)
    )
    periods = definition_periods(definition, definition.last_day or timezone.localdate())
    options.log(f"  {len(unit_ids):,} units × {len(periods)} months of submissions …")
    rows = (
        _submission_row(definition, unit_id, period, (reporter.pk, reviewer.pk), rng)
        for period in periods
        for unit_id in unit_ids
    )
    _write(Submission, SUBMISSION_COLUMNS, rows)
    options.log("  their photos …")  # read before the COPY starts: the connection then only streams
    filled = Submission.objects.filter(definition=definition).exclude(status=SubmissionStatus.MISSING)
    photos = (
        (pk, "photos", f"reports/{start:%Y/%m}/{pk}-photos-{n}.jpg",
         f"reports/{start:%Y/%m}/thumbs/{pk}-photos-{n}-thumb.jpg", "", 1600, 1200, rng.randint(200_000, 900_000), n)
        for pk, start in list(filled.order_by("pk").values_list("pk", "period_start"))
        for n in range(PHOTOS_PER_REPORT)
    )  # fmt: skip
    _write(SubmissionPhoto, PHOTO_COLUMNS, photos)


def _submission_row(
    definition: ReportDefinition, unit_id: int, period: Period, users: tuple[int, int], rng: random.Random
) -> tuple[Any, ...]:
    """One expected report and its fate, with the due dates `ensure_expected` would give it."""
    due = due_date(period, definition.due_rule, definition.due_value)
    until = late_after(due, definition.grace_days)
    expected = (definition.pk, unit_id, period.key, period.start, period.end, due, until)
    opened = _at(period.end, 20)
    unsent = (None, None, None, None, None, None, False, "", opened)  # nothing sent, reviewed or highlighted
    draw = rng.random()
    if draw < MISSING_ODDS:
        return (*expected, SubmissionStatus.MISSING, {}, *unsent, 0)
    if draw < MISSING_ODDS + DRAFT_ODDS:
        return (*expected, SubmissionStatus.DRAFT, SENT_VALUES, *unsent, 1)
    is_late = draw < MISSING_ODDS + DRAFT_ODDS + LATE_ODDS
    day = (
        until + datetime.timedelta(days=rng.randint(1, 10)) if is_late else due - datetime.timedelta(rng.randint(0, 5))
    )
    sent = _at(day, rng.randint(8, 17))
    status, reviewed, reviewer = SubmissionStatus.SUBMITTED, None, None
    if rng.random() < RETURN_ODDS:
        status, reviewed, reviewer = SubmissionStatus.RETURNED, sent + datetime.timedelta(days=2), users[1]
    elif rng.random() < ACCEPT_ODDS:
        status, reviewed, reviewer = SubmissionStatus.ACCEPTED, sent + datetime.timedelta(days=3), users[1]
    updated = reviewed or sent
    version = 2 if reviewed else 1
    review = (reviewed, reviewer, False, "", updated, version)
    return (*expected, status, SENT_VALUES, sent, sent, users[0], is_late, *review)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _write(
    model: type[Submission] | type[SubmissionPhoto], columns: Sequence[str], rows: Iterator[tuple[Any, ...]]
) -> None:
    """COPY on PostgreSQL (the values as JSON text); elsewhere (the CI smoke run) batches of bulk_create."""
    if connection.vendor == "postgresql":
        json_at = columns.index("values") if "values" in columns else None
        copy_rows(model, columns, (_json_values(row, json_at) for row in rows))
        return
    batch: list[Any] = []
    for row in rows:
        batch.append(model(**dict(zip(columns, row, strict=True))))
        if len(batch) == BATCH_SIZE:
            model.objects.bulk_create(batch)  # type: ignore[attr-defined]
            batch.clear()
    model.objects.bulk_create(batch)  # type: ignore[attr-defined]


def _json_values(row: tuple[Any, ...], at: int | None) -> tuple[Any, ...]:
    return row if at is None else (*row[:at], json.dumps(row[at], ensure_ascii=False), *row[at + 1 :])


def _analyze() -> None:
    analyze("reporting_submission", "reporting_submissionphoto", "org_orgunit")


# --- the readers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Readers:
    """Who reads and writes: the province's leader, a county's administrator, a unit's reporter."""

    province_leader: int
    county_admin: int
    reporter: int
    counties: list[int]
    drafts: list[int]  # submissions ready to send: a draft with valid values and its photos
    units: int

    @classmethod
    def create(cls, definition: ReportDefinition) -> "Readers":
        province = definition.owner
        below = OrgUnit.objects.filter(path__startswith=province.path, depth__gt=province.depth)
        counties = list(below.filter(level=UnitLevel.COUNTY).values_list("pk", flat=True))
        drafts = list(
            Submission.objects.filter(definition=definition, status=SubmissionStatus.DRAFT).values_list("pk", flat=True)
        )
        if not drafts:
            raise RuntimeError("no draft submission to send: generate more units")
        return cls(
            province_leader=_user_with("leader", Role.LEADER, province),
            county_admin=_user_with("county", Role.UNIT_ADMIN, OrgUnit.objects.get(pk=counties[0])),
            reporter=_user_with("reporter", Role.REPORTER, province),
            counties=counties,
            drafts=drafts,
            units=below.count(),
        )


def _user_with(name: str, role: Role, unit: OrgUnit) -> int:
    user = User.objects.create_user(username=f"{ROOT_NAME}-bench-{name}")
    RoleGrant.objects.create(user=user, role=role, unit=unit)
    return user.pk


def _moving_grant(user_id: int, unit_ids: list[int], options: BenchOptions) -> Callable[[int], int]:
    """A different unit for each run: the user's grant moves to it (undone with the rollback)."""
    rng = random.Random(options.seed)  # noqa: S311 - sampling, not a secret
    chosen = [rng.choice(unit_ids) for _ in range(options.warmup + options.runs)]

    def user_for(run: int) -> int:
        RoleGrant.objects.filter(user_id=user_id).update(unit_id=chosen[run])
        return user_id

    return user_for


# --- the measurements -----------------------------------------------------------------------------


def measure(definition: ReportDefinition, readers: Readers, options: BenchOptions) -> list[Measurement]:
    today = timezone.localdate()
    period = completeness.closed_period(definition, definition_periods(definition, today), today)
    assert period is not None  # the definition's months are all past
    county_of = _moving_grant(readers.county_admin, readers.counties, options)
    rates_read = _measure(
        "rates by prefecture, a month: selector", options, readers.province_leader, _rates(definition, period)
    )
    rates_page = _measure_page(
        "rates by prefecture, a month: page", options, readers.province_leader,
        reverse("reports:rates_detail", args=[definition.pk]) + f"?period={period.key}", BUDGETS_MS["rates"],
    )  # fmt: skip
    return [
        rates_read,
        rates_page,
        *_bare_sql(definition, period, readers.province_leader, options, (rates_read, rates_page)),
        _measure("county matrix, 12 months: cells (rates.unit_matrix)", options, county_of, _cells(definition)),
        _measure("county matrix, 12 months: rows (unit_matrix_rows)", options, county_of, _matrix_rows(definition)),
        _measure_page(
            "county matrix, 12 months: page",
            options,
            county_of,
            reverse("reports:rates_matrix", args=[definition.pk]),
            BUDGETS_MS["matrix"],
        ),  # fmt: skip
        *_submissions(readers, options),
    ]


Who = int | Callable[[int], int]  # a user id, or the user id for each run
Read = Callable[[User], int]


def _pick(who: Who, run: int) -> int:
    return who(run) if callable(who) else who


def _budget(name: str) -> float:
    return BUDGETS_MS["rates" if name.startswith("rates") else "matrix" if "matrix" in name else "submit"]


def _measure(name: str, options: BenchOptions, who: Who, read: Read) -> Measurement:
    """Time `read(user)` with the user loaded fresh; the note gives the mean size it returned."""
    sizes: list[int] = []
    samples = time_runs(
        lambda run: User.objects.get(pk=_pick(who, run)), lambda user: sizes.append(read(user)), options
    )
    return Measurement(name, samples_ms=samples, budget_ms=_budget(name), note=f"{sum(sizes) / len(sizes):,.0f} rows")


def _logged_in(who: Who) -> Callable[[int], Client]:
    def client_for(run: int) -> Client:
        client = Client()
        client.force_login(User.objects.get(pk=_pick(who, run)))
        return client

    return client_for


def _measure_page(name: str, options: BenchOptions, who: Who, url: str, budget: float) -> Measurement:
    """The whole response (middleware, session, template); the note gives its size in KiB."""
    sizes: list[int] = []

    def get(client: Client) -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        sizes.append(len(response.content) // 1024)

    samples = time_runs(_logged_in(who), get, options)
    return Measurement(name, samples_ms=samples, budget_ms=budget, note=f"{sum(sizes) / len(sizes):,.0f} KiB")


def _rates(definition: ReportDefinition, period: Period) -> Read:
    """What the rates page reads: where the viewer's view starts, then one line per prefecture."""

    def read(user: User) -> int:
        focus = completeness.report_focus(user=user, definition=definition)
        return len(rates.branch_rates(definition=definition, periods=[period.key], focus=focus.unit))

    return read


def _county_view(user: User, definition: ReportDefinition) -> tuple[OrgUnit, list[Period]]:
    focus = completeness.report_focus(user=user, definition=definition)
    return focus.unit, completeness.matrix_periods(definition, timezone.localdate())


def _cells(definition: ReportDefinition) -> Read:
    """Every unit of the county (≈300) × 12 months, one cell each."""

    def read(user: User) -> int:
        county, periods = _county_view(user, definition)
        units = list(OrgUnit.objects.filter(path__startswith=county.path).order_by("path"))
        cells = rates.unit_matrix(definition=definition, periods=[period.key for period in periods], units=units)
        return len(cells)

    return read


def _matrix_rows(definition: ReportDefinition) -> Read:
    """What the matrix page shows for a county: its townships' summaries and its own reports."""

    def read(user: User) -> int:
        county, periods = _county_view(user, definition)
        today = timezone.localdate()
        return len(completeness.unit_matrix_rows(definition=definition, focus=county, periods=periods, today=today))

    return read


# --- the bare SQL under the rates page ---------------------------------------------------------------


def _bare_sql(
    definition: ReportDefinition, period: Period, leader: int, options: BenchOptions, reads: Sequence[Measurement]
) -> list[Measurement]:
    """The GROUP BY the rates page runs, executed as captured with a plain cursor; the ratios of the
    selector's and the page's medians to its median (aim: under RATIO_AIM)."""
    with CaptureQueriesContext(connection) as captured:
        _rates(definition, period)(User.objects.get(pk=leader))
    sql = next(query["sql"] for query in captured.captured_queries if "GROUP BY" in query["sql"])

    def run(_argument: None) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            cursor.fetchall()

    samples = time_runs(lambda _run: None, run, options)
    bare = Measurement("rates by prefecture, a month: bare SQL", samples_ms=samples, note=_explain(sql))
    ratios = ", ".join(f"{read.name.rsplit(': ', 1)[1]} {read.median_ms / bare.median_ms:.2f}×" for read in reads)
    ratio = Measurement("ratio to the bare SQL (aim < 1.5)", note=ratios)
    return [bare, ratio]


def _explain(sql: str) -> str:
    """EXPLAIN ANALYZE's execution time on PostgreSQL (server-side, without the round trip)."""
    if connection.vendor != "postgresql":
        return "EXPLAIN ANALYZE: PostgreSQL only"
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ANALYZE {sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    found = re.search(r"Execution Time: ([\d.]+) ms", plan)
    return f"EXPLAIN ANALYZE {found.group(1) if found else '?'} ms"


# --- sending a report ----------------------------------------------------------------------------------


def _submissions(readers: Readers, options: BenchOptions) -> list[Measurement]:
    """services.submit and the page's POST on a draft with valid values and its photos, rolled back."""
    rng = random.Random(options.seed)  # noqa: S311 - sampling, not a secret
    chosen = [rng.choice(readers.drafts) for _ in range(options.warmup + options.runs)]
    units = dict(Submission.objects.filter(pk__in=chosen).values_list("pk", "unit_id"))

    def reporter_for(run: int) -> int:
        RoleGrant.objects.filter(user_id=readers.reporter).update(unit_id=units[chosen[run]])
        return readers.reporter

    def prepare(run: int) -> tuple[User, Submission]:
        user = User.objects.get(pk=reporter_for(run))
        return user, policies.submissions.get(user, chosen[run])

    def send(pair: tuple[User, Submission]) -> None:
        with transaction.atomic():
            services.submit(user=pair[0], submission=pair[1], raw=SENT_VALUES)
            transaction.set_rollback(True)

    service = Measurement(
        "submit a report: services.submit",
        samples_ms=time_runs(prepare, send, options),
        budget_ms=BUDGETS_MS["submit"],
        note=f"{PHOTOS_PER_REPORT} photos attached, no upload",
    )
    clients = _logged_in(reporter_for)
    posted = iter(chosen[run] for run in range(options.warmup + options.runs))

    def post(client: Client) -> None:
        pk = next(posted)
        data = {f"values-{key}": value for key, value in SENT_VALUES.items()}
        with transaction.atomic():
            response = client.post(reverse("reports:submit", args=[pk]), data)
            sent = Submission.objects.filter(pk=pk, status=SubmissionStatus.SUBMITTED).exists()
            transaction.set_rollback(True)
        if response.status_code != 302 or not sent:
            raise RuntimeError(f"the submit page answered {response.status_code} and did not send the report")

    page = Measurement(
        "submit a report: page POST",
        samples_ms=time_runs(clients, post, options),
        budget_ms=BUDGETS_MS["submit"],
        note="redirect, without following it",
    )
    return [service, page]


BENCHMARKS: dict[str, Any] = {"reporting": run_reporting_bench}
