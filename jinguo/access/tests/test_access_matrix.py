"""Every URL, page and API route, swept as a user of a sibling county: they get none of its data.

The routes come from the URLconf itself, so a new endpoint is covered the day it is added. Every
text of 丰泽区妇联's subtree carries a marker; each route's path arguments are filled with keys of
those records (of every kind: a unit, a person, a group, a job …), lists get the searches and filters
they read pointed at them, and every method is tried. The 鲤城区妇联 administrator must never see a
marker, get a server error, or change a marked row. A route whose arguments cannot be filled fails
(teach `_fill_values`) unless `EXCLUDED` names it with a reason.

The second half walks role × place in the tree × action on the unit pages.
"""

import datetime
import io
import itertools
import json
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Any
from unittest import mock
from urllib.parse import urlencode
from zipfile import BadZipFile, ZipFile

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db.models import Q
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils.datastructures import MultiValueDict
from rest_framework.authtoken.models import Token

from jinguo.access.models import RoleGrant
from jinguo.accounts.models import User
from jinguo.audit.models import AuditEvent
from jinguo.jobs.models import Job, JobStatus
from jinguo.notifications.models import Notification, NotificationKind
from jinguo.notifications.services import notify
from jinguo.org import jobs as org_jobs
from jinguo.org import services
from jinguo.org.models import Department, GroupMember, LeadingGroup, Liaison, OrgUnit, Person, Position, PositionKind
from jinguo.plans import services as plan_services
from jinguo.plans.models import (
    Comment,
    CommentKind,
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
    UpdateAttachment,
)
from jinguo.reporting import services as report_services
from jinguo.reporting.expected import ensure_expected
from jinguo.reporting.models import (
    FieldType,
    ReportDefinition,
    ReportField,
    ReportTarget,
    ReviewEvent,
    Submission,
    SubmissionPhoto,
)
from jinguo.reporting.periods import DueRule, Frequency
from jinguo.reporting.tests.factories import jpeg

pytestmark = pytest.mark.django_db

MARK = "MARKER-丰泽-"
# The marker as written, or as JSON with ensure_ascii would spell it.
MARK_FOUND = re.compile(r"MARKER-(?:丰泽|\\u4e30\\u6cfd)-[\w-]*")

# Route prefixes the sweep leaves out, each with its reason. Anything else is swept.
EXCLUDED: dict[str, str] = {
    "admin/": "Django admin: staff only; test_admin_site_refuses_non_staff checks the redirect to its login.",
    "i18n/": "set_language stores a language preference in a cookie; it reads and writes no records.",
    "accounts/login/": "the public login page shows no records and a POST would only log in.",
}

# Pages that open without a login, each with its reason. They are still swept: a token that is not
# theirs (FIXED_CHOICES["token"]) must answer 404 and change nothing. (Added with the party-branch cycle.)
PUBLIC_WITHOUT_LOGIN: dict[str, str] = {
    "plans/branch/public/<str:token>/": "公开承诺: published pledges and results, read only, by an unguessable token.",
    "plans/branch/appraise/<str:token>/": "群众评议: the anonymous appraisal form, by a single-use unguessable token.",
}

ALLOWED_STATUSES = {200, 201, 204, 302, 400, 403, 404, 405}
WRITE_METHODS = ("post", "put", "patch", "delete")
TEXT_QUERIES = {"q": "MARKER", "search": "MARKER"}  # what a user could type; echoing it is no leak

# Pages that name the sibling county itself by design, each with its reason: there its own name, and
# nothing else of its subtree, may show. (Added with the observation meetings' shared schedule.)
SHARED_COUNTY_NAME: dict[str, str] = {
    "plans/<int:pk>/meetings/": "观摩交流会: every participating county learns which county hosts each quarter.",
}


# --- The routes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    """A leaf of the URLconf with the chain of patterns leading to it."""

    chain: tuple[URLResolver | URLPattern, ...]

    @property
    def leaf(self) -> URLPattern:
        leaf = self.chain[-1]
        assert isinstance(leaf, URLPattern)
        return leaf

    @property
    def route(self) -> str:
        return "".join(str(part.pattern) for part in self.chain)

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api/")

    def kwarg_names(self) -> list[str]:
        names: list[str] = []
        for part in self.chain:
            pattern = part.pattern
            if isinstance(pattern, RoutePattern):
                names += list(pattern.converters)
            elif isinstance(pattern, RegexPattern):
                if pattern.regex.groups != len(pattern.regex.groupindex):
                    raise UnfillableRoute(f"{self.route}: unnamed regex groups cannot be filled by name")
                names += list(pattern.regex.groupindex)
        return names

    def url(self, values: dict[str, Any]) -> str:
        path = "/" + "".join(_render(part.pattern, values, self.route) for part in self.chain)
        match = resolve(path)
        if match.func is not self.leaf.callback or {k: str(v) for k, v in match.kwargs.items()} != {
            k: str(v) for k, v in values.items()
        }:
            raise UnfillableRoute(f"{self.route}: rendered {path}, which resolves to {match.route} {match.kwargs}")
        return path


