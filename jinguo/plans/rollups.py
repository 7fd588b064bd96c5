"""Read models of the plan pages: the task table as the document lays it out, progress rolled up
by plan and by participating unit, and each viewer's own task lists.

Every function here runs a fixed number of queries, whatever the size of the plan.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Avg, Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone

from jinguo.access.roles import Action
from jinguo.access.scopes import covers, granted_paths, path_q
from jinguo.accounts.models import User
from jinguo.org import policies as org_policies
from jinguo.org import selectors as org_selectors
from jinguo.org.models import Liaison, OrgUnit
from jinguo.plans import policies
from jinguo.plans.models import (
    Comment,
    CommentKind,
    FeatureProject,
    Plan,
    PlanParticipant,
    ResponsibilityRole,
    Task,
    TaskResponsibility,
)
from jinguo.plans.selectors import TaskRow, flatten, latest_update, task_tree, weighted_progress
from jinguo.plans.status import TaskFacts, TaskStatus, task_status

# How the document joins several names in one cell: 妇儿工委办、市妇女儿童活动中心.
NAME_SEPARATOR = "、"
UNIT_ROLES = (ResponsibilityRole.LEAD_UNIT, ResponsibilityRole.CO_UNIT)


# --- the task table -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Names:
    """A task's responsibility in the document's words and order (机关各部室 stays one label)."""

    units: str = ""
    persons: str = ""
    leaders: str = ""


COLUMN_OF_ROLE: dict[str, str] = {
    ResponsibilityRole.LEAD_UNIT: "units",
    ResponsibilityRole.CO_UNIT: "units",
    ResponsibilityRole.PERSON: "persons",
    ResponsibilityRole.LEADER: "leaders",
}


def responsibility_names(task_ids: Iterable[int]) -> dict[int, Names]:
    """Names of each task's responsible units, persons and leaders: one query of plain tuples.

    Tuples, not model instances: a province task naming its 99 counties would otherwise build
    three hundred objects for one line of a table."""
    rows = (
        TaskResponsibility.objects.filter(task_id__in=list(task_ids))
        .order_by("task_id", "sort_order", "id")
        .values_list(
            "task_id", "role", "label", "person__name", "department__short_name", "department__name", "unit__name"
        )
    )
    columns: dict[int, dict[str, list[str]]] = {}
    for task_id, role, label, person, department_short, department, unit in rows:
        name = label or person or department_short or department or unit or ""
        names = columns.setdefault(task_id, {"units": [], "persons": [], "leaders": []})[COLUMN_OF_ROLE[role]]
        if name not in names:
            names.append(name)
    return {
        task_id: Names(**{column: NAME_SEPARATOR.join(names) for column, names in by_column.items()})
        for task_id, by_column in columns.items()
    }


@dataclass(frozen=True)
class TableRow:
    """One line of the task table: a category or a task, with its responsibility as the document writes it."""

    row: TaskRow
    units: str
    persons: str
    leaders: str
    open_instructions: int = 0

    @property
    def task(self) -> Task:
        return self.row.task

    @property
    def progress(self) -> int:
        return self.row.progress

    @property
    def status(self) -> TaskStatus:
        return self.row.status

    @property
    def rolls_up(self) -> bool:
        """A category with tasks shows its tasks' weighted progress and no status of its own."""
        return bool(self.row.children)


def table_row(row: TaskRow, names: Names, open_instructions: int = 0) -> TableRow:
    return TableRow(row, names.units, names.persons, names.leaders, open_instructions)


def task_table(rows: list[TaskRow]) -> list[TableRow]:
    """Categories and their tasks in the document's order."""
    lines = flatten(rows)
    names = responsibility_names(line.task.pk for line in lines)
    return [table_row(line, names.get(line.task.pk, Names())) for line in lines]


def overdue_rows(rows: list[TaskRow]) -> list[TaskRow]:
    return [row for row in flatten(rows) if row.status == TaskStatus.OVERDUE and not row.children]


