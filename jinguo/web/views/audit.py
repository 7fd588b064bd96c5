from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from jinguo.access.roles import Action
from jinguo.access.scopes import granted_paths
from jinguo.audit.models import AuditAction
from jinguo.audit.selectors import audit_event_list

AUDITED_MODELS = [
    ("orgunit", _("org unit")),
    ("person", _("person")),
    ("department", _("department")),
    ("leadinggroup", _("leading group")),
    ("liaison", _("liaison")),
    ("rolegrant", _("role grant")),
]


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    """All audit events in the viewer's audit scope, filterable by action, record type and actor."""
    user = request.user
    if not (user.is_superuser or granted_paths(user, Action.VIEW_AUDIT)):
        raise PermissionDenied
    events = audit_event_list(user=user)
    filters = {key: request.GET.get(key, "").strip() for key in ("action", "model", "actor")}
    if filters["action"] in AuditAction.values:
        events = events.filter(action=filters["action"])
    if filters["model"]:
        events = events.filter(content_type__model=filters["model"])
    if filters["actor"]:
        events = events.filter(actor__username__startswith=filters["actor"])
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    context = {"page": page, "filters": filters, "actions": AuditAction.choices, "model_choices": AUDITED_MODELS}
    return render(request, "audit/event_list.html", context)