class UnfillableRoute(Exception):
    pass


_ROUTE_ARG = re.compile(r"<(?:[^>:]+:)?(?P<name>\w+)>")
_REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^()]*\)")
_REGEX_LEFT = re.compile(r"[\\()\[\]{}*+?|^$]")


def _render(pattern: Any, values: dict[str, Any], route: str) -> str:
    if isinstance(pattern, RoutePattern):
        return _ROUTE_ARG.sub(lambda m: pattern.converters[m["name"]].to_url(values[m["name"]]), str(pattern))
    text = str(pattern).removeprefix("^").removesuffix("$")
    text = _REGEX_GROUP.sub(lambda m: str(values[m["name"]]), text).replace("/?", "/").replace(r"\.", ".")
    if _REGEX_LEFT.search(text):
        raise UnfillableRoute(f"{route}: cannot turn the regex into a URL (left: {text!r})")
    return text


def _walk(patterns: list[Any], chain: tuple[Any, ...] = ()) -> Iterator[Endpoint]:
    for entry in patterns:
        here = (*chain, entry)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, here)
        else:
            yield Endpoint(here)


def _excluded(route: str) -> str | None:
    return next((prefix for prefix in EXCLUDED if route.startswith(prefix)), None)


ALL_ENDPOINTS = list(_walk(get_resolver().url_patterns))
SWEPT = [endpoint for endpoint in ALL_ENDPOINTS if _excluded(endpoint.route) is None]


def _arg_count(endpoint: Endpoint) -> int:
    try:
        return len(endpoint.kwarg_names())
    except UnfillableRoute:
        return -1  # fails in the sweep with its message


DETAIL_ENDPOINTS = [endpoint for endpoint in SWEPT if _arg_count(endpoint) != 0]
LIST_ENDPOINTS = [endpoint for endpoint in SWEPT if _arg_count(endpoint) == 0]


# --- The sibling county, marked -------------------------------------------------------------------


