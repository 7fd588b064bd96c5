"""Pages of the plan's supervision rounds: quarterly reviews, the observation meetings in rotation
(with minutes and photos), commendations and criticisms."""

import mimetypes
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from jinguo.accounts.models import User
from jinguo.org.models import OrgUnit, Person
from jinguo.plans import review_policies, reviews
from jinguo.plans.models import Plan
from jinguo.plans.selectors import plan_get
from jinguo.web.forms.plan_reviews import MeetingForm, NoticeForm, QuarterFilterForm, ReviewForm, RotationForm
from jinguo.web.forms.validation import attach_errors


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _period(request: HttpRequest, plan: Plan, quarters: list[reviews.Quarter]) -> tuple[QuarterFilterForm, int, int]:
    """The quarter asked for; else the newest reviewed one; else the current quarter."""
    year, quarter = quarters[0] if quarters else reviews.quarter_of(timezone.localdate())
    form = QuarterFilterForm(request.GET if "year" in request.GET else None, initial={"year": year, "quarter": quarter})
    if form.is_valid():
        year, quarter = form.cleaned_data["year"], form.cleaned_data["quarter"]
    return form, year, quarter


@login_required
def review_list(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    plan = plan_get(user=user, pk=pk)
    quarters = reviews.review_quarters(user=user, plan=plan)
    form, year, quarter = _period(request, plan, quarters)
    context = {
        "plan": plan,
        "section": "reviews",
        "filter_form": form,
        "year": year,
        "quarter": quarter,
        "quarters": quarters,
        "rows": reviews.review_board(user=user, plan=plan, year=year, quarter=quarter),
        "can_review": review_policies.can_review(user, plan),
    }
    return render(request, "plans/review_list.html", context)


def _reviewable(request: HttpRequest, pk: int, unit_pk: int) -> tuple[Plan, OrgUnit]:
    plan = plan_get(user=_user(request), pk=pk)
    if not review_policies.can_review(_user(request), plan):
        raise PermissionDenied
    unit = OrgUnit.objects.filter(participating_plans=plan, pk=unit_pk).first()
    if unit is None:
        raise Http404
    return plan, unit


@login_required
def review_edit(request: HttpRequest, pk: int, unit_pk: int, year: int, quarter: int) -> HttpResponse:
    user = _user(request)
    plan, unit = _reviewable(request, pk, unit_pk)
    review = reviews.review_find(user=user, plan=plan, unit=unit, year=year, quarter=quarter)
    initial: dict[str, object] = {"year": year, "quarter": quarter}
    if review is not None:
        initial |= {"rating": review.rating, "strengths": review.strengths, "problems": review.problems}
    form = ReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = reviews.review_save(user=user, plan=plan, unit=unit, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Review saved."))
            url = reverse("plans:reviews", args=[plan.pk])
            return redirect(f"{url}?year={saved.year}&quarter={saved.quarter}")
    context = {"plan": plan, "section": "reviews", "unit": unit, "form": form, "review": review}
    return render(request, "plans/review_form.html", context)


def _meeting_page(request: HttpRequest, plan: Plan, rotation_form: RotationForm | None = None) -> HttpResponse:
    user = _user(request)
    may_schedule = review_policies.can_schedule_meetings(user, plan)
    if may_schedule and rotation_form is None:
        last = plan.meetings.order_by("-year", "-quarter").values_list("year", "quarter").first()
        year, quarter = reviews.next_quarter(*last) if last else reviews.quarter_of(timezone.localdate())
        rotation_form = RotationForm(initial={"year_from": year, "quarter_from": quarter})
    meetings = list(reviews.meeting_list(user=user, plan=plan))
    for meeting in meetings:
        meeting.may_edit = may_schedule or review_policies.can_record_meeting(user, meeting)  # type: ignore[attr-defined]
        meeting.may_read_record = review_policies.can_read_meeting_record(user, meeting)  # type: ignore[attr-defined]
    context = {
        "plan": plan,
        "section": "meetings",
        "meetings": meetings,
        "hosts": reviews.rotation_units(plan) if may_schedule else [],
        "rotation_form": rotation_form,
        "can_schedule": may_schedule,
    }
    return render(request, "plans/meeting_list.html", context)


@login_required
def meeting_list(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_page(request, plan_get(user=_user(request), pk=pk))


@login_required
@require_POST
def meeting_rotation(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    plan = plan_get(user=user, pk=pk)
    if not review_policies.can_schedule_meetings(user, plan):
        raise PermissionDenied
    form = RotationForm(request.POST)
    if form.is_valid():
        try:
            created = reviews.meeting_rotation_generate(user=user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            if created:
                count = len(created)
                messages.success(request, ngettext("%d meeting scheduled.", "%d meetings scheduled.", count) % count)
            else:
                messages.info(request, _("Every one of these quarters already has a meeting."))
            return redirect("plans:meetings", pk=plan.pk)
    return _meeting_page(request, plan, form)


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    meeting = reviews.meeting_get(user=user, pk=pk)
    if not review_policies.can_record_meeting(user, meeting):
        raise PermissionDenied
    may_change_host = review_policies.can_schedule_meetings(user, meeting.plan)
    initial = {"host": meeting.host, "held_on": meeting.held_on, "topic": meeting.topic, "minutes": meeting.minutes}
    hosts = reviews.rotation_units(meeting.plan)
    if not may_change_host:  # the disabled choice must not list the sibling units
        hosts = hosts.filter(pk=meeting.host_id)
    form = MeetingForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        hosts=hosts,
        may_change_host=may_change_host,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            reviews.meeting_update(
                user=user,
                meeting=meeting,
                host=data["host"] if may_change_host else None,
                held_on=data["held_on"],
                topic=data["topic"],
                minutes=data["minutes"],
                photos=request.FILES.getlist("photos"),
                caption=data["caption"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Meeting saved."))
            return redirect("plans:meetings", pk=meeting.plan.pk)
    context = {"plan": meeting.plan, "section": "meetings", "meeting": meeting, "form": form}
    return render(request, "plans/meeting_form.html", context)


@login_required
def meeting_photo(request: HttpRequest, pk: int) -> FileResponse:
    """A meeting photo, only to those who may see the meeting."""
    photo = reviews.meeting_photo_get(user=_user(request), pk=pk)
    content_type = mimetypes.guess_type(photo.file.name or "")[0] or "application/octet-stream"
    return FileResponse(photo.file.open("rb"), content_type=content_type)


@login_required
def notice_list(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    plan = plan_get(user=user, pk=pk)
    context = {
        "plan": plan,
        "section": "notices",
        "notices": reviews.notice_list(user=user, plan=plan),
        "can_issue": review_policies.can_issue_notice(user, plan.unit),
    }
    return render(request, "plans/notice_page.html", context)


def _notice_subjects(plan: Plan) -> tuple[QuerySet[OrgUnit], QuerySet[Person]]:
    """The issuing unit and the plan's participants, and the people in them: who a notice names."""
    units = OrgUnit.objects.filter(Q(pk=plan.unit_id) | Q(participating_plans=plan)).distinct()
    people = Person.objects.filter(unit__in=units).select_related("unit").order_by("unit__sort_order", "sort_order")
    return units.order_by("depth", "sort_order", "path"), people


@login_required
def notice_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    plan = plan_get(user=user, pk=pk)
    if not review_policies.can_issue_notice(user, plan.unit):
        raise PermissionDenied
    units, people = _notice_subjects(plan)
    form = NoticeForm(request.POST or None, units=units, people=people, initial={"issued_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            reviews.notice_issue(user=user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Notice issued."))
            return redirect("plans:notices", pk=plan.pk)
    return render(request, "plans/notice_form.html", {"plan": plan, "section": "notices", "form": form})
