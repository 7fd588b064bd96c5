"""Account management for administrators: logins of the people in their reach, roles, password resets."""

from typing import cast

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jinguo.access.models import RoleGrant
from jinguo.access.roles import Action
from jinguo.access.scopes import covers, granted_paths
from jinguo.accounts import policies, services
from jinguo.accounts.models import User
from jinguo.audit.selectors import record_history
from jinguo.core.chinese import name_pinyin
from jinguo.org import policies as org_policies
from jinguo.org.models import OrgUnit
from jinguo.web.forms.accounts import AccountCreateForm, GrantForm, PasswordSetForm
from jinguo.web.forms.validation import attach_errors


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view, plus: choosing one's own password lifts the administrator's reset flag."""

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)
        User.objects.filter(pk=form.user.pk).update(must_change_password=False)
        return response


def _actor(request: HttpRequest) -> User:
    user = cast(User, request.user)
    if not policies.has_account_reach(user):
        raise PermissionDenied
    return user


def _managed_user(request: HttpRequest, pk: int) -> User:
    try:
        return policies.manageable_users(_actor(request)).select_related("person__unit").get(pk=pk)
    except User.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    query = request.GET.get("q", "").strip()
    users = policies.manageable_users(actor).select_related("person__unit").order_by("username")
    if query:
        users = users.filter(Q(username__startswith=query) | Q(person__name__contains=query) | Q(mobile=query))
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page": page, "query": query})


def _grant_units(actor: User, target: User):  # type: ignore[no-untyped-def]
    """Where a role can be granted: the person's unit and its ancestors within the actor's reach."""
    if target.person is None:
        return OrgUnit.objects.none()
    unit = target.person.unit
    reach = granted_paths(actor, Action.MANAGE_ACCOUNTS)
    paths = [path for path in [*unit.ancestor_paths(), unit.path] if covers(reach, path)]
    return OrgUnit.objects.filter(path__in=paths).order_by("depth")


@login_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _actor(request), _managed_user(request, pk))


@login_required
@require_POST
def user_set_password(request: HttpRequest, pk: int) -> HttpResponse:
    actor, target = _actor(request), _managed_user(request, pk)
    form = PasswordSetForm(request.POST)
    if form.is_valid():
        try:
            services.account_set_password(actor=actor, user=target, password=form.cleaned_data["password"])
        except ValidationError as error:
            attach_errors(form, ValidationError({"password": error.messages}))
        else:
            if target.pk == actor.pk:
                update_session_auth_hash(request, target)
            messages.success(request, _("Password set. The user must change it at the next login."))
            return redirect("accounts:user_detail", pk=target.pk)
    return _render_detail(request, actor, target, status=400, password_form=form)


@login_required
@require_POST
def user_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    actor, target = _actor(request), _managed_user(request, pk)
    try:
        services.account_set_active(actor=actor, user=target, is_active=request.POST.get("active") == "1")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Saved."))
    return redirect("accounts:user_detail", pk=target.pk)


@login_required
@require_POST
def grant_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor, target = _actor(request), _managed_user(request, pk)
    form = GrantForm(request.POST, roles=policies.grantable_roles(actor), units=_grant_units(actor, target))
    if form.is_valid():
        try:
            services.role_grant(
                actor=actor, user=target, role=form.cleaned_data["role"], unit=form.cleaned_data["unit"]
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Role granted."))
            return redirect("accounts:user_detail", pk=target.pk)
    return _render_detail(request, actor, target, status=400, grant_form=form)


@login_required
@require_POST
def grant_revoke(request: HttpRequest, pk: int, grant_pk: int) -> HttpResponse:
    actor, target = _actor(request), _managed_user(request, pk)
    grant = RoleGrant.objects.filter(pk=grant_pk, user=target).select_related("unit").first()
    if grant is None:
        raise Http404
    try:
        services.role_revoke(actor=actor, grant=grant)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Role revoked."))
    return redirect("accounts:user_detail", pk=target.pk)


def _render_detail(request: HttpRequest, actor: User, target: User, status: int = 200, **forms: object) -> HttpResponse:
    """The user page; a rejected form comes back in place of its empty twin, with status 400."""
    context = {
        "target": target,
        "grants": target.grants.select_related("unit", "department").order_by("unit__path"),
        "grant_form": GrantForm(roles=policies.grantable_roles(actor), units=_grant_units(actor, target)),
        "password_form": PasswordSetForm(),
        "history": record_history(instance=target)[:20],
        **forms,
    }
    return render(request, "accounts/user_detail.html", context, status=status)


@login_required
def account_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Give a directory person a login, with a first role on their unit."""
    actor = _actor(request)
    person = org_policies.people.get(actor, pk)
    if not policies.can_manage_unit_accounts(actor, person.unit.path):
        raise PermissionDenied
    roles = policies.grantable_roles(actor)
    initial = {"username": _free_username(name_pinyin(person.name))}
    form = AccountCreateForm(request.POST or None, roles=roles, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            validate_password(data["password"])
            user = services.account_create(
                actor=actor, person=person, username=data["username"], password=data["password"], role=data["role"]
            )
        except ValidationError as error:
            attach_errors(
                form, error if hasattr(error, "error_dict") else ValidationError({"password": error.messages})
            )
        else:
            messages.success(request, _("Login created."))
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/account_form.html", {"form": form, "person": person})


def _free_username(base: str) -> str:
    candidate, counter = base, 1
    while User.objects.filter(username=candidate).exists():
        counter += 1
        candidate = f"{base}{counter}"
    return candidate