@dataclass
class MarkedCounty:
    """丰泽区妇联 with a marker in every text of its subtree, and the keys of everything in it."""

    county: OrgUnit
    pks: dict[str, list[int]] = field(default_factory=dict)
    # A few keys of each kind to put into URLs (every one would cost minutes of requests).
    probes: dict[str, list[int]] = field(default_factory=dict)

    def probe_pks(self) -> list[int]:
        return sorted({pk for pks in self.probes.values() for pk in pks})

    def snapshot(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of the subtree (or pointing into it), field by field."""
        path = self.county.path
        rows = {
            "units": OrgUnit.objects.filter(Q(path__startswith=path) | Q(pk__in=self.pks["units"])),
            "people": Person.objects.filter(Q(unit__path__startswith=path) | Q(pk__in=self.pks["people"])),
            "departments": Department.objects.filter(
                Q(unit__path__startswith=path) | Q(pk__in=self.pks["departments"])
            ),
            "groups": LeadingGroup.objects.filter(Q(unit__path__startswith=path) | Q(pk__in=self.pks["groups"])),
            "members": GroupMember.objects.filter(
                Q(group__unit__path__startswith=path) | Q(pk__in=self.pks["members"])
            ),
            "liaisons": Liaison.objects.filter(Q(unit__path__startswith=path) | Q(pk__in=self.pks["liaisons"])),
            "positions": Position.objects.filter(Q(unit__path__startswith=path) | Q(pk__in=self.pks["positions"])),
            "users": User.objects.filter(Q(person__unit__path__startswith=path) | Q(pk__in=self.pks["users"])),
            "grants": RoleGrant.objects.filter(Q(unit__path__startswith=path) | Q(pk__in=self.pks["grants"])),
            "events": AuditEvent.objects.filter(unit_path__startswith=path),
            "jobs": Job.objects.filter(Q(unit__path__startswith=path) | Q(pk__in=self.pks["jobs"])),
            "notifications": Notification.objects.filter(
                Q(recipient__person__unit__path__startswith=path) | Q(pk__in=self.pks["notifications"])
            ),
            **self._plan_rows(),
            **self._report_rows(),
        }
        return {name: sorted(query.order_by().values_list()) for name, query in rows.items()}

    def _report_rows(self) -> dict[str, Any]:
        path = self.county.path
        return {
            "submissions": Submission.objects.filter(unit__path__startswith=path),
            "submission_photos": SubmissionPhoto.objects.filter(submission__unit__path__startswith=path),
            "review_events": ReviewEvent.objects.filter(submission__unit__path__startswith=path),
        }

    def _plan_rows(self) -> dict[str, Any]:
        path = self.county.path
        return {
            "plans": Plan.objects.filter(unit__path__startswith=path),
            "tasks": Task.objects.filter(plan__unit__path__startswith=path),
            "responsibilities": TaskResponsibility.objects.filter(task__plan__unit__path__startswith=path),
            "projects": FeatureProject.objects.filter(
                Q(declared_by__path__startswith=path) | Q(pk__in=self.pks["feature_projects"])
            ),
            "updates": ProgressUpdate.objects.filter(Q(unit__path__startswith=path) | Q(pk__in=self.pks["updates"])),
            "attachments": UpdateAttachment.objects.filter(update__unit__path__startswith=path),
            "comments": Comment.objects.filter(
                Q(task__plan__unit__path__startswith=path) | Q(pk__in=self.pks["comments"])
            ),
        }


def mark_sibling_county(world: Any) -> MarkedCounty:
    """Give every record under 丰泽区妇联 a marker text, through the services where there is one."""
    chair = world.user("wangshaorong")
    county = world.unit("丰泽区妇联")
    units = list(OrgUnit.objects.filter(path__startswith=county.path).order_by("path"))
    for unit in units:
        services.unit_update(
            actor=chair, unit=unit, data={"name": f"{MARK}unit-{unit.pk}", "short_name": f"{MARK}u{unit.pk}"}
        )
    people = list(Person.objects.filter(unit__path__startswith=county.path).order_by("pk"))
    for person in people:
        services.person_update(
            actor=chair, person=person, data={"name": f"{MARK}p{person.pk}", "title": f"{MARK}title"}
        )
    User.objects.filter(person__in=people).update(first_name=f"{MARK}user", email="marker@example.com")
    Position.objects.filter(unit__path__startswith=county.path).update(title=f"{MARK}position")
    county.refresh_from_db()
    department = services.department_create(
        actor=chair, unit=county, data={"name": f"{MARK}department", "short_name": f"{MARK}dept"}
    )
    group = LeadingGroup.objects.create(unit=county, name=f"{MARK}group", office=department, note=f"{MARK}note")
    village = units[-1]
    # A member and a post from 鲤城区 inside 丰泽区's records: the 鲤城 person's pages must not show them.
    lichen_chair = world.person("黄玉芳")
    members = [
        GroupMember.objects.create(group=group, person=people[0], role="leader", title=f"{MARK}leader"),
        GroupMember.objects.create(group=group, person=lichen_chair, title=f"{MARK}member"),
    ]
    cross_post = Position.objects.create(
        person=lichen_chair, unit=units[1], kind=PositionKind.EXECUTIVE_MEMBER, title=f"{MARK}post"
    )
    Liaison.objects.filter(unit=county).update(purpose=f"{MARK}liaison")
    Liaison.objects.create(leader=people[0], unit=village, purpose=f"{MARK}follows")
    job = Job.objects.create(
        kind=org_jobs.EXPORT_PEOPLE,
        status=JobStatus.SUCCEEDED,
        created_by=chair,
        unit=county,
        message=f"{MARK}job",
        result_name=f"{MARK}export.xlsx",
        result_file=ContentFile(_xlsx_like(f"{MARK}in-the-file"), name="export.xlsx"),
    )
    plan_records = _mark_plans(chair, county, township=units[1], person=people[0])
    report_records = _mark_reports(chair, county)
    notify([chair], kind=NotificationKind.INSTRUCTION, title=f"{MARK}notification", body=f"{MARK}body", url="/")
    marked = MarkedCounty(county=county)
    marked.pks = {
        **plan_records,
        **report_records,
        "units": [unit.pk for unit in units],
        "people": [person.pk for person in people],
        "departments": [department.pk],
        "groups": [group.pk],
        "members": [member.pk for member in members],
        "liaisons": list(Liaison.objects.filter(unit__path__startswith=county.path).values_list("pk", flat=True)),
        "positions": [
            *Position.objects.filter(unit__path__startswith=county.path).values_list("pk", flat=True),
            cross_post.pk,
        ],
        "users": list(User.objects.filter(person__in=people).order_by("pk").values_list("pk", flat=True)),
        "grants": list(
            RoleGrant.objects.filter(unit__path__startswith=county.path).order_by("pk").values_list("pk", flat=True)
        ),
        "events": list(AuditEvent.objects.filter(unit_path__startswith=county.path).values_list("pk", flat=True)),
        "jobs": [job.pk],
        "notifications": list(
            Notification.objects.filter(recipient__person__unit__path__startswith=county.path).values_list(
                "pk", flat=True
            )
        ),
    }
    village_person = next(person for person in people if person.unit_id == village.pk)
    # Records of one kind are reached the same way: one key each, more for the tree's levels.
    marked.probes = {
        **{name: pks[:1] for name, pks in marked.pks.items()},
        "units": [county.pk, units[1].pk, village.pk],  # a county, a township, a village
        "people": [people[0].pk, village_person.pk],  # the county chair, a village's
        "linked": [lichen_chair.pk],  # 鲤城's own record that the sibling's group and post point at
    }
    return marked


def _mark_plans(chair: User, county: OrgUnit, *, township: OrgUnit, person: Person) -> dict[str, list[int]]:
    """The county's own plan with a task, an update and an instruction; its brand in the city's plan with
    a report and a file; a township's feature project. Visible in 丰泽区's reach and to the plans' owners."""
    start = datetime.date(2013, 1, 1)
    plan = Plan.objects.create(
        unit=county,
        title=f"{MARK}plan",
        doc_number=f"{MARK}doc",
        issue_date=start,
        addressees=f"{MARK}addressees",
        goals=f"{MARK}goals",
        status=PlanStatus.ACTIVE,
    )
    PlanParticipant.objects.create(plan=plan, unit=township)
    Phase.objects.create(plan=plan, name=f"{MARK}phase", start_date=start)
    category = Task.objects.create(plan=plan, number="1.", title=f"{MARK}category", is_category=True)
    task = Task.objects.create(
        plan=plan, parent=category, number="（1）", title=f"{MARK}task", text=f"{MARK}text", deadline=start
    )
    TaskResponsibility.objects.bulk_create(
        [
            TaskResponsibility(task=task, role=ResponsibilityRole.LEAD_UNIT, unit=county, label=f"{MARK}unit"),
            TaskResponsibility(task=task, role=ResponsibilityRole.PERSON, person=person, label=f"{MARK}person"),
            TaskResponsibility(task=task, role=ResponsibilityRole.LEADER, person=person, label=f"{MARK}leader"),
        ]
    )
    update = plan_services.update_post(user=chair, task=task, text=f"{MARK}update", percent=40)
    comment = plan_services.comment_post(
        user=chair, task=task, text=f"{MARK}instruction", kind=CommentKind.INSTRUCTION, update=update
    )
    brand = FeatureProject.objects.get(declared_by=county, level=FeatureLevel.COUNTY_BRAND)
    FeatureProject.objects.filter(pk=brand.pk).update(name=f"{MARK}brand", targets=f"{MARK}targets")
    report = plan_services.update_post(user=chair, project=brand, text=f"{MARK}report", percent=60)
    attachment = UpdateAttachment.objects.create(
        update=report, file=ContentFile(b"%PDF-1.4", name="report.pdf"), caption=f"{MARK}caption"
    )
    feature = plan_services.feature_project_declare(
        user=chair,
        plan=brand.plan,
        unit=township,
        level=FeatureLevel.TOWNSHIP_FEATURE,
        name=f"{MARK}feature",
        targets=f"{MARK}feature-targets",
    )
    return {
        "plans": [plan.pk],
        "tasks": [task.pk, category.pk],
        "updates": [update.pk, report.pk],
        "comments": [comment.pk],
        "feature_projects": [brand.pk, feature.pk],
        "attachments": [attachment.pk],
    }


def _mark_reports(chair: User, county: OrgUnit) -> dict[str, list[int]]:
    """The county's own monthly report, sent with a marked value and a marked photo caption: it waits for
    the city's review, so it shows to the city and must show to no sibling."""
    definition = ReportDefinition.objects.create(
        owner=county,
        name=f"{MARK}report",
        frequency=Frequency.MONTHLY,
        first_day=datetime.date(2012, 10, 1),
        last_day=datetime.date(2012, 10, 31),
        due_rule=DueRule.DAY_OF_NEXT_MONTH,
    )
    ReportTarget.objects.create(definition=definition, unit=county)
    ReportField.objects.bulk_create(
        [
            ReportField(definition=definition, key="summary", label=f"{MARK}label", type=FieldType.LONG_TEXT),
            ReportField(definition=definition, key="photos", label=f"{MARK}photos", type=FieldType.PHOTOS),
        ]
    )
    ensure_expected(definition, until=datetime.date(2012, 10, 31))
    submission = Submission.objects.get(definition=definition)
    photo = report_services.photo_add(
        user=chair, submission=submission, field_key="photos", upload=jpeg(), caption=f"{MARK}caption"
    )
    report_services.submit(user=chair, submission=submission, raw={"summary": f"{MARK}values"})
    return {"submissions": [submission.pk], "submission_photos": [photo.pk], "report_definitions": [definition.pk]}


def _xlsx_like(text: str) -> bytes:
    """A zip holding the text, as an .xlsx holds its strings: the sweep must look inside downloads."""
    buffer = io.BytesIO()
    with ZipFile(buffer, "w") as archive:
        archive.writestr("xl/sharedStrings.xml", f"<sst><si><t>{text}</t></si></sst>")
    return buffer.getvalue()


@pytest.fixture
def sibling(world) -> Iterator[MarkedCounty]:  # type: ignore[no-untyped-def]
    # Hundreds of expected 404s and 403s would each log a warning; server errors still log.
    request_logger = logging.getLogger("django.request")
    level = request_logger.level
    request_logger.setLevel(logging.ERROR)
    yield mark_sibling_county(world)
    request_logger.setLevel(level)
    cache.clear()


# --- Sweeping ---------------------------------------------------------------------------------------


# A path argument named after a kind of record takes that kind's keys; `pk` and others take every kind's.
ARGUMENT_KINDS = {
    "unit": "units",
    "parent": "units",
    "person": "people",
    "leader": "people",
    "department": "departments",
    "group": "groups",
    "member": "members",
    "liaison": "liaisons",
    "position": "positions",
    "user": "users",
    "account": "users",
    "grant": "grants",
    "event": "events",
    "job": "jobs",
}


# Arguments that pick one of a few fixed things rather than a record.
FIXED_CHOICES: dict[str, list[Any]] = {
    "format": ["json"],  # DRF's format suffix
    "what": ["people", "units"],  # which import template
    # Unguessable tokens of public pages (PUBLIC_WITHOUT_LOGIN): the sibling county has none to leak, so a
    # well-formed token that matches nothing stands in for one.
    "token": ["Zm9yZWlnbi10b2tlbi1ub3QtaXNzdWVkLWhlcmU"],
    # Periods are not records: one real quarter of the demo plan keeps the product of choices small.
    "year": [2013],
    "quarter": [1],
}


def _fill_values(endpoint: Endpoint, marked: MarkedCounty) -> list[dict[str, Any]]:
    """Every way to fill the route's arguments with keys of the sibling county's records."""
    names = endpoint.kwarg_names()
    choices: list[list[Any]] = []
    for name in names:
        if name in FIXED_CHOICES:
            choices.append(FIXED_CHOICES[name])
        elif name == "pk" or name.endswith(("_pk", "_id")) or _is_int_converter(endpoint, name):
            kind = ARGUMENT_KINDS.get(name.removesuffix("_pk").removesuffix("_id"))
            choices.append(marked.probes[kind] if kind else marked.probe_pks())
        else:
            raise UnfillableRoute(
                f"{endpoint.route}: no sibling-county values for the argument {name!r}; "
                "teach _fill_values or add a documented exclusion"
            )
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*choices)]


