"""Pages of the federation tree: browse, unit page, edit, move, leading groups."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jinguo.access.roles import Action
from jinguo.audit.selectors import record_history
from jinguo.org import policies, selectors, services
from jinguo.org.models import OrgUnit
from jinguo.plans.reviews import notices_for_unit
from jinguo.web.forms.org import MoveForm, UnitForm
from jinguo.web.forms.validation import attach_errors

CHILDREN_PAGE_SIZE = 50


@login_required
def tree(request: HttpRequest) -> HttpResponse:
    return render(request, "org/tree.html", {"roots": selectors.unit_roots(user=request.user)})


@login_required
def unit_children(request: HttpRequest, pk: int) -> HttpResponse:
    """The next level under a unit, a page at a time: a county with 300 villages stays fast."""
    unit = policies.units.get(request.user, pk)
    page = Paginator(selectors.unit_children(user=request.user, unit=unit), CHILDREN_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "org/_children.html", {"unit": unit, "page": page})


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    unit = policies.units.get(user, pk)
    children = Paginator(selectors.unit_children(user=user, unit=unit), CHILDREN_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "unit": unit,
        "ancestors": selectors.unit_ancestors(user=user, unit=unit),
        "people": selectors.unit_people(user=user, unit=unit),
        "departments": unit.departments.all(),
        "page": children,
        "liaisons": selectors.unit_liaisons(user=user, unit=unit),
        "groups": selectors.group_list(user=user).filter(unit=unit),
        "history": record_history(instance=unit)[:20],
        "notices": notices_for_unit(user=user, unit=unit),
        "can_manage": policies.units.can(user, Action.MANAGE_UNITS, unit),
        "can_manage_people": policies.units.can(user, Action.MANAGE_PEOPLE, unit),
    }
    return render(request, "org/unit_detail.html", context)


def _manageable_unit(request: HttpRequest, pk: int) -> OrgUnit:
    unit = policies.units.get(request.user, pk)
    if not policies.units.can(request.user, Action.MANAGE_UNITS, unit):
        raise PermissionDenied
    return unit


@login_required
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _manageable_unit(request, pk)
    form = UnitForm(request.POST or None, instance=OrgUnit.objects.get(pk=unit.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(actor=request.user, unit=unit, data=form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("org:unit_detail", pk=unit.pk)
    return render(request, "org/unit_form.html", {"form": form, "unit": unit, "title": _("Edit unit")})


@login_required
def unit_add_child(request: HttpRequest, pk: int) -> HttpResponse:
    parent = _manageable_unit(request, pk)
    initial = {"level": min(parent.level + 1, 5)}
    form = UnitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            child = services.unit_create(actor=request.user, parent=parent, data=form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Unit created."))
            return redirect("org:unit_detail", pk=child.pk)
    return render(request, "org/unit_form.html", {"form": form, "unit": parent, "title": _("Add a subordinate unit")})


@login_required
def unit_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a unit under another parent; candidates are the current parent's siblings within reach."""
    unit = _manageable_unit(request, pk)
    candidates = (
        policies.units.scope(request.user, Action.MANAGE_UNITS)
        .filter(depth=unit.depth - 1, path__startswith=unit.path[: max(unit.steplen * (unit.depth - 2), 0)])
        .exclude(path=unit.path[: unit.steplen * (unit.depth - 1)])
        .order_by("sort_order", "path")
    )
    form = MoveForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_move(actor=request.user, unit=unit, new_parent=form.cleaned_data["new_parent"])
        except ValidationError as error:
            attach_errors(form, error, field_map={"parent": "new_parent"})
        else:
            messages.success(request, _("Unit moved."))
            return redirect("org:unit_detail", pk=unit.pk)
    return render(request, "org/unit_move.html", {"form": form, "unit": unit})


@login_required
def unit_search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    results = selectors.unit_search(user=request.user, query=query)[:30]
    return render(request, "org/_unit_search.html", {"results": results, "query": query})


@login_required
def group_list(request: HttpRequest) -> HttpResponse:
    groups = selectors.group_list(user=request.user)
    page = Paginator(groups, 50).get_page(request.GET.get("page"))
    return render(request, "org/group_list.html", {"page": page})


@login_required
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = policies.groups.get(request.user, pk)
    return render(request, "org/group_detail.html", {"group": group, "members": selectors.group_members(group=group)})
