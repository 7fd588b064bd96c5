"""Writing audit events. Every service that changes a domain record calls `audit_record`."""

import datetime
import decimal
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile

from jinguo.audit.models import AuditAction, AuditEvent
from jinguo.core.fields import EncryptedTextField, blind_index

_REDACTED = "***"
# Never copied into an event, whatever the model: password hashes and session secrets.
_SECRET_FIELD_NAMES = frozenset({"password"})


def _fingerprint(value: Any) -> str:
    """Redacted, yet a change from one secret to another still shows as a change."""
    return f"{_REDACTED}{blind_index(str(value))[:8]}"


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | decimal.Decimal):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


def audit_snapshot(instance: models.Model) -> dict[str, Any]:
    """The concrete field values of a record, with sensitive fields redacted."""
    snapshot: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if not field.editable and not field.is_relation:
            continue
        value = getattr(instance, field.attname)
        if isinstance(field, EncryptedTextField) or field.name in _SECRET_FIELD_NAMES:
            value = _fingerprint(value) if value else ""
        snapshot[field.name] = _jsonable(value)
    return snapshot


def _diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    keys = before.keys() | after.keys()
    return {key: [before.get(key), after.get(key)] for key in sorted(keys) if before.get(key) != after.get(key)}


# Where to look, in order, for the unit a record hangs on: the record itself, or what it belongs to.
# A branch record files under its branch before the person it names; a declared feature project under
# its declarer before its plan.
_OWNER_ATTRIBUTES = (
    *("unit", "group", "branch", "round", "response", "selection", "commitment", "person"),
    *("declared_by", "host", "owner", "meeting", "update", "submission", "task", "definition", "plan"),
)


def unit_path_of(instance: models.Model | None) -> str:
    """Records belong to the unit they hang on: a unit itself, its `.unit`, or its owner's unit."""
    if instance is None:
        return ""
    path = getattr(instance, "path", None)
    if isinstance(path, str):
        return path
    for attribute in _OWNER_ATTRIBUTES:
        if getattr(instance, f"{attribute}_id", None):
            return unit_path_of(getattr(instance, attribute))
    return ""


def _event(*, actor: Any, instance: models.Model, action: str, changes: dict[str, Any]) -> AuditEvent:
    return AuditEvent(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        unit_path=unit_path_of(instance),
        changes=changes,
    )


def audit_record(
    *, actor: Any, instance: models.Model, action: str, before: dict[str, Any] | None = None
) -> AuditEvent | None:
    """Record a create, update or delete. An update that changed nothing writes nothing."""
    if action == AuditAction.DELETE:
        changes = _diff(before or audit_snapshot(instance), {})
    elif action == AuditAction.CREATE:
        changes = _diff({}, audit_snapshot(instance))
    else:
        changes = _diff(before or {}, audit_snapshot(instance))
        if not changes:
            return None
    event = _event(actor=actor, instance=instance, action=action, changes=changes)
    event.save()
    return event


def audit_created_many(*, actor: Any, instances: Iterable[models.Model]) -> int:
    """Bulk variant for imports: one create event per record, inserted in one statement."""
    events = [
        _event(actor=actor, instance=obj, action=AuditAction.CREATE, changes=_diff({}, audit_snapshot(obj)))
        for obj in instances
    ]
    AuditEvent.objects.bulk_create(events, batch_size=1000)
    return len(events)


def audit_read(*, actor: Any, instance: models.Model, fields: list[str] | None = None) -> AuditEvent:
    """Log a read of a sensitive record (need-to-know data such as cases)."""
    event = _event(actor=actor, instance=instance, action=AuditAction.READ, changes={"fields": fields or []})
    event.save()
    return event