def _is_int_converter(endpoint: Endpoint, name: str) -> bool:
    return any(
        isinstance(part.pattern, RoutePattern) and type(part.pattern.converters.get(name)).__name__ == "IntConverter"
        for part in endpoint.chain
    )


# Query parameters of lists, and which kinds of sibling-county key each takes (None: a username).
LIST_FILTERS: dict[str, tuple[str, ...] | None] = {
    "unit": ("units",),
    "within": ("units",),
    "parent": ("units", "tasks"),  # a unit's subordinates, or a category's tasks
    "declared_by": ("units",),
    "leader": ("people",),
    "person": ("people",),
    "department": ("departments",),
    "office": ("departments",),
    "group": ("groups",),
    "user": ("users",),
    "plan": ("plans",),
    "task": ("tasks",),
    "feature_project": ("feature_projects",),
    "actor": None,
}


def _list_queries(marked: MarkedCounty, read: set[str]) -> list[dict[str, Any]]:
    """A bare list, then each text search and filter into the sibling county that the view reads."""
    queries: list[dict[str, Any]] = [{}]
    queries += [{key: value} for key, value in TEXT_QUERIES.items() if key in read]
    for param, kinds in LIST_FILTERS.items():
        if param in read:
            pks = [pk for kind in kinds or () for pk in marked.probes[kind]]
            queries += [{param: pk} for pk in pks] if kinds else [{param: "wangshaorong"}]
    return [{**query, "page_size": 200} for query in queries]


