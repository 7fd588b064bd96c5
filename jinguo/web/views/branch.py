"""Pages of the party-branch cycle (seed 001): the branch plan, pledges, comments, mass appraisal,
selection and learning commitments. Two pages open without a login, each only through its token:
the public pledge page and the appraisal form."""

from typing import Any, cast

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from jinguo.access.policies import require
from jinguo.accounts.models import User
from jinguo.plans.branch import compliance, policies, selectors, services
from jinguo.plans.models import AppraisalInvitation, AppraisalRound
from jinguo.web.forms.branch import (
    AppraisalForm,
    BranchPlanForm,
    CommentForm,
    CommitmentForm,
    InvitationForm,
    LogForm,
    MemberAddForm,
    PledgeForm,
    RoundForm,
    SelectionForm,
)
from jinguo.web.forms.validation import attach_errors

GET_POST = require_http_methods(["GET", "POST"])


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # every view but the two public ones is behind login_required


# --- the branch plan ------------------------------------------------------------------------------------


@login_required
def branch_list(request: HttpRequest) -> HttpResponse:
    branches = selectors.branch_list(user=_user(request))
    context = {"branches": branches, "can_create": policies.creatable_units(_user(request)).exists()}
    return render(request, "plans/branch_list.html", context)


@login_required
@GET_POST
def branch_create(request: HttpRequest) -> HttpResponse:
    units = policies.creatable_units(_user(request))
    require(units.exists())
    form = BranchPlanForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            branch = services.branch_plan_create(user=_user(request), **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Branch plan created with the five goods and the five take-the-leads."))
            return redirect("plans:branch_detail", pk=branch.pk)
    return render(request, "plans/branch_form.html", {"form": form, "title": _("New branch plan")})


@login_required
def branch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    branch = policies.branch_get(user, pk)
    context = {
        "branch": branch,
        "standards": selectors.standards_of(branch),
        "members": selectors.members_with_pledges(branch=branch),
        "comments": selectors.branch_comments(branch=branch),
        "rounds": selectors.rounds_of(branch=branch),
        "selections": selectors.selections_of(branch=branch),
        "membership": policies.membership(user, branch),
        "can_manage": policies.can_manage(user, branch),
        "can_comment": policies.can_comment(user, branch),
        "public_url": request.build_absolute_uri(reverse("plans:branch_public", args=[branch.public_token])),
    }
    return render(request, "plans/branch_detail.html", context)


@login_required
@GET_POST
def branch_members(request: HttpRequest, pk: int) -> HttpResponse:
    branch = policies.branch_get(_user(request), pk)
    require(policies.can_manage(_user(request), branch))
    form = MemberAddForm(request.POST or None, branch=branch)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_add(user=_user(request), branch=branch, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("%(name)s joined the branch.") % {"name": member.person.name})
            return redirect("plans:branch_members", pk=branch.pk)
    members = branch.members.select_related("person").order_by("sort_order", "id")
    return render(request, "plans/branch_members.html", {"branch": branch, "form": form, "members": members})


@never_cache
@require_safe
def branch_public(request: HttpRequest, token: str) -> HttpResponse:
    """公开承诺 for the public: no login, read only, published pledges and published results only."""
    branch = selectors.public_branch_get(token=token)
    pledged = selectors.members_with_pledges(branch=branch, published_only=True)
    members = [member for member in pledged if getattr(member, "pledge_row", None)]
    results = [selectors.round_results(appraisal=item) for item in selectors.published_rounds(branch=branch)]
    context = {"branch": branch, "standards": selectors.standards_of(branch), "members": members, "results": results}
    return render(request, "plans/branch_public.html", context)


# --- pledges and comments --------------------------------------------------------------------------------


@login_required
@GET_POST
def pledge_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A member's own pledge; nobody edits another's."""
    branch = policies.branch_get(_user(request), pk)
    member = policies.membership(_user(request), branch)
    require(member is not None)
    pledge = getattr(member, "pledge", None)
    form = PledgeForm(request.POST or None, instance=pledge)
    if request.method == "POST" and form.is_valid():
        try:
            services.pledge_save(user=_user(request), branch=branch, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Your pledge is saved."))
            return redirect("plans:branch_detail", pk=branch.pk)
    context = {"branch": branch, "form": form, "title": _("My pledge"), "standards": selectors.standards_of(branch)}
    return render(request, "plans/branch_pledge.html", context)


@login_required
@GET_POST
def branch_comment(request: HttpRequest, pk: int) -> HttpResponse:
    branch = policies.branch_get(_user(request), pk)
    require(policies.can_comment(_user(request), branch))
    initial = {"pledge": request.GET.get("pledge")} if request.method == "GET" else None
    form = CommentForm(request.POST or None, branch=branch, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_post(user=_user(request), branch=branch, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Comment posted."))
            return redirect("plans:branch_detail", pk=branch.pk)
    return render(request, "plans/branch_form.html", {"branch": branch, "form": form, "title": _("Leader's comment")})


# --- mass appraisal ------------------------------------------------------------------------------------------


@login_required
@GET_POST
def appraisal_round_create(request: HttpRequest, pk: int) -> HttpResponse:
    branch = policies.branch_get(_user(request), pk)
    require(policies.can_manage(_user(request), branch))
    form = RoundForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            appraisal = services.round_create(user=_user(request), branch=branch, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Appraisal opened. Create invitations for the raters."))
            return redirect("plans:appraisal_invites", pk=appraisal.pk)
    context = {"branch": branch, "form": form, "title": _("New mass appraisal")}
    return render(request, "plans/branch_form.html", context)


ROUND_ACTIONS = {"close": services.round_close, "reopen": services.round_reopen, "publish": services.round_publish}


@login_required
@GET_POST
def appraisal_round(request: HttpRequest, pk: int) -> HttpResponse:
    appraisal = policies.round_get(_user(request), pk)
    can_manage = policies.can_manage(_user(request), appraisal.branch)
    if request.method == "POST":
        require(can_manage)
        action = ROUND_ACTIONS.get(request.POST.get("action", ""))
        if action is None:
            messages.error(request, _("Unknown action."))
        else:
            try:
                action(user=_user(request), appraisal=appraisal)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Saved."))
        return redirect("plans:appraisal_round", pk=appraisal.pk)
    context = {
        "appraisal": appraisal,
        "branch": appraisal.branch,
        "can_manage": can_manage,
        "response_count": appraisal.responses.count(),
        "invitation_count": appraisal.invitations.count(),
        "unused_count": appraisal.invitations.filter(used_at__isnull=True).count(),
    }
    return render(request, "plans/branch_round.html", context)


def _qr_svg(url: str) -> SafeString:
    # segno draws from our own URL only: nothing user-typed reaches the markup.
    return mark_safe(segno.make(url, error="m").svg_inline(scale=3, omitsize=False))  # noqa: S308


@login_required
@GET_POST
def appraisal_invites(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretary's page of unused invitation links, each with its QR code, to print or hand out."""
    appraisal = policies.round_get(_user(request), pk)
    require(policies.can_manage(_user(request), appraisal.branch))
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.invitations_create(user=_user(request), appraisal=appraisal, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("%(count)s invitations created.") % {"count": len(created)})
            return redirect("plans:appraisal_invites", pk=appraisal.pk)
    unused = appraisal.invitations.filter(used_at__isnull=True).order_by("id")
    invitations = []
    for invitation in unused:
        url = request.build_absolute_uri(reverse("plans:appraise", args=[invitation.token]))
        invitations.append({"number": invitation.pk, "url": url, "qr": _qr_svg(url)})
    context = {
        "appraisal": appraisal,
        "branch": appraisal.branch,
        "form": form,
        "invitations": invitations,
        "used_count": appraisal.invitations.filter(used_at__isnull=False).count(),
    }
    return render(request, "plans/branch_invites.html", context)


@never_cache
@GET_POST
def appraise(request: HttpRequest, token: str) -> HttpResponse:
    """The public appraisal form, reached by an invitation's link or QR code. No login."""
    invitation = (
        AppraisalInvitation.objects.select_related("round__branch__unit").filter(token=token).first() if token else None
    )
    if invitation is None:
        raise Http404
    appraisal = invitation.round
    context: dict[str, Any] = {"appraisal": appraisal, "branch": appraisal.branch}
    if invitation.used_at is not None or not appraisal.is_open:
        context["closed_reason"] = (
            _("This invitation has already been used. Thank you for taking part.")
            if invitation.used_at is not None
            else _("This appraisal is closed.")
        )
        return render(request, "plans/branch_appraise.html", context)
    form = _appraisal_form(request, appraisal)
    if request.method == "POST" and form.is_valid():
        try:
            services.appraisal_submit(token=token, scores=form.scores(), opinion=form.cleaned_data["opinion"])
        except ValidationError as error:
            attach_errors(form, error)
        except AppraisalInvitation.DoesNotExist as exc:
            raise Http404 from exc
        else:
            context["thanks"] = True
            return render(request, "plans/branch_appraise.html", context)
    context["form"] = form
    return render(request, "plans/branch_appraise.html", context)


def _appraisal_form(request: HttpRequest, appraisal: AppraisalRound) -> AppraisalForm:
    branch = appraisal.branch
    members = list(branch.members.select_related("person").order_by("sort_order", "id"))
    return AppraisalForm(request.POST or None, standards=selectors.standards_of(branch), members=members)


@login_required
def appraisal_results(request: HttpRequest, pk: int) -> HttpResponse:
    """Averages per item and the ranking; published ones for all who see the branch, drafts for the secretary.
    Never a token: the results say nothing about who rated what."""
    appraisal = policies.round_get(_user(request), pk)
    visible = selectors.results_visible(user=_user(request), appraisal=appraisal)
    context = {
        "appraisal": appraisal,
        "branch": appraisal.branch,
        "results": selectors.round_results(appraisal=appraisal) if visible else None,
    }
    return render(request, "plans/branch_results.html", context)


# --- selection ------------------------------------------------------------------------------------------------


@login_required
@GET_POST
def selection(request: HttpRequest, pk: int) -> HttpResponse:
    """评选表彰 for one year (?year=): the secretary proposes from the ranking, a leader confirms."""
    user = _user(request)
    branch = policies.branch_get(user, pk)
    rounds = list(selectors.published_rounds(branch=branch))
    appraisal = _chosen_round(request, rounds)
    record = selectors.selection_for(branch=branch, year=appraisal.year) if appraisal else None
    can_propose = appraisal is not None and policies.can_manage(user, branch) and not (record and record.is_confirmed)
    can_confirm = record is not None and not record.is_confirmed and policies.can_confirm_selection(user, branch)
    results = selectors.round_results(appraisal=appraisal) if appraisal else None
    form = None
    if results is not None and can_propose:
        form = _selection_form(request, record, results)
    if request.method == "POST":
        if request.POST.get("action") == "confirm":
            require(can_confirm)
            assert record is not None
            return _confirm(request, record)
        require(can_propose and form is not None)
        assert form is not None and appraisal is not None
        if form.is_valid():
            try:
                services.selection_propose(
                    user=user,
                    branch=branch,
                    appraisal=appraisal,
                    is_advanced_branch=form.cleaned_data["is_advanced_branch"],
                    branch_reason=form.cleaned_data["branch_reason"],
                    members=form.picks(),
                )
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _("Proposal saved. A leader confirms it."))
                return redirect(f"{reverse('plans:selection', args=[branch.pk])}?year={appraisal.year}")
    context = {
        "branch": branch,
        "rounds": rounds,
        "appraisal": appraisal,
        "record": record,
        "results": results,
        "form": form,
        "can_confirm": can_confirm,
    }
    return render(request, "plans/branch_selection.html", context)


