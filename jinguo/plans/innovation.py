"""What the yearly 妇女工作创新奖（进步奖） starts from: the plan's feature projects with their progress
in the year. The award rounds themselves belong to the awards app, which reads this."""

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, Subquery

from jinguo.accounts.models import User
from jinguo.plans import policies
from jinguo.plans.models import FeatureProject, Plan, ProgressUpdate, ResponsibilityRole, TaskResponsibility


@dataclass(frozen=True)
class AwardCandidate:
    project: FeatureProject
    latest_percent: int | None  # of the last update reported in the year; None if none was
    update_count: int  # updates reported in the year
    accepted_task_count: int  # the plan's tasks accepted in the year that name a unit or department of the project


def _accepted_task_parties(plan: Plan, year: int) -> dict[int, set[tuple[str, int]]]:
    """Task → the units and departments responsible for it, for the tasks accepted in the year."""
    rows = TaskResponsibility.objects.filter(
        task__plan=plan,
        task__accepted_at__year=year,
        role__in=[ResponsibilityRole.LEAD_UNIT, ResponsibilityRole.CO_UNIT],
    ).values_list("task_id", "unit_id", "department_id")
    parties: dict[int, set[tuple[str, int]]] = {}
    for task_id, unit_id, department_id in rows:
        party = ("unit", unit_id) if unit_id else ("department", department_id)
        parties.setdefault(task_id, set()).add(party)
    return parties


def innovation_award_candidates(*, user: User, plan: Plan, year: int) -> list[AwardCandidate]:
    """The plan's feature projects the viewer may see, in the plan's order, with the year's progress."""
    in_year = ProgressUpdate.objects.filter(feature_project=OuterRef("pk"), created_at__year=year)
    projects = (
        policies.feature_project_scope(user)
        .filter(plan=plan)
        .select_related("declared_by")
        .prefetch_related("responsible_units", "responsible_departments")
        .annotate(
            latest_percent=Subquery(in_year.order_by("-created_at", "-id").values("percent")[:1]),
            update_count=Count("updates", filter=Q(updates__created_at__year=year), distinct=True),
        )
        .order_by("sort_order", "id")
    )
    tasks = _accepted_task_parties(plan, year)
    candidates = []
    for project in projects:
        own = {("unit", unit.pk) for unit in project.responsible_units.all()}
        own |= {("department", department.pk) for department in project.responsible_departments.all()}
        accepted = sum(1 for parties in tasks.values() if parties & own)
        candidates.append(AwardCandidate(project, project.latest_percent, project.update_count, accepted))
    return candidates