@contextmanager
def _query_parameters_read() -> Iterator[set[str]]:
    """Collect the query parameter names the view looks up, sent or not (filters, searches, pages)."""
    read: set[str] = set()

    def tracking(original: Callable[..., Any]) -> Callable[..., Any]:
        def lookup(self: MultiValueDict, key: str, *args: Any) -> Any:
            read.add(key)
            return original(self, key, *args)

        return lookup

    with ExitStack() as stack:
        for name in ("get", "getlist", "__getitem__", "__contains__"):
            stack.enter_context(mock.patch.object(MultiValueDict, name, tracking(getattr(MultiValueDict, name))))
        yield read


def _body(response: Any) -> str:
    """The response as text; for a zip download (an .xlsx), the text of every file inside too."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    texts = [content.decode("utf-8", errors="replace")]
    if content.startswith(b"PK"):
        try:
            with ZipFile(io.BytesIO(content)) as archive:
                texts += [archive.read(name).decode("utf-8", errors="replace") for name in archive.namelist()]
        except BadZipFile:
            pass
    return "\n".join(texts)


class LeakFound(Exception):
    pass


class Sweeper:
    """Sends requests as one user (session for pages, token for the API) and notes every problem."""

    def __init__(self, user: User, endpoint: Endpoint, *, htmx: bool = True, until_leak: bool = False) -> None:
        self.user = user
        self.endpoint = endpoint
        self.htmx = htmx and not endpoint.is_api  # pages answer HTMX requests with a fragment
        self.client = Client(raise_request_exception=False)  # a server error is reported with its URL
        self.headers: dict[str, str] = {}
        if endpoint.is_api:
            self.headers["Authorization"] = f"Token {Token.objects.get_or_create(user=user)[0].key}"
        else:
            self.client.force_login(user)
        self.until_leak = until_leak
        self.problems: list[str] = []
        self.shared_name: re.Pattern[str] | None = None  # see SHARED_COUNTY_NAME
        self.leaks: list[str] = []

    def send(self, method: str, url: str, data: dict[str, Any] | None = None, **headers: str) -> None:
        cache.clear()  # the token view's throttle would turn later requests into 429s
        headers = {**self.headers, **headers}
        if method == "get":
            response = self.client.get(url, data or {}, headers=headers)
        elif self.endpoint.is_api:
            response = getattr(self.client, method)(url, json.dumps(data or {}), "application/json", headers=headers)
        elif method == "post":
            response = self.client.post(url, data or {}, headers=headers)
        else:
            response = getattr(self.client, method)(
                url, urlencode(data or {}), "application/x-www-form-urlencoded", headers=headers
            )
        self.check(method, url, data, response)
        if "sessionid" in response.cookies and not response.cookies["sessionid"].value and not self.endpoint.is_api:
            self.client.force_login(self.user)  # a swept logout must not end the sweep's session

    def get(self, url: str, query: dict[str, Any] | None = None) -> None:
        self.send("get", url, query)
        if self.htmx:
            self.send("get", url, query, HX_Request="true")

    def check(self, method: str, url: str, data: dict[str, Any] | None, response: Any) -> None:
        where = f"{method.upper()} {url} {data or ''}".strip()
        if response.status_code not in ALLOWED_STATUSES:
            self.problems.append(f"{where} → {response.status_code}")
        body = _body(response)
        if self.shared_name is not None:
            body = self.shared_name.sub("", body)
        found = MARK_FOUND.search(body)
        if found:
            self.leaks.append(f"{where} → {response.status_code} shows {found.group()}")
            if self.until_leak:
                raise LeakFound

    def share_county_name(self, marked: MarkedCounty) -> None:
        if self.endpoint.route in SHARED_COUNTY_NAME:
            names = "|".join(re.escape(name) for name in (marked.county.name, marked.county.short_name))
            self.shared_name = re.compile(rf"(?:{names})(?![\w-])")

    def reads(self, marked: MarkedCounty) -> None:
        self.share_county_name(marked)
        if _arg_count(self.endpoint) == 0:
            url = self.endpoint.url({})
            with _query_parameters_read() as read:
                self.get(url, {"page_size": 200})
            for query in _list_queries(marked, read)[1:]:
                self.get(url, query)
        else:
            for values in _fill_values(self.endpoint, marked):
                self.get(self.endpoint.url(values))

    def writes(self, marked: MarkedCounty, own_unit: OrgUnit, own_child: OrgUnit) -> None:
        self.share_county_name(marked)
        if _arg_count(self.endpoint) == 0:
            # Creating into the sibling county: every unit reference points there, and a report or a
            # comment is on its task or, in turn, on its feature project.
            subjects = itertools.cycle(
                [{"task": marked.probes["tasks"][0]}, {"feature_project": marked.probes["feature_projects"][0]}]
            )
            for unit_pk, subject in zip(marked.probes["units"], subjects, strict=False):
                payload = _write_payload(unit=unit_pk, new_parent=unit_pk, department=marked.pks["departments"][0])
                payload.update(subject)
                for method in WRITE_METHODS:
                    self.send(method, self.endpoint.url({}), payload)
            return
        # Changing a sibling-county record: pull it into our own unit, or rename it in place.
        payload = _write_payload(unit=own_unit.pk, new_parent=own_child.pk, department=None)
        for values in _fill_values(self.endpoint, marked):
            for method in WRITE_METHODS:
                self.send(method, self.endpoint.url(values), payload)


def _write_payload(*, unit: int, new_parent: int, department: int | None) -> dict[str, Any]:
    """Valid input for every form and serializer we have, so a missing check would let it through."""
    return {
        "name": "越权写入",
        "short_name": "越权",
        "kind": "federation",
        "level": 5,
        "division_code": "",
        "sort_order": 0,
        "is_active": "on",
        "gender": "F",
        "mobile": "13912345678",
        "title": "越权写入",
        "unit": unit,
        "new_parent": new_parent,
        "department": department if department is not None else "",
        "id_number": "",
        "role": "member",
        "purpose": "越权写入",
        "note": "越权写入",
        "text": "越权写入",
        "percent": 50,
        "answer": "越权写入",
    }


def _lichen_admin(world: Any) -> User:
    """Unit administrator and leader of 鲤城区妇联, 丰泽区妇联's sibling county."""
    return world.user("huangyufang")


