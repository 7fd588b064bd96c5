from django.contrib.contenttypes.models import ContentType
from django.db import models

from jinguo.access.roles import Action
from jinguo.access.scopes import granted_paths, path_q
from jinguo.audit.models import AuditEvent


def audit_event_list(*, user) -> models.QuerySet[AuditEvent]:  # type: ignore[no-untyped-def]
    """Events on records inside the viewer's audit scope; system admins see unit-less events too."""
    paths = granted_paths(user, Action.VIEW_AUDIT)
    events = AuditEvent.objects.select_related("actor", "content_type")
    query = path_q(paths, "unit_path")
    if user.is_superuser:
        return events
    return events.filter(query)


def record_history(*, instance: models.Model) -> models.QuerySet[AuditEvent]:
    """The history shown on a record's page; callers have already fetched the record in scope."""
    content_type = ContentType.objects.get_for_model(instance, for_concrete_model=True)
    return AuditEvent.objects.filter(content_type=content_type, object_id=str(instance.pk)).select_related("actor")
