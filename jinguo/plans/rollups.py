"""Read models of the plan pages: the task table as the document lays it out, progress rolled up
by plan and by participating unit, and each viewer's own task lists.

Every function here runs a fixed number of queries, whatever the size of the plan.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from jinguo.access.roles import Action
from jinguo.access.scopes import granted_paths, path_q
from jinguo.accounts.models import User
from jinguo.org import policies as org_policies
from jinguo.org.models import Liaison, OrgUnit
from jinguo.plans import policies
from jinguo.plans.models import (
    Comment,
    CommentKind,
    FeatureProject,
    Plan,
    ProgressUpdate,
    ResponsibilityRole,
    Task,
    TaskResponsibility,
)
from jinguo.plans.selectors import TaskRow, flatten, weighted_progress
from jinguo.plans.status import TaskFacts, TaskStatus, task_status

# How the document joins several names in one cell: 妇儿工委办、市妇女儿童活动中心.
NAME_SEPARATOR = "、"
UNIT_ROLES = (ResponsibilityRole.LEAD_UNIT, ResponsibilityRole.CO_UNIT)


def latest_update(subject: str, column: str = "percent") -> Subquery:
    """`column` of the newest progress update whose `subject` (task / feature_project) is the outer row."""
    updates = ProgressUpdate.objects.filter(**{subject: OuterRef("pk")}).order_by("-created_at", "-id")
    return Subquery(updates.values(column)[:1])


# --- the task table -------------------------------------------------------------------------------


def _party_name(responsibility: TaskResponsibility) -> str:
    if responsibility.person is not None:
        return responsibility.person.name
    if responsibility.department is not None:
        return responsibility.department.display_name
    return responsibility.unit.name if responsibility.unit else ""


def responsibility_text(task: Task, roles: Iterable[str]) -> str:
    """The names in the document's words and order (机关各部室 stays one label, not seven departments).

    Reads the prefetched responsibilities: no query of its own."""
    wanted = set(roles)
    names: list[str] = []
    for responsibility in task.responsibilities.all():
        name = responsibility.label or _party_name(responsibility)
        if responsibility.role in wanted and name not in names:
            names.append(name)
    return NAME_SEPARATOR.join(names)


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


def table_row(row: TaskRow, open_instructions: int = 0) -> TableRow:
    task = row.task
    return TableRow(
        row,
        units=responsibility_text(task, UNIT_ROLES),
        persons=responsibility_text(task, [ResponsibilityRole.PERSON]),
        leaders=responsibility_text(task, [ResponsibilityRole.LEADER]),
        open_instructions=open_instructions,
    )


def task_table(rows: list[TaskRow]) -> list[TableRow]:
    """Categories and their tasks in the document's order."""
    return [table_row(row) for row in flatten(rows)]


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

    Two queries: the projects with their newest update annotated, and which of them each unit leads."""
    unit_ids = [unit.pk for unit in units]
    scoped = _unit_projects(user, unit_ids, plan)
    projects = {
        project.pk: ProjectProgress(project, project.latest_percent or 0, project.latest_at)
        for project in scoped.annotate(
            latest_percent=latest_update("feature_project"), latest_at=latest_update("feature_project", "created_at")
        )
        .select_related("plan")
        .order_by("plan__issue_date", "plan_id", "sort_order", "id")
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
        .annotate(
            latest_percent=latest_update("feature_project"), latest_at=latest_update("feature_project", "created_at")
        )
        .select_related("declared_by")
        .order_by("sort_order", "id")
    )
    return [ProjectProgress(project, project.latest_percent or 0, project.latest_at) for project in projects]


def participant_progress(*, user: User, plan: Plan) -> list[UnitProgress]:
    """The units the plan is addressed to that the viewer reaches, in tree order, with their progress.

    A county sees its own line, not its sibling counties'; the issuing unit sees them all."""
    reach = path_q(granted_paths(user, Action.VIEW))
    units = list(plan.participants.filter(reach).order_by("sort_order", "path"))
    return units_progress(user=user, units=units, plan=plan)


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
    responsibilities = TaskResponsibility.objects.select_related("unit", "department", "person")
    tasks = (
        tasks.annotate(latest_percent=latest_update("task"))
        .select_related("plan", "plan__unit")
        .prefetch_related(Prefetch("responsibilities", queryset=responsibilities))
        .order_by("-plan__issue_date", "plan_id", "sort_order", "id")
    )
    rows = []
    for task in tasks:
        facts = TaskFacts(task.latest_percent, task.accepted_at is not None, task.plan.issue_date, task.deadline)
        # open_instructions: annotated by supervised_tasks only
        row = TaskRow(task, task.latest_percent, task_status(facts, today))
        rows.append(table_row(row, getattr(task, "open_instructions", 0)))
    return rows


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
