"""The plan's supervision rounds (seed 000, 五(三)): quarterly reviews of each unit, the quarterly
observation meeting hosted by the county-level units in rotation, commendations and criticisms.

Writes check the policy in `review_policies`, validate with `full_clean`, save and audit.
Reads take the viewer and start from the policy's scope.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.http import Http404
from django.utils.translation import gettext as _

from jinguo.access.policies import require
from jinguo.access.roles import Action
from jinguo.access.scopes import granted_paths, path_q
from jinguo.accounts.models import User
from jinguo.audit.models import AuditAction
from jinguo.audit.services import audit_record, audit_snapshot
from jinguo.org.models import OrgUnit, Person, UnitLevel
from jinguo.plans import review_policies as policies
from jinguo.plans.models import Commendation, MeetingPhoto, ObservationMeeting, Plan, QuarterlyReview
from jinguo.plans.uploads import validate_upload

Quarter = tuple[int, int]
YEARS = (1990, 2100)
MAX_ROTATION_QUARTERS = 40


def quarter_of(day: datetime.date) -> Quarter:
    return day.year, (day.month - 1) // 3 + 1


def next_quarter(year: int, quarter: int) -> Quarter:
    return (year + 1, 1) if quarter == 4 else (year, quarter + 1)


def check_quarter(year: int, quarter: int, *, year_field: str = "year", quarter_field: str = "quarter") -> None:
    errors = {}
    if not YEARS[0] <= year <= YEARS[1]:
        errors[year_field] = _("Enter a year between %(low)d and %(high)d.") % {"low": YEARS[0], "high": YEARS[1]}
    if not 1 <= quarter <= 4:
        errors[quarter_field] = _("A quarter is 1, 2, 3 or 4.")
    if errors:
        raise ValidationError(errors)


def rotation_units(plan: Plan) -> models.QuerySet[OrgUnit]:
    """The plan's county-level participants, in the document's order: the hosts of the rotation."""
    return OrgUnit.objects.filter(participating_plans=plan, level=UnitLevel.COUNTY).order_by("sort_order", "path")


# --- quarterly reviews ----------------------------------------------------------------------------


@transaction.atomic
def review_save(
    *,
    user: User,
    plan: Plan,
    unit: OrgUnit,
    year: int,
    quarter: int,
    rating: str,
    strengths: str = "",
    problems: str = "",
) -> QuarterlyReview:
    """Write the unit's review for the quarter: the first save creates it, later ones revise it."""
    require(policies.can_review(user, plan))
    check_quarter(year, quarter)
    if not plan.participant_rows.filter(unit=unit).exists():
        raise ValidationError({"unit": _("%(unit)s does not take part in this plan.") % {"unit": unit}})
    values = {"rating": rating, "strengths": strengths.strip(), "problems": problems.strip(), "reviewer": user}
    key = {"plan": plan, "unit": unit, "year": year, "quarter": quarter}
    review = QuarterlyReview.objects.select_for_update().filter(**key).first()
    if review is None:
        review = QuarterlyReview(**key, **values)
        review.full_clean()
        try:
            with transaction.atomic():
                review.save()
        except IntegrityError:  # written by someone else a moment ago: revise theirs
            review = QuarterlyReview.objects.select_for_update().get(**key)
        else:
            audit_record(actor=user, instance=review, action=AuditAction.CREATE)
            return review
    before = audit_snapshot(review)
    for field, value in values.items():
        setattr(review, field, value)
    review.full_clean()
    review.save(update_fields=list(values))
    audit_record(actor=user, instance=review, action=AuditAction.UPDATE, before=before)
    return review


@dataclass
class ReviewRow:
    unit: OrgUnit
    review: QuarterlyReview | None


def review_board(*, user: User, plan: Plan, year: int, quarter: int) -> list[ReviewRow]:
    """Every participating unit in the viewer's reach with its review of the quarter (or none yet)."""
    units = OrgUnit.objects.filter(participating_plans=plan).filter(path_q(granted_paths(user, Action.VIEW)))
    reviews = {review.unit_id: review for review in review_list(user=user, plan=plan, year=year, quarter=quarter)}
    return [ReviewRow(unit, reviews.get(unit.pk)) for unit in units.order_by("sort_order", "path")]


