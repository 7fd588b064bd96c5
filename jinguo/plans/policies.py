"""Who sees and does what in a plan.

A plan is visible where its issuing unit or one of its participating units is in reach (it is
addressed to them). A feature project a unit declares is visible in that unit's reach and to the
plan's owners. Reporting, commenting and accepting follow the responsibility the document names.
"""

from django.db import models
from django.db.models import Exists, OuterRef, Q

from jinguo.access.roles import Action
from jinguo.access.scopes import covers, granted_paths, path_q
from jinguo.accounts.models import User
from jinguo.plans.models import FeatureProject, Plan, PlanParticipant, ResponsibilityRole, Task


def _reach(user: User, action: Action = Action.VIEW) -> list[str]:
    return granted_paths(user, action)


def plan_scope(user: User) -> models.QuerySet[Plan]:
    paths = _reach(user)
    participating = PlanParticipant.objects.filter(path_q(paths, "unit__path"), plan=OuterRef("pk"))
    return Plan.objects.filter(path_q(paths, "unit__path") | Q(Exists(participating)))


def task_scope(user: User) -> models.QuerySet[Task]:
    return Task.objects.filter(plan__in=plan_scope(user))


def feature_project_scope(user: User) -> models.QuerySet[FeatureProject]:
    paths = _reach(user)
    own_plan = path_q(paths, "plan__unit__path")
    declared_in_reach = path_q(paths, "declared_by__path")
    plan_level = Q(declared_by__isnull=True, plan__in=plan_scope(user))
    return FeatureProject.objects.filter(own_plan | declared_in_reach | plan_level)


def _person_id(user: User) -> int | None:
    return user.person_id


def is_supervising_leader(user: User, task: Task) -> bool:
    person = _person_id(user)
    return person is not None and task.responsibilities.filter(role=ResponsibilityRole.LEADER, person=person).exists()


def can_report_on_task(user: User, task: Task) -> bool:
    """The responsible person, staff of a responsible department, or an administrator of a responsible unit."""
    person = _person_id(user)
    if person and task.responsibilities.filter(role=ResponsibilityRole.PERSON, person=person).exists():
        return True
    departments = task.responsibilities.filter(department__isnull=False).values_list("department", flat=True)
    if user.grants.filter(department__in=departments).exists():
        return True
    unit_paths = [*task.responsibilities.filter(unit__isnull=False).values_list("unit__path", flat=True)]
    return any(covers(_reach(user, Action.REPORT), path) for path in unit_paths)


def can_report_on_project(user: User, project: FeatureProject) -> bool:
    report_paths = _reach(user, Action.REPORT)
    if project.declared_by_id:
        return covers(report_paths, project.declared_by.path)  # type: ignore[union-attr]
    unit_paths = project.responsible_units.values_list("path", flat=True)
    departments = project.responsible_departments.values_list("pk", flat=True)
    return (
        any(covers(report_paths, path) for path in unit_paths)
        or user.grants.filter(department__in=departments).exists()
    )


def can_comment(user: User, task: Task) -> bool:
    """Supervising leaders of the task, and leaders whose reach covers the issuing unit."""
    return is_supervising_leader(user, task) or covers(_reach(user, Action.COMMENT), task.plan.unit.path)


def can_accept(user: User, task: Task) -> bool:
    """ "Done" needs the supervising leader's acceptance."""
    return is_supervising_leader(user, task)


def can_manage_plan(user: User, plan: Plan) -> bool:
    return covers(_reach(user, Action.MANAGE_UNITS), plan.unit.path)
