"""Reads of periodic reporting for a viewer: what waits for them to fill, to review, and what they sent.

Every list starts from the submissions policy's scope. "To fill" lists a unit's own reports (a
reporter of 鲤城区 fills 鲤城区's, not its townships', though the policy lets her step in for them)
and the reports of the departments the viewer holds a grant in.
"""

import datetime

from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import Http404
from django.utils import timezone

from jinguo.access.roles import Action
from jinguo.access.scopes import granted_paths
from jinguo.accounts.models import User
from jinguo.reporting import policies
from jinguo.reporting.models import EDITABLE, REPORTED, Submission, SubmissionPhoto, SubmissionStatus


def department_grants(user: User) -> list[int]:
    """The departments the user holds a grant in; read once per request and kept on the user."""
    if "_report_departments" not in user.__dict__:
        ids = user.grants.filter(department__isnull=False).values_list("department_id", flat=True)
        user.__dict__["_report_departments"] = sorted(set(ids))
    return user.__dict__["_report_departments"]


def _own_q(user: User) -> Q:
    units = Q(department__isnull=True, unit__path__in=granted_paths(user, Action.REPORT))
    return units | Q(department__in=department_grants(user))


def _reviewable_q(user: User) -> Q:
    """As policies.can_review, for a queryset already within the viewer's REVIEW_REPORTS reach."""
    below = Q(department__isnull=True) & ~Q(unit__path__in=granted_paths(user, Action.REVIEW_REPORTS))
    of_departments = Q(department__isnull=False) & ~Q(department__in=department_grants(user))
    return below | of_departments


def to_fill(*, user: User, today: datetime.date | None = None) -> models.QuerySet[Submission]:
    """The viewer's own reports still to send (or send again) whose period has started: overdue first
    (each row annotated `is_overdue`)."""
    today = today or timezone.localdate()
    overdue = ExpressionWrapper(Q(late_after__lt=today), output_field=BooleanField())
    return (
        policies.submissions.scope(user)
        .filter(_own_q(user), status__in=EDITABLE, period_start__lte=today)
        .annotate(is_overdue=overdue)
        .order_by("-is_overdue", "due_on", "definition__name", "unit__path", "department_id", "pk")
    )


def to_review(*, user: User) -> models.QuerySet[Submission]:
    """Reports sent to the viewer's units for review, the longest waiting first."""
    return (
        policies.submissions.scope(user, Action.REVIEW_REPORTS)
        .filter(_reviewable_q(user), status=SubmissionStatus.SUBMITTED)
        .order_by("submitted_at", "pk")
    )


def recently_sent(*, user: User) -> models.QuerySet[Submission]:
    """The viewer's own reports that have been sent and not returned, the latest first."""
    return policies.submissions.scope(user).filter(_own_q(user), status__in=REPORTED).order_by("-submitted_at", "-pk")


def photo_get(*, user: User, pk: int) -> SubmissionPhoto:
    """A photo is visible exactly where its submission is: missing and forbidden are the same 404."""
    visible = SubmissionPhoto.objects.filter(submission__in=policies.submissions.scope(user))
    try:
        return visible.select_related("submission__unit", "submission__department").get(pk=pk)
    except SubmissionPhoto.DoesNotExist as exc:
        raise Http404 from exc