def review_list(*, user: User, plan: Plan, year: int, quarter: int) -> models.QuerySet[QuarterlyReview]:
    return (
        policies.review_scope(user)
        .filter(plan=plan, year=year, quarter=quarter)
        .select_related("unit", "reviewer__person")
        .order_by("unit__sort_order", "unit__path")
    )


def review_quarters(*, user: User, plan: Plan) -> list[Quarter]:
    """The quarters with reviews the viewer may see, newest first."""
    rows = policies.review_scope(user).filter(plan=plan).order_by().values_list("year", "quarter").distinct()
    return sorted(set(rows), reverse=True)


def review_find(*, user: User, plan: Plan, unit: OrgUnit, year: int, quarter: int) -> QuarterlyReview | None:
    return policies.review_scope(user).filter(plan=plan, unit=unit, year=year, quarter=quarter).first()


# --- observation meetings -------------------------------------------------------------------------


def rotation_proposal(*, plan: Plan, year_from: int, quarter_from: int, count: int) -> list[ObservationMeeting]:
    """Unsaved meetings for the quarters of the range that have none, hosts taken round-robin.

    A quarter that already has a meeting keeps it, and the rotation carries on after its host, so
    an edited host shifts what follows and a second run proposes nothing.
    """
    check_quarter(year_from, quarter_from, year_field="year_from", quarter_field="quarter_from")
    if not 1 <= count <= MAX_ROTATION_QUARTERS:
        message = _("Schedule 1 to %(most)d quarters at a time.") % {"most": MAX_ROTATION_QUARTERS}
        raise ValidationError({"count": message})
    hosts = list(rotation_units(plan))
    if not hosts:
        raise ValidationError(_("No county-level unit takes part in this plan to host the meetings."))
    position = {unit.pk: index for index, unit in enumerate(hosts)}
    existing = {(meeting.year, meeting.quarter): meeting.host_id for meeting in plan.meetings.all()}
    earlier = [key for key, host in existing.items() if key < (year_from, quarter_from) and host in position]
    following = position[existing[max(earlier)]] + 1 if earlier else 0
    proposal: list[ObservationMeeting] = []
    year, quarter = year_from, quarter_from
    for _index in range(count):
        host_id = existing.get((year, quarter))
        if host_id is None:
            host = hosts[following % len(hosts)]
            proposal.append(ObservationMeeting(plan=plan, year=year, quarter=quarter, host=host))
            following += 1
        elif host_id in position:
            following = position[host_id] + 1
        year, quarter = next_quarter(year, quarter)
    return proposal


@transaction.atomic
def meeting_rotation_generate(
    *, user: User, plan: Plan, year_from: int, quarter_from: int, count: int
) -> list[ObservationMeeting]:
    """Schedule the quarters from (year_from, quarter_from) on; returns the meetings it created."""
    require(policies.can_schedule_meetings(user, plan))
    Plan.objects.select_for_update().filter(pk=plan.pk).first()  # one schedule change at a time per plan
    created = rotation_proposal(plan=plan, year_from=year_from, quarter_from=quarter_from, count=count)
    for meeting in created:
        meeting.full_clean()
        meeting.save()
        audit_record(actor=user, instance=meeting, action=AuditAction.CREATE)
    return created


def _check_photo(upload: UploadedFile) -> None:
    try:
        is_photo = validate_upload(upload)
    except ValidationError as error:
        raise ValidationError({"photos": error.message_dict.get("files", error.messages)}) from error
    if not is_photo:
        raise ValidationError({"photos": _("“%(name)s” is not a photo.") % {"name": upload.name}})


