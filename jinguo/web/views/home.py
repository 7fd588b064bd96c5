from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jinguo.access.models import RoleGrant
from jinguo.accounts.models import User
from jinguo.audit.selectors import audit_event_list
from jinguo.org import policies
from jinguo.org.selectors import unit_counts_by_level, unit_roots
from jinguo.plans.selectors import open_instructions_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each user starts from their own reach: their units, their roles, what changed lately."""
    user = request.user
    grants = RoleGrant.objects.filter(user=cast(User, user)).select_related("unit", "department").order_by("unit__path")
    context = {
        "grants": grants,
        "roots": unit_roots(user=user),
        "unit_count": policies.units.scope(user).count(),
        "units_by_level": [{**row, "level": str(row["level"])} for row in unit_counts_by_level(user=user)],
        "people_count": policies.people.scope(user).count(),
        "recent_events": audit_event_list(user=user)[:10],
        "open_instructions": list(open_instructions_for(user=cast(User, user))[:50]),
    }
    return render(request, "home.html", context)
