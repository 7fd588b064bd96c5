"""Writes to the tree and the directory. Each checks the policy, validates, saves and audits."""

from typing import Any

from django.db import transaction
from treebeard.exceptions import InvalidMoveToDescendant

from jinguo.access.policies import require
from jinguo.access.roles import Action
from jinguo.audit.models import AuditAction
from jinguo.audit.services import audit_record, audit_snapshot
from jinguo.org import errors, policies
from jinguo.org.models import Department, OrgUnit, Person


def _apply(instance: Any, data: dict[str, Any]) -> None:
    for field, value in data.items():
        setattr(instance, field, value)


@transaction.atomic
def unit_create(*, actor, parent: OrgUnit | None, data: dict[str, Any]) -> OrgUnit:  # type: ignore[no-untyped-def]
    """A new unit as the last child of `parent` (or a new root, for system administrators)."""
    if parent is None:
        require(actor.is_superuser)
    else:
        require(policies.units.can(actor, Action.MANAGE_UNITS, parent))
        parent = OrgUnit.objects.select_for_update().get(pk=parent.pk)  # serialise sibling paths
    unit = OrgUnit(**data)
    unit.full_clean(exclude=["path", "depth", "numchild"])
    if parent is not None and unit.level < parent.level:
        raise errors.level_error()
    unit = OrgUnit.objects.add_child(parent, instance=unit) if parent else OrgUnit.objects.add_root(instance=unit)
    audit_record(actor=actor, instance=unit, action=AuditAction.CREATE)
    return unit


@transaction.atomic
def unit_update(*, actor, unit: OrgUnit, data: dict[str, Any]) -> OrgUnit:  # type: ignore[no-untyped-def]
    require(policies.units.can(actor, Action.MANAGE_UNITS, unit))
    before = audit_snapshot(unit)
    _apply(unit, data)
    unit.full_clean(exclude=["path", "depth", "numchild"])
    if unit.level != before["level"]:
        _check_level_in_place(unit)
    unit.save()
    audit_record(actor=actor, instance=unit, action=AuditAction.UPDATE, before=before)
    return unit


def _check_level_in_place(unit: OrgUnit) -> None:
    """A unit is never of a higher level than its parent, nor of a lower one than its subordinates."""
    parent = OrgUnit.objects.get_parent(unit) if unit.depth > 1 else None
    higher_children = OrgUnit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1, level__lt=unit.level)
    if (parent is not None and unit.level < parent.level) or higher_children.exists():
        raise errors.level_error()


@transaction.atomic
def unit_move(*, actor, unit: OrgUnit, new_parent: OrgUnit) -> OrgUnit:  # type: ignore[no-untyped-def]
    """Re-path the unit and its whole subtree under `new_parent`; refuse cycles."""
    require(policies.units.can(actor, Action.MANAGE_UNITS, unit))
    require(policies.units.can(actor, Action.MANAGE_UNITS, new_parent))
    if new_parent.path.startswith(unit.path):
        raise errors.cycle_error()
    if unit.level < new_parent.level:
        raise errors.level_error()
    before = audit_snapshot(unit)
    try:
        OrgUnit.objects.move(unit, new_parent, pos="last-child")
    except InvalidMoveToDescendant as exc:
        raise errors.cycle_error() from exc
    unit.refresh_from_db()
    audit_record(actor=actor, instance=unit, action=AuditAction.UPDATE, before=before)
    return unit


@transaction.atomic
def department_create(*, actor, unit: OrgUnit, data: dict[str, Any]) -> Department:  # type: ignore[no-untyped-def]
    require(policies.units.can(actor, Action.MANAGE_UNITS, unit))
    department = Department(unit=unit, **data)
    department.full_clean()
    department.save()
    audit_record(actor=actor, instance=department, action=AuditAction.CREATE)
    return department


@transaction.atomic
def person_create(*, actor, data: dict[str, Any]) -> Person:  # type: ignore[no-untyped-def]
    person = Person(**data)
    require(policies.units.can(actor, Action.MANAGE_PEOPLE, person.unit))
    person.full_clean()
    person.save()
    audit_record(actor=actor, instance=person, action=AuditAction.CREATE)
    return person


@transaction.atomic
def person_update(*, actor, person: Person, data: dict[str, Any]) -> Person:  # type: ignore[no-untyped-def]
    require(policies.people.can(actor, Action.MANAGE_PEOPLE, person))
    before = audit_snapshot(person)
    _apply(person, data)
    require(policies.units.can(actor, Action.MANAGE_PEOPLE, person.unit))  # a move must land in reach too
    person.full_clean()
    person.save()
    audit_record(actor=actor, instance=person, action=AuditAction.UPDATE, before=before)
    return person


@transaction.atomic
def person_delete(*, actor, person: Person) -> None:  # type: ignore[no-untyped-def]
    require(policies.people.can(actor, Action.MANAGE_PEOPLE, person))
    before = audit_snapshot(person)
    audit_record(actor=actor, instance=person, action=AuditAction.DELETE, before=before)
    person.delete()