@transaction.atomic
def meeting_update(
    *,
    user: User,
    meeting: ObservationMeeting,
    host: OrgUnit | None = None,
    held_on: datetime.date | None,
    topic: str,
    minutes: str,
    photos: Sequence[UploadedFile] = (),
    caption: str = "",
) -> ObservationMeeting:
    """Set the host (plan owner only), date, topic and minutes; add photos. All checked before any write."""
    meeting = ObservationMeeting.objects.select_for_update().select_related("plan__unit", "host").get(pk=meeting.pk)
    require(policies.can_record_meeting(user, meeting))
    before = audit_snapshot(meeting)
    if host is not None and host.pk != meeting.host_id:
        require(policies.can_schedule_meetings(user, meeting.plan))
        if not rotation_units(meeting.plan).filter(pk=host.pk).exists():
            raise ValidationError({"host": _("Choose a county-level unit that takes part in the plan.")})
        meeting.host = host
    for upload in photos:
        _check_photo(upload)
    meeting.held_on, meeting.topic, meeting.minutes = held_on, topic.strip(), minutes.strip()
    meeting.full_clean()
    meeting.save(update_fields=["host", "held_on", "topic", "minutes"])
    audit_record(actor=user, instance=meeting, action=AuditAction.UPDATE, before=before)
    for upload in photos:
        photo = MeetingPhoto.objects.create(meeting=meeting, file=upload, caption=caption.strip())
        audit_record(actor=user, instance=photo, action=AuditAction.CREATE)
    return meeting


def meeting_list(*, user: User, plan: Plan) -> models.QuerySet[ObservationMeeting]:
    """The plan's schedule; photos come only with the meetings whose record the user may read."""
    photos = MeetingPhoto.objects.filter(meeting__in=policies.meeting_record_scope(user))
    return (
        policies.meeting_scope(user)
        .filter(plan=plan)
        .select_related("plan__unit", "host")
        .prefetch_related(models.Prefetch("photos", queryset=photos))
        .order_by("year", "quarter")
    )


def meeting_get(*, user: User, pk: int | str) -> ObservationMeeting:
    """Missing and out of reach are the same 404."""
    try:
        return policies.meeting_scope(user).select_related("plan__unit", "host").get(pk=pk)
    except (ObservationMeeting.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def meeting_photo_get(*, user: User, pk: int | str) -> MeetingPhoto:
    try:
        return MeetingPhoto.objects.filter(meeting__in=policies.meeting_record_scope(user)).get(pk=pk)
    except (MeetingPhoto.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


# --- commendations and criticisms -----------------------------------------------------------------


@transaction.atomic
def notice_issue(
    *,
    user: User,
    kind: str,
    reason: str,
    issued_on: datetime.date,
    unit: OrgUnit | None = None,
    person: Person | None = None,
    plan: Plan | None = None,
    issuer: OrgUnit | None = None,
    doc_number: str = "",
) -> Commendation:
    """通报表扬 / 通报批评 of a unit or a person in the issuer's subtree; the issuer is the plan's unit by default."""
    issuer = issuer or (plan.unit if plan is not None else None)
    if issuer is None:
        raise ValueError("a notice needs an issuing unit or a plan")
    require(policies.can_issue_notice(user, issuer))
    if (unit is None) == (person is None):
        raise ValidationError({"unit": _("Name either a unit or a person.")})
    subject_path = unit.path if unit is not None else person.unit.path  # type: ignore[union-attr]
    if not subject_path.startswith(issuer.path):
        field = "unit" if unit is not None else "person"
        raise ValidationError({field: _("%(issuer)s can only address its own units and people.") % {"issuer": issuer}})
    notice = Commendation(
        plan=plan,
        issued_by=issuer,
        kind=kind,
        unit=unit,
        person=person,
        reason=reason.strip(),
        doc_number=doc_number.strip(),
        issued_on=issued_on,
    )
    notice.full_clean()
    notice.save()
    audit_record(actor=user, instance=notice, action=AuditAction.CREATE)
    return notice


def _notices(user: User) -> models.QuerySet[Commendation]:
    related = ("issued_by", "unit", "person", "plan")
    return policies.notice_scope(user).select_related(*related).order_by("-issued_on", "-id")


def notice_list(*, user: User, plan: Plan) -> models.QuerySet[Commendation]:
    return _notices(user).filter(plan=plan)


def notices_for_unit(*, user: AbstractBaseUser | AnonymousUser, unit: OrgUnit) -> models.QuerySet[Commendation]:
    """For the unit's page; takes `request.user` as it comes (anonymous users reach nothing)."""
    return _notices(cast(User, user)).filter(unit=unit)


def notices_for_person(*, user: AbstractBaseUser | AnonymousUser, person: Person) -> models.QuerySet[Commendation]:
    return _notices(cast(User, user)).filter(person=person)
