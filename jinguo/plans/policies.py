"""Who sees and does what in a plan.

A plan is visible where its issuing unit or one of its participating units is in reach (it is
addressed to them), and below a participating unit: its townships and villages declare their own
features under it. A feature project a unit declares is visible in that unit's reach and to the
plan's owners, never to a sibling. Reporting, commenting and accepting follow the responsibility
the document names.
"""

from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q

from jinguo.access.models import RoleGrant
from jinguo.access.roles import Action, roles_for
from jinguo.access.scopes import covers, granted_paths, path_q
from jinguo.accounts.models import User
from jinguo.org.models import Department, OrgUnit, Person
from jinguo.plans.models import FeatureProject, Plan, PlanParticipant, ResponsibilityRole, Task


def _reach(user: User, action: Action = Action.VIEW) -> list[str]:
    return granted_paths(user, action)


def _ancestor_paths(paths: list[str]) -> list[str]:
    """The paths of every unit above each of `paths` (0001 and 00010002 above 000100020003)."""
    step = OrgUnit.steplen
    return sorted({path[:end] for path in paths for end in range(step, len(path), step)})


def plan_scope(user: User) -> models.QuerySet[Plan]:
    """Plans issued or addressed within reach, and those addressed to a unit above one of the user's."""
    paths = _reach(user)
    addressed = path_q(paths, "unit__path") | Q(unit__path__in=_ancestor_paths(paths))
    participating = PlanParticipant.objects.filter(addressed, plan=OuterRef("pk"))
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


def task_reporters(task: Task) -> models.QuerySet[User]:
    """The active users who may report on `task`: the query form of `can_report_on_task`.

    The responsible person, staff of a responsible department, and whoever holds a reporting role on
    a responsible unit or a unit above it (a superuser reaches every unit)."""
    responsible = task.responsibilities.all()
    persons = responsible.filter(role=ResponsibilityRole.PERSON).values("person")
    departments = responsible.filter(department__isnull=False).values("department")
    unit_paths = list(responsible.filter(unit__isnull=False).values_list("unit__path", flat=True))
    covering = RoleGrant.objects.filter(
        role__in=roles_for(Action.REPORT), unit__path__in=[*unit_paths, *_ancestor_paths(unit_paths)]
    )
    who = Q(person__in=persons) | Q(pk__in=RoleGrant.objects.filter(department__in=departments).values("user"))
    if unit_paths:
        who |= Q(pk__in=covering.values("user")) | Q(is_superuser=True)
    return User.objects.filter(who, is_active=True)


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


class Naming:
    """Which directory records a page or response about a plan may name, for one caller.

    A plan names parties across the tree (annex 1 puts 丰泽区妇联 beside 鲤城区妇联): a unit,
    department or person is named where the caller's reach covers it or it belongs to the issuing
    unit; otherwise the document's wording stands alone, or "another responsible unit"."""

    def __init__(self, user: Any) -> None:
        self.paths = granted_paths(user, Action.VIEW)

    def unit(self, unit: OrgUnit | None, plan: Plan) -> bool:
        return unit is not None and (unit.pk == plan.unit_id or covers(self.paths, unit.path))

    def department(self, department: Department | None, plan: Plan) -> bool:
        return department is not None and self.unit(department.unit, plan)

    def person(self, person: Person | None, plan: Plan) -> bool:
        return person is not None and self.unit(person.unit, plan)

    def user_name(self, user: User | None, plan: Plan) -> str | None:
        """A person's name where they may be named; an account with no person (a system one) by its own."""
        if user is None:
            return None
        if user.person_id is None:
            return user.display_name
        return user.person.name if self.person(user.person, plan) else None  # type: ignore[union-attr]