def _route_id(endpoint: Endpoint) -> str:
    return endpoint.route


# --- The sweep ---------------------------------------------------------------------------------------


def test_every_route_is_swept_or_excluded_with_a_reason():
    routes = [endpoint.route for endpoint in ALL_ENDPOINTS]
    for prefix, reason in EXCLUDED.items():
        assert reason, prefix
        assert any(route.startswith(prefix) for route in routes), f"exclusion {prefix!r} matches no route: remove it"
    swept = {endpoint.route for endpoint in SWEPT}
    # The routes this file was written against: all still swept (new ones join automatically).
    assert {
        "",
        "org/",
        "org/units/<int:pk>/",
        "org/units/<int:pk>/edit/",
        "org/units/<int:pk>/move/",
        "org/units/<int:pk>/people/add/",
        "org/people/",
        "org/people/<int:pk>/",
        "org/groups/<int:pk>/",
        "audit/",
        "api/v1/^units/(?P<pk>[^/.]+)/$",
        "api/v1/^people/$",
        "api/v1/^liaisons/(?P<pk>[^/.]+)/$",
    } <= swept
    assert len(SWEPT) + sum(1 for r in routes if _excluded(r)) == len(routes)
    for route, reason in PUBLIC_WITHOUT_LOGIN.items():
        assert reason and route in swept, f"public route {route!r} is not swept: remove it or fix its name"
    for route, reason in SHARED_COUNTY_NAME.items():
        assert reason and route in swept, f"route {route!r} sharing the county's name is not swept"


