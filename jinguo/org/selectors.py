"""Reads of the tree and the directory. Every one takes the viewer and starts from a policy scope."""

from django.db import models
from django.db.models import Q
from django.http import Http404

from jinguo.access.roles import Action
from jinguo.access.scopes import covers, granted_paths
from jinguo.org import policies
from jinguo.org.models import GroupMember, LeadingGroup, Liaison, OrgUnit, Person, UnitLevel


def unit_roots(*, user) -> models.QuerySet[OrgUnit]:  # type: ignore[no-untyped-def]
    """The top units of the viewer's reach: where their tree starts."""
    return OrgUnit.objects.filter(path__in=granted_paths(user, Action.VIEW)).order_by("sort_order", "path")


def unit_children(*, user, unit: OrgUnit) -> models.QuerySet[OrgUnit]:  # type: ignore[no-untyped-def]
    return (
        policies.units.scope(user)
        .filter(path__startswith=unit.path, depth=unit.depth + 1)
        .order_by("sort_order", "path")
    )


def unit_ancestors(*, user, unit: OrgUnit) -> list[tuple[OrgUnit, bool]]:  # type: ignore[no-untyped-def]
    """Breadcrumbs: each ancestor with whether the viewer may open it."""
    paths = granted_paths(user, Action.VIEW)
    ancestors = OrgUnit.objects.filter(path__in=unit.ancestor_paths()).order_by("depth")
    return [(ancestor, covers(paths, ancestor.path)) for ancestor in ancestors]


def unit_search(*, user, query: str) -> models.QuerySet[OrgUnit]:  # type: ignore[no-untyped-def]
    """Name prefix, pinyin-initials prefix or division code prefix."""
    query = query.strip()
    scoped = policies.units.scope(user)
    if not query:
        return scoped.none()
    return scoped.filter(
        Q(name__startswith=query) | Q(name_initials__startswith=query.lower()) | Q(division_code__startswith=query)
    ).order_by("depth", "path")


def person_list(*, user, unit: OrgUnit | None = None, query: str = "") -> models.QuerySet[Person]:  # type: ignore[no-untyped-def]
    """People in scope, optionally in one unit's subtree, matching a Chinese name or pinyin (initials)."""
    people = policies.people.scope(user)
    if unit is not None:
        people = people.filter(unit__path__startswith=unit.path)
    query = query.strip()
    if query:
        lowered = query.lower()
        people = people.filter(
            Q(name__contains=query) | Q(name_initials__startswith=lowered) | Q(name_pinyin__startswith=lowered)
        )
    return people.order_by("unit__path", "sort_order", "id")


def unit_people(*, user, unit: OrgUnit) -> models.QuerySet[Person]:  # type: ignore[no-untyped-def]
    return (
        policies.people.scope(user)
        .filter(unit=unit)
        .prefetch_related("positions__department")
        .order_by("sort_order", "id")
    )


def unit_liaisons(*, user, unit: OrgUnit) -> models.QuerySet[Liaison]:  # type: ignore[no-untyped-def]
    """Leaders who follow this unit."""
    return policies.liaisons.scope(user).filter(unit=unit)


def leader_liaisons(*, user, person: Person) -> models.QuerySet[Liaison]:  # type: ignore[no-untyped-def]
    """Units this leader follows, limited to what the viewer may see."""
    return policies.liaisons.scope(user).filter(leader=person)


def group_list(*, user) -> models.QuerySet[LeadingGroup]:  # type: ignore[no-untyped-def]
    return policies.groups.scope(user).order_by("unit__path", "id")


def group_members(*, group: LeadingGroup) -> models.QuerySet[GroupMember]:
    order = models.Case(models.When(role="leader", then=0), models.When(role="deputy", then=1), default=2)
    return group.members.select_related("person", "person__unit").order_by(order, "sort_order", "id")


def unit_counts_by_level(*, user) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    """How many units of each level the viewer reaches: one grouped query."""
    rows = policies.units.scope(user).values("level").annotate(count=models.Count("pk")).order_by("level")
    return [{"level": UnitLevel(row["level"]).label, "count": row["count"]} for row in rows]


def unit_drill(*, tops: list[OrgUnit], unit_pk: object = None) -> tuple[OrgUnit, list[OrgUnit]]:
    """Where a page that breaks figures down by subordinate unit is focused, and the path to it.

    `tops` are where the viewer's view starts (already checked against their reach); `unit_pk`
    drills down to any unit below one of them. No top, or a unit outside them, is a 404."""
    if not tops:
        raise Http404
    if unit_pk in (None, ""):
        return tops[0], []
    try:
        focus = OrgUnit.objects.get(pk=unit_pk)
    except (OrgUnit.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    top = next((unit for unit in tops if focus.path.startswith(unit.path)), None)
    if top is None:
        raise Http404
    prefixes = [focus.path[:end] for end in range(len(top.path), len(focus.path), OrgUnit.steplen)]
    return focus, list(OrgUnit.objects.filter(path__in=prefixes).order_by("path"))
