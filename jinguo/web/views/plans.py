"""Pages of a plan: the list, the plan with its task table, the dashboard and the Excel export,
and each viewer's own lists (my tasks, tasks I supervise, the units I follow).

Everything is read through the plans policies: a plan out of reach is the same 404 as a missing one.
"""

from dataclasses import dataclass
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header

from jinguo.accounts.models import User
from jinguo.plans import exports, review_policies, rollups, selectors
from jinguo.plans.models import Phase, Plan
from jinguo.plans.status import TaskStatus
from jinguo.web.forms.plans import declarable_units

PLANS_PAGE_SIZE = 20
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class PlanItem:
    plan: Plan
    current_phase: Phase | None
    progress: int


def _viewer(request: HttpRequest) -> User:
    return cast(User, request.user)


def _plan(request: HttpRequest, pk: int) -> Plan:
    """The plan with its phases loaded once (the page lists them and picks the current one)."""
    plan = selectors.plan_get(user=_viewer(request), pk=pk)
    prefetch_related_objects([plan], "phases")
    return plan


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    user, today = _viewer(request), timezone.localdate()
    plans = selectors.plan_list(user=user).prefetch_related("phases")
    page = Paginator(plans, PLANS_PAGE_SIZE).get_page(request.GET.get("page"))
    progress = rollups.plan_progress_map(user=user, plans=list(page), today=today)
    items = [PlanItem(plan, selectors.current_phase(plan, today), progress[plan.pk]) for plan in page]
    return render(request, "plans/plan_list.html", {"page": page, "items": items})


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user, today = _viewer(request), timezone.localdate()
    plan = _plan(request, pk)
    rows = selectors.task_tree(user=user, plan=plan, today=today)
    projects = rollups.plan_feature_projects(user=user, plan=plan)
    context = {
        "plan": plan,
        "can_follow_rounds": review_policies.can_follow_rounds(user, plan),
        "can_declare": declarable_units(user, plan).exists(),
        "current_phase": selectors.current_phase(plan, today),
        "table": rollups.task_table(rows),
        "progress": selectors.plan_progress(rows),
        "plan_projects": [item for item in projects if item.project.declared_by_id is None],
        "declared_projects": [item for item in projects if item.project.declared_by_id is not None],
    }
    return render(request, "plans/plan_detail.html", context)


def _status_counts(rows: list[selectors.TaskRow]) -> list[dict[str, Any]]:
    counts = selectors.status_counts(rows)
    return [{"status": status, "count": counts[status.value]} for status in TaskStatus]


def _chart_rows(pairs: list[tuple[str, int | None]]) -> list[dict[str, object]]:
    return [{"name": name, "progress": progress or 0} for name, progress in pairs]


@login_required
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan at a glance; progress by unit breaks down one level of the tree at a time (`?unit=`)."""
    user, today = _viewer(request), timezone.localdate()
    plan = _plan(request, pk)
    board = rollups.dashboard(user=user, plan=plan, unit_pk=request.GET.get("unit"), today=today)
    context = {
        "plan": plan,
        "can_follow_rounds": review_policies.can_follow_rounds(user, plan),
        "current_phase": selectors.current_phase(plan, today),
        "progress": board.progress,
        "status_counts": _status_counts(board.rows),
        "overdue": board.overdue,
        "tree": board.tree,
        "category_chart": _chart_rows([(row.task.title, row.progress) for row in board.rows]),
        "unit_chart": _chart_rows([(item.unit.display_name, item.progress) for item in board.tree.branches]),
    }
    return render(request, "plans/dashboard.html", context)


@login_required
def export(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=_viewer(request), pk=pk)
    content = exports.plan_workbook(user=_viewer(request), plan=plan)
    disposition = content_disposition_header(as_attachment=True, filename=exports.export_filename(plan))
    return HttpResponse(content, content_type=XLSX, headers={"Content-Disposition": disposition})


@login_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    return render(request, "plans/my_tasks.html", {"table": rollups.my_tasks(user=_viewer(request))})


@login_required
def supervised(request: HttpRequest) -> HttpResponse:
    table = rollups.supervised_tasks(user=_viewer(request))
    open_instructions = sum(line.open_instructions for line in table)
    return render(request, "plans/supervised.html", {"table": table, "open_instructions": open_instructions})


@login_required
def liaison(request: HttpRequest) -> HttpResponse:
    user = _viewer(request)
    context = {"followed": rollups.liaison_progress(user=user), "has_person": user.person_id is not None}
    return render(request, "plans/liaison.html", context)