@pytest.mark.parametrize("endpoint", DETAIL_ENDPOINTS + LIST_ENDPOINTS, ids=_route_id)
def test_a_sibling_county_reads_nothing(endpoint, world, sibling):
    sweeper = Sweeper(_lichen_admin(world), endpoint)
    sweeper.reads(sibling)
    assert sweeper.problems == []
    assert sweeper.leaks == []


@pytest.mark.parametrize("endpoint", DETAIL_ENDPOINTS + LIST_ENDPOINTS, ids=_route_id)
def test_a_sibling_county_changes_nothing(endpoint, world, sibling):
    lichen = world.unit("鲤城区妇联")
    before = sibling.snapshot()
    sweeper = Sweeper(_lichen_admin(world), endpoint)
    sweeper.writes(sibling, lichen, OrgUnit.objects.get_children(lichen).first())
    assert sweeper.problems == []
    assert sweeper.leaks == []
    assert sibling.snapshot() == before


PLAN_API = ("plans", "tasks", "updates", "comments", "feature-projects")

# Where the city administrator must see the marker: proves the sweep finds a leak when there is one.
CITY_SEES = {
    "org/units/<int:pk>/",
    "org/units/<int:pk>/children/",
    "org/units/<int:pk>/edit/",
    "org/units/<int:pk>/move/",
    "org/people/<int:pk>/",
    "org/people/<int:pk>/edit/",
    "org/groups/<int:pk>/",
    "org/people/",
    "org/groups/",
    "org/search/",
    "audit/",
    "",
    "reports/<int:pk>/",
    *(f"reports/rates/{tail}" for tail in ("", "<int:pk>/", "<int:pk>/matrix/", "<int:pk>/overdue/")),
    *(f"api/v1/^{name}/$" for name in ("units", "departments", "people", "groups", "liaisons")),
    *(f"api/v1/^{name}/(?P<pk>[^/.]+)/$" for name in ("units", "departments", "people", "groups", "liaisons")),
    *(f"api/v1/^{name}/(?P<pk>[^/.]+)\\.(?P<format>[a-z0-9]+)/?$" for name in ("units", "people")),
    *(f"api/v1/^{name}/$" for name in PLAN_API),
    *(f"api/v1/^{name}/(?P<pk>[^/.]+)/$" for name in PLAN_API),
}


def test_the_sweep_sees_the_markers_where_access_is_granted(world, sibling):
    city_admin = world.user("liuweihong")
    leaking: set[str] = set()
    for endpoint in SWEPT:
        if endpoint.route in CITY_SEES:
            try:
                Sweeper(city_admin, endpoint, htmx=False, until_leak=True).reads(sibling)
            except LeakFound:
                leaking.add(endpoint.route)
    assert leaking == CITY_SEES


def test_an_unfillable_route_fails_with_its_name(sibling):
    endpoint = Endpoint((URLPattern(RoutePattern("files/<slug:name>/"), lambda request: None),))
    with pytest.raises(UnfillableRoute, match=r"files/<slug:name>/: no sibling-county values for the argument 'name'"):
        _fill_values(endpoint, sibling)