def _chosen_round(request: HttpRequest, rounds: list[AppraisalRound]) -> AppraisalRound | None:
    wanted = request.GET.get("year") or request.POST.get("year")
    for item in rounds:
        if str(item.year) == wanted:
            return item
    return rounds[0] if rounds else None


def _selection_form(request: HttpRequest, record: Any, results: selectors.Results) -> SelectionForm:
    members = [row.member for row in results.ranking]
    if record is not None:
        picked = {row.member_id: row.reason for row in record.excellent_members.all()}
        initial = {"is_advanced_branch": record.is_advanced_branch, "branch_reason": record.branch_reason}
    else:
        suggestion = selectors.selection_suggestion(results=results)
        picked = {member.pk: reason for member, reason in suggestion.members}
        initial = {"is_advanced_branch": suggestion.is_advanced_branch, "branch_reason": suggestion.branch_reason}
    for member_pk, reason in picked.items():
        initial[f"excellent_{member_pk}"] = True
        initial[f"reason_{member_pk}"] = reason
    data = request.POST if request.method == "POST" and request.POST.get("action") != "confirm" else None
    return SelectionForm(data, members=members, initial=initial)


def _confirm(request: HttpRequest, record: Any) -> HttpResponse:
    try:
        services.selection_confirm(user=_user(request), selection=record)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Selection confirmed."))
    return redirect(f"{reverse('plans:selection', args=[record.branch_id])}?year={record.year}")