# --- progress of many plans at once ---------------------------------------------------------------


def _tree_progress(tasks: list[tuple[Task, int | None]], start: datetime.date | None, today: datetime.date) -> int:
    rows: dict[int, TaskRow] = {}
    roots: list[TaskRow] = []
    for task, percent in tasks:
        facts = TaskFacts(percent, task.accepted_at is not None, start, task.deadline)
        row = rows[task.pk] = TaskRow(task, percent, task_status(facts, today))
        parent = rows.get(task.parent_id) if task.parent_id else None
        (parent.children if parent else roots).append(row)
    return weighted_progress(roots)


def plan_progress_map(*, user: User, plans: Sequence[Plan], today: datetime.date | None = None) -> dict[int, int]:
    """Overall weighted progress of each plan, from one query over all their tasks."""
    today = today or timezone.localdate()
    tasks = (
        policies.task_scope(user)
        .filter(plan__in=[plan.pk for plan in plans])
        .annotate(latest_percent=latest_update("task"))
        .order_by("plan", "sort_order", "id")
    )
    by_plan: dict[int, list[tuple[Task, int | None]]] = {plan.pk: [] for plan in plans}
    for task in tasks:
        by_plan[task.plan_id].append((task, task.latest_percent))
    return {plan.pk: _tree_progress(by_plan[plan.pk], plan.issue_date, today) for plan in plans}


# --- progress by participating unit ---------------------------------------------------------------


@dataclass(frozen=True)
class ProjectProgress:
    project: FeatureProject
    percent: int  # the latest reported; 0 before the first report
    reported_at: datetime.datetime | None


@dataclass
class UnitProgress:
    """A unit and the feature projects it is responsible for or declared, each counted once."""

    unit: OrgUnit
    projects: list[ProjectProgress] = field(default_factory=list)

    @property
    def progress(self) -> int | None:
        """Projects weigh the same (the document ranks none); None when the unit has no project."""
        if not self.projects:
            return None
        return round(sum(item.percent for item in self.projects) / len(self.projects))

    @property
    def reported_at(self) -> datetime.datetime | None:
        return max((item.reported_at for item in self.projects if item.reported_at), default=None)


def _unit_projects(user: User, unit_ids: list[int], plan: Plan | None) -> models.QuerySet[FeatureProject]:
    links = FeatureProject.responsible_units.through.objects.filter(orgunit_id__in=unit_ids)
    projects = policies.feature_project_scope(user).filter(
        Q(declared_by__in=unit_ids) | Q(pk__in=links.values("featureproject_id"))
    )
    return projects.filter(plan=plan) if plan is not None else projects


def units_progress(*, user: User, units: Sequence[OrgUnit], plan: Plan | None = None) -> list[UnitProgress]:
    """Each unit's feature projects (of `plan`, or of every plan in reach) with their latest progress.

    Two queries: the projects, and which of them each unit leads (declaring makes a unit responsible)."""
    unit_ids = [unit.pk for unit in units]
    scoped = _unit_projects(user, unit_ids, plan)
    projects = {
        project.pk: ProjectProgress(project, project.progress, project.reported_at)
        for project in scoped.select_related("plan").order_by("plan__issue_date", "plan_id", "sort_order", "id")
    }
    led = FeatureProject.responsible_units.through.objects.filter(
        orgunit_id__in=unit_ids, featureproject_id__in=scoped.values("pk")
    ).values_list("orgunit_id", "featureproject_id")
    project_ids: dict[int, set[int]] = {pk: set() for pk in unit_ids}
    for unit_id, project_id in led:
        project_ids[unit_id].add(project_id)
    for item in projects.values():
        declared_by = item.project.declared_by_id
        if declared_by in project_ids:
            project_ids[declared_by].add(item.project.pk)
    return [UnitProgress(unit, [item for pk, item in projects.items() if pk in project_ids[unit.pk]]) for unit in units]


