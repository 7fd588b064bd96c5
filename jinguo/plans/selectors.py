"""Reads of plans for a viewer: the task table with derived status, and weighted roll-ups."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone

from jinguo.access.models import RoleGrant
from jinguo.access.roles import Action
from jinguo.access.scopes import granted_paths, path_q
from jinguo.accounts.models import User
from jinguo.plans import policies
from jinguo.plans.models import (
    Comment,
    CommentKind,
    Phase,
    Plan,
    ProgressUpdate,
    ResponsibilityRole,
    Task,
    TaskResponsibility,
)
from jinguo.plans.status import TaskFacts, TaskStatus, task_status


def plan_get(*, user: User, pk: int | str) -> Plan:
    try:
        return policies.plan_scope(user).select_related("unit").get(pk=pk)
    except (Plan.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def plan_list(*, user: User) -> models.QuerySet[Plan]:
    return policies.plan_scope(user).select_related("unit").order_by("-issue_date", "-id")


def current_phase(plan: Plan, today: datetime.date | None = None) -> Phase | None:
    today = today or timezone.localdate()
    return next((phase for phase in plan.phases.all() if phase.contains(today)), None)


def latest_update(subject: str, column: str = "percent") -> Subquery:
    """`column` of the newest progress update whose `subject` (task / feature_project) is the outer row."""
    updates = ProgressUpdate.objects.filter(**{subject: OuterRef("pk")}).order_by("-created_at", "-id")
    return Subquery(updates.values(column)[:1])


@dataclass
class TaskRow:
    task: Task
    latest_percent: int | None
    status: TaskStatus
    children: list["TaskRow"] = field(default_factory=list)

    @property
    def progress(self) -> int:
        """Weighted mean of the children's progress; a leaf (or a category with no tasks) reports its own."""
        if not self.children:
            return 100 if self.status == TaskStatus.DONE else (self.latest_percent or 0)
        return weighted_progress(self.children)


def weighted_progress(rows: list[TaskRow]) -> int:
    total = sum((row.task.weight for row in rows), Decimal(0))
    if not total:
        return 0
    return round(sum(row.task.weight * row.progress for row in rows) / total)


def task_tree(*, user: User, plan: Plan, today: datetime.date | None = None) -> list[TaskRow]:
    """Categories with their tasks, each with latest progress and status: one query."""
    today = today or timezone.localdate()
    start = plan.issue_date
    tasks = (
        policies.task_scope(user)
        .filter(plan=plan)
        .annotate(latest_percent=latest_update("task"))
        .order_by("sort_order", "id")
    )
    rows: dict[int, TaskRow] = {}
    roots: list[TaskRow] = []
    for task in tasks:
        facts = TaskFacts(task.latest_percent, task.accepted_at is not None, start, task.deadline)
        row = rows[task.pk] = TaskRow(task, task.latest_percent, task_status(facts, today))
        parent = rows.get(task.parent_id) if task.parent_id else None
        (parent.children if parent else roots).append(row)
    return roots


def flatten(rows: list[TaskRow]) -> list[TaskRow]:
    return [item for row in rows for item in (row, *flatten(row.children))]


def plan_progress(rows: list[TaskRow]) -> int:
    return weighted_progress(rows)


def status_counts(rows: list[TaskRow]) -> dict[str, int]:
    counts = {status.value: 0 for status in TaskStatus}
    for row in flatten(rows):
        if not row.task.is_category or not row.children:
            counts[row.status] += 1
    return counts


def open_instructions_for(*, user: User) -> models.QuerySet[Comment]:
    """Unanswered instructions on tasks the user answers for (as in `policies.can_report_on_task`):
    as the responsible person, as staff of a responsible department, or within a responsible unit."""
    responsible = Q(department__in=RoleGrant.objects.filter(user=user, department__isnull=False).values("department"))
    if user.person_id:
        responsible |= Q(role=ResponsibilityRole.PERSON, person=user.person_id)
    report_paths = granted_paths(user, Action.REPORT)
    if report_paths:
        responsible |= Q(unit__isnull=False) & path_q(report_paths, "unit__path")
    tasks = TaskResponsibility.objects.filter(responsible).values("task")
    return (
        Comment.objects.filter(kind=CommentKind.INSTRUCTION, answered_at__isnull=True, task__in=tasks)
        .filter(task__in=policies.task_scope(user))
        .select_related("task", "author__person")
        .order_by("created_at", "id")
    )