def test_admin_site_refuses_non_staff(client, world, sibling):
    client.force_login(_lichen_admin(world))
    for url in ("/admin/", f"/admin/org/orgunit/{sibling.county.pk}/change/", "/admin/org/person/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url
    before = sibling.snapshot()
    response = client.post(f"/admin/org/orgunit/{sibling.county.pk}/change/", {"name": "越权写入"})
    assert response.status_code == 302
    assert sibling.snapshot() == before


# --- Role × place × action -------------------------------------------------------------------------


def _information_officer(world: Any) -> User:
    return User.objects.get(
        person__unit=world.unit("鲤城区妇联"), person__positions__kind=PositionKind.INFORMATION_OFFICER
    )


def _village(world: Any) -> OrgUnit:
    return world.village_user("鲤城区妇联").person.unit


ROLES: dict[str, tuple[Callable[[Any], User], Callable[[Any], OrgUnit]]] = {
    "system admin": (lambda w: w.user("admin"), lambda w: w.unit("福建省妇联")),
    "city leader": (lambda w: w.user("liangyuhua"), lambda w: w.unit("泉州市妇联")),
    "city unit admin": (lambda w: w.user("liuweihong"), lambda w: w.unit("泉州市妇联")),
    "county unit admin": (lambda w: w.user("huangyufang"), lambda w: w.unit("鲤城区妇联")),
    "village chair": (lambda w: w.village_user("鲤城区妇联"), _village),
    "information officer": (_information_officer, lambda w: w.unit("鲤城区妇联")),
}
MANAGERS = {"system admin", "city unit admin", "county unit admin"}  # village chairs only report
PLACES = ("own", "child", "sibling", "parent")
ACTIONS = ("view", "edit", "add person", "move")
# Places a role does not have: a root has no parent, a village no child.
MISSING_PLACES = {("system admin", "parent"), ("village chair", "child")}
# Moves that go through: the target must lie in the mover's reach, which only the system admin's does here.
MOVES_THROUGH = {("system admin", "child")}


def _place(own: OrgUnit, place: str) -> OrgUnit:
    if place == "own":
        return own
    if place == "child":
        return OrgUnit.objects.get_children(own).order_by("path").first()
    if place == "parent":
        return OrgUnit.objects.get_parent(own)
    # The first other unit at the same depth, preferring one under the same parent: 鲤城区 → 丰泽区.
    parent_path = own.path[: -own.steplen]
    same_depth = OrgUnit.objects.filter(depth=own.depth).exclude(pk=own.pk)
    return (
        same_depth.filter(path__startswith=parent_path).order_by("path").first() or same_depth.order_by("path").first()
    )


def _move_target(unit: OrgUnit) -> OrgUnit | None:
    """Another unit at the parent's depth, preferring one under the same grandparent."""
    if unit.depth == 1:
        return None
    parent = OrgUnit.objects.get_parent(unit)
    return _place(parent, "sibling")


def _expected(role: str, place: str, action: str) -> int | str:
    in_reach = role == "system admin" or place in ("own", "child")
    if not in_reach:
        return 404
    if action == "view":
        return 200
    if role not in MANAGERS:
        return 403
    if action == "move" and (role, place) not in MOVES_THROUGH:
        return "refused"  # the page re-renders with the target rejected
    return 302


def _state(unit: OrgUnit) -> tuple[Any, ...]:
    return (
        sorted(OrgUnit.objects.filter(path__startswith=unit.path).values_list()),
        sorted(Person.objects.filter(unit__path__startswith=unit.path).values_list()),
        AuditEvent.objects.count(),
    )


def _act(client: Client, action: str, unit: OrgUnit) -> Any:
    if action == "view":
        return client.get(f"/org/units/{unit.pk}/")
    if action == "edit":
        data = {
            "name": f"{unit.name}（改）",
            "short_name": unit.short_name,
            "kind": unit.kind,
            "level": unit.level,
            "division_code": unit.division_code or "",
            "sort_order": unit.sort_order,
            "is_active": "on",
        }
        return client.post(f"/org/units/{unit.pk}/edit/", data)
    if action == "add person":
        data = {
            "name": "林新芳",
            "gender": "F",
            "mobile": "",
            "title": "执委",
            "department": "",
            "id_number": "",
            "sort_order": 0,
        }
        return client.post(f"/org/units/{unit.pk}/people/add/", data)
    target = _move_target(unit)
    return client.post(f"/org/units/{unit.pk}/move/", {"new_parent": target.pk if target else ""})


def _assert_done(action: str, unit: OrgUnit) -> None:
    if action == "edit":
        assert OrgUnit.objects.get(pk=unit.pk).name == f"{unit.name}（改）"
    elif action == "add person":
        assert Person.objects.filter(unit=unit, name="林新芳").count() == 1
    elif action == "move":
        target = _move_target(unit)
        assert target is not None
        assert OrgUnit.objects.get_parent(OrgUnit.objects.get(pk=unit.pk)) == target


CASES = [
    (role, place, action)
    for role, place, action in itertools.product(ROLES, PLACES, ACTIONS)
    if (role, place) not in MISSING_PLACES
]


@pytest.mark.parametrize(("role", "place", "action"), CASES)
def test_role_place_action(client, world, role, place, action):
    user_of, own_of = ROLES[role]
    unit = _place(own_of(world), place)
    client.force_login(user_of(world))
    expected = _expected(role, place, action)
    before = _state(unit)
    response = _act(client, action, unit)
    if expected == "refused":
        assert response.status_code == 200
        assert "new_parent" in response.context["form"].errors
    else:
        assert response.status_code == expected
    if expected == 302:
        _assert_done(action, unit)
    else:
        assert _state(unit) == before