# --- learning commitments --------------------------------------------------------------------------------------


@login_required
@GET_POST
def commitments(request: HttpRequest, pk: int) -> HttpResponse:
    """Who keeps their learning commitments in a year, quarter or month (?period=2010-Q4); add one."""
    user = _user(request)
    branch = policies.branch_get(user, pk)
    membership = policies.membership(user, branch)
    can_manage = policies.can_manage(user, branch)
    window = compliance.window_parse(request.GET.get("period", "")) or selectors.default_window(branch=branch)
    form = None
    if membership is not None or can_manage:
        members = branch.members.order_by("sort_order", "id") if can_manage else None
        form = CommitmentForm(request.POST or None, members=members, initial={"start_date": timezone.localdate()})
    if request.method == "POST":
        require(form is not None)
        assert form is not None
        if form.is_valid():
            data = dict(form.cleaned_data)
            member = data.pop("member", None) or membership
            if member is None:
                raise PermissionDenied
            try:
                services.commitment_create(user=user, branch=branch, member=member, **data)
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _("Commitment added."))
                return redirect("plans:commitments", pk=branch.pk)
    context = {
        "branch": branch,
        "window": window,
        "windows": list(compliance.recent_windows(window.end)),
        "rows": selectors.commitment_compliance(branch=branch, window=window),
        "membership": membership,
        "form": form,
        "labels": compliance.STANDING_LABELS,
    }
    return render(request, "plans/branch_commitments.html", context)


@login_required
@GET_POST
def commitment_log(request: HttpRequest, pk: int) -> HttpResponse:
    """A commitment's log; its member adds what they did."""
    commitment = policies.commitment_get(_user(request), pk)
    is_own = policies.is_own_commitment(_user(request), commitment)
    form = LogForm(request.POST or None, initial={"date": timezone.localdate()}) if is_own else None
    if request.method == "POST":
        require(is_own and form is not None)
        assert form is not None
        if form.is_valid():
            try:
                services.commitment_log(user=_user(request), commitment=commitment, **form.cleaned_data)
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _("Logged."))
                return redirect("plans:commitment_log", pk=commitment.pk)
    context = {
        "commitment": commitment,
        "branch": commitment.branch,
        "logs": selectors.commitment_logs(commitment=commitment),
        "form": form,
    }
    return render(request, "plans/branch_commitment_log.html", context)
