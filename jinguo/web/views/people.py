"""The directory: search people by Chinese name or pinyin initials, view and edit them."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jinguo.access.roles import Action
from jinguo.accounts import policies as account_policies
from jinguo.accounts.models import User
from jinguo.audit.selectors import record_history
from jinguo.org import policies, selectors, services
from jinguo.plans.reviews import notices_for_person
from jinguo.web.forms.org import PersonForm
from jinguo.web.forms.validation import attach_errors

PEOPLE_PAGE_SIZE = 30


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    unit = policies.units.get(request.user, request.GET["unit"]) if request.GET.get("unit") else None
    people = selectors.person_list(user=request.user, unit=unit, query=query).select_related("unit", "department")
    page = Paginator(people, PEOPLE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "query": query, "unit": unit}
    template = "org/_person_rows.html" if request.htmx else "org/person_list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = policies.people.get(request.user, pk)
    context = {
        "person": person,
        # Posts and groups elsewhere in the tree stay hidden from viewers who cannot reach them.
        "positions": person.positions.filter(unit__in=policies.units.scope(request.user)).select_related(
            "unit", "department"
        ),
        "memberships": policies.group_members.scope(request.user).filter(person=person).select_related("group"),
        "liaisons": selectors.leader_liaisons(user=request.user, person=person),
        "history": record_history(instance=person)[:20],
        "notices": notices_for_person(user=request.user, person=person),
        "can_manage": policies.people.can(request.user, Action.MANAGE_PEOPLE, person),
        "can_manage_accounts": account_policies.can_manage_unit_accounts(cast(User, request.user), person.unit.path),
        "account": User.objects.filter(person=person).first(),
    }
    return render(request, "org/person_detail.html", context)


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = policies.people.get(request.user, pk)
    if not policies.people.can(request.user, Action.MANAGE_PEOPLE, person):
        raise PermissionDenied
    form = PersonForm(request.POST or None, instance=policies.people.get(request.user, pk), unit=person.unit)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(actor=request.user, person=person, data=form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("org:person_detail", pk=person.pk)
    return render(request, "org/person_form.html", {"form": form, "unit": person.unit, "person": person})


@login_required
def person_add(request: HttpRequest, pk: int) -> HttpResponse:
    unit = policies.units.get(request.user, pk)
    if not policies.units.can(request.user, Action.MANAGE_PEOPLE, unit):
        raise PermissionDenied
    form = PersonForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(actor=request.user, data={**form.cleaned_data, "unit": unit})
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Person added."))
            return redirect("org:person_detail", pk=person.pk)
    return render(request, "org/person_form.html", {"form": form, "unit": unit, "person": None})