def plan_feature_projects(*, user: User, plan: Plan) -> list[ProjectProgress]:
    """The plan's own projects (annex 1) then those units declared, each with its latest progress: one query."""
    projects = (
        policies.feature_project_scope(user)
        .filter(plan=plan)
        .select_related("declared_by")
        .order_by("sort_order", "id")
    )
    return [ProjectProgress(project, project.progress, project.reported_at) for project in projects]


# --- progress down the tree -----------------------------------------------------------------------


@dataclass(frozen=True)
class BranchProgress:
    """A unit and its whole subtree in a plan: participants, feature projects and their mean progress."""

    unit: OrgUnit
    participants: int
    projects: int
    reported: int  # projects with at least one update
    progress: int | None  # mean latest progress of the projects; None without projects
    is_focus: bool = False  # the unit's own projects, apart from its subordinates'


@dataclass(frozen=True)
class TreeProgress:
    focus: OrgUnit
    ancestors: list[OrgUnit]  # from the viewer's top unit in the plan down to the focus's parent
    branches: list[BranchProgress]


def _plan_tops(user: User, plan: Plan) -> list[OrgUnit]:
    """Where the viewer's view of the plan starts: the issuing unit when in reach, else their own units
    below a participant (a county of a city's plan), else the participants within their reach."""
    reach = granted_paths(user, Action.VIEW)
    if covers(reach, plan.unit.path):
        return [plan.unit]
    ancestors = {path[:end] for path in reach for end in range(OrgUnit.steplen, len(path) + 1, OrgUnit.steplen)}
    participating = set(plan.participants.filter(path__in=ancestors).values_list("path", flat=True))
    below = [path for path in reach if covers(list(participating), path)]
    if below:
        return list(OrgUnit.objects.filter(path__in=below).order_by("path"))
    return list(plan.participants.filter(path_q(reach)).order_by("path"))


def plan_focus(*, user: User, plan: Plan, unit_pk: object = None) -> tuple[OrgUnit, list[OrgUnit]]:
    """The unit whose subordinates the dashboard breaks progress down by, and the path to it.

    `unit_pk` drills down to any unit below the viewer's top; anything else is a 404."""
    return org_selectors.unit_drill(tops=_plan_tops(user, plan), unit_pk=unit_pk)


def tree_progress(*, user: User, plan: Plan, focus: OrgUnit, ancestors: list[OrgUnit]) -> TreeProgress:
    """Progress of the plan under `focus`, one line per direct subordinate with anything in the plan.

    Grouped in the database by the subordinate's path prefix: four queries whatever the size of the
    subtree (31,000 participating units of a province are grouped into its dozen prefectures)."""
    child_length = len(focus.path) + OrgUnit.steplen
    under_focus = path_q([focus.path], "orgunit__path")
    projects = (
        FeatureProject.responsible_units.through.objects.filter(under_focus, featureproject__plan=plan)
        .annotate(branch=Substr("orgunit__path", 1, child_length))
        .values("branch")
        .annotate(
            projects=Count("featureproject", distinct=True),
            reported=Count("featureproject", distinct=True, filter=Q(featureproject__reported_at__isnull=False)),
            progress=Avg("featureproject__progress"),
        )
    )
    participants = (
        PlanParticipant.objects.filter(path_q([focus.path], "unit__path"), plan=plan)
        .annotate(branch=Substr("unit__path", 1, child_length))
        .values("branch")
        .annotate(count=Count("pk"))
    )
    figures: dict[str, dict[str, Any]] = {row["branch"]: dict(row) for row in projects.order_by()}
    for row in participants.order_by():
        figures.setdefault(row["branch"], {})["participants"] = row["count"]
    units = OrgUnit.objects.filter(path__in=list(figures)).order_by("path")
    return TreeProgress(focus, ancestors, [_branch(unit, figures[unit.path], focus) for unit in units])


def _branch(unit: OrgUnit, figures: dict[str, Any], focus: OrgUnit) -> BranchProgress:
    progress = figures.get("progress")
    return BranchProgress(
        unit=unit,
        participants=figures.get("participants", 0),
        projects=figures.get("projects", 0),
        reported=figures.get("reported", 0),
        progress=None if progress is None else round(progress),
        is_focus=unit.pk == focus.pk,
    )


@dataclass(frozen=True)
class Dashboard:
    """Everything the plan dashboard shows: the weighted task tree and the progress down the tree."""

    rows: list[TaskRow]
    tree: TreeProgress

    @property
    def progress(self) -> int:
        return weighted_progress(self.rows)

    @property
    def overdue(self) -> list[TaskRow]:
        return overdue_rows(self.rows)


def dashboard(*, user: User, plan: Plan, unit_pk: object = None, today: datetime.date | None = None) -> Dashboard:
    rows = task_tree(user=user, plan=plan, today=today)
    focus, ancestors = plan_focus(user=user, plan=plan, unit_pk=unit_pk)
    return Dashboard(rows, tree_progress(user=user, plan=plan, focus=focus, ancestors=ancestors))


def liaison_progress(*, user: User) -> list[tuple[Liaison, UnitProgress]]:
    """The units the viewer follows as a leader (挂钩联系) and how their feature projects stand."""
    if user.person_id is None:
        return []
    liaisons = list(org_policies.liaisons.scope(user).filter(leader_id=user.person_id).order_by("sort_order", "id"))
    progress = units_progress(user=user, units=[liaison.unit for liaison in liaisons])
    return list(zip(liaisons, progress, strict=True))


# --- the viewer's own tasks -----------------------------------------------------------------------


def _rows(tasks: models.QuerySet[Task], today: datetime.date | None) -> list[TableRow]:
    """Tasks of any plan as table rows with derived status: two queries (tasks, responsibilities)."""
    today = today or timezone.localdate()
    tasks = (
        tasks.annotate(latest_percent=latest_update("task"))
        .select_related("plan", "plan__unit")
        .order_by("-plan__issue_date", "plan_id", "sort_order", "id")
    )
    rows = []
    for task in tasks:
        facts = TaskFacts(task.latest_percent, task.accepted_at is not None, task.plan.issue_date, task.deadline)
        rows.append(TaskRow(task, task.latest_percent, task_status(facts, today)))
    names = responsibility_names(row.task.pk for row in rows)
    # open_instructions: annotated by supervised_tasks only
    return [table_row(row, names.get(row.task.pk, Names()), getattr(row.task, "open_instructions", 0)) for row in rows]


def my_tasks(*, user: User, today: datetime.date | None = None) -> list[TableRow]:
    """Tasks the viewer answers for: as the responsible person, as staff of a responsible department,
    or with reporting rights over a responsible unit (the query form of `policies.can_report_on_task`)."""
    mine = path_q(granted_paths(user, Action.REPORT), "unit__path")
    mine |= Q(department__in=user.grants.filter(department__isnull=False).values("department"))
    if user.person_id is not None:
        mine |= Q(role=ResponsibilityRole.PERSON, person_id=user.person_id)
    responsible = TaskResponsibility.objects.filter(mine, task=OuterRef("pk"))
    return _rows(policies.task_scope(user).filter(Exists(responsible)), today)


def supervised_tasks(*, user: User, today: datetime.date | None = None) -> list[TableRow]:
    """Tasks the viewer supervises as the leader named in the document, with open instructions counted."""
    if user.person_id is None:
        return []
    leads = TaskResponsibility.objects.filter(
        task=OuterRef("pk"), role=ResponsibilityRole.LEADER, person_id=user.person_id
    )
    open_instructions = (
        Comment.objects.filter(task=OuterRef("pk"), kind=CommentKind.INSTRUCTION, answered_at__isnull=True)
        .order_by()
        .values("task")
        .annotate(count=Count("pk"))
        .values("count")
    )
    tasks = (
        policies.task_scope(user)
        .filter(Exists(leads))
        .annotate(open_instructions=Coalesce(Subquery(open_instructions), 0))
    )
    return _rows(tasks, today)
