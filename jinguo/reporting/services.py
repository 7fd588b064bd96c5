"""Writes of periodic reporting: drafts, photos, submission, review, comments and highlights.

Every state change locks the submission row and checks its state (and, when the page sent one, its
version): two reviewers acting at once change the state once, and the second is told why.
"""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from jinguo.access.policies import require
from jinguo.accounts.models import User
from jinguo.audit.models import AuditAction
from jinguo.audit.services import audit_record, audit_snapshot
from jinguo.core.images import process_photo
from jinguo.reporting import policies
from jinguo.reporting.models import (
    FieldType,
    ReviewAction,
    ReviewEvent,
    Submission,
    SubmissionPhoto,
    SubmissionStatus,
)
from jinguo.reporting.values import Checked, check_values

MAX_PHOTOS_PER_FIELD = 9


def _locked(submission: Submission, version: int | None) -> Submission:
    fresh = Submission.objects.select_for_update().select_related("definition", "unit").get(pk=submission.pk)
    if version is not None and fresh.version != version:
        raise ValidationError(_("Someone else changed this report meanwhile; reload the page and try again."))
    return fresh


def _check(submission: Submission, raw: Mapping[str, str], *, final: bool) -> Checked:
    definition = submission.definition
    fields = list(definition.fields.all())
    rules = list(definition.rules.select_related("left", "right"))
    uploads = dict(
        submission.photos.order_by()
        .values_list("field_key")
        .annotate(count=Count("pk"))
        .values_list("field_key", "count")
    )
    return check_values(fields, rules, raw, uploads=uploads, final=final)


def _save(submission: Submission, *, user: User, fields: list[str], before: dict[str, object]) -> None:
    submission.version += 1
    submission.save(update_fields=[*fields, "version", "updated_at"])
    audit_record(actor=user, instance=submission, action=AuditAction.UPDATE, before=before)


def _event(submission: Submission, user: User, action: str, comment: str = "") -> None:
    ReviewEvent.objects.create(submission=submission, action=action, actor=user, comment=comment)


def _require_open(submission: Submission) -> None:
    if submission.period_start > timezone.localdate():
        raise ValidationError(_("This period has not started yet."))
    if not submission.is_editable:
        raise ValidationError(_("This report has been sent and can no longer be changed."))


@transaction.atomic
def draft_save(*, user: User, submission: Submission, raw: Mapping[str, str], version: int | None = None) -> Checked:
    """Keep what the reporter typed (the page autosaves); values that do not parse are reported, not kept."""
    require(policies.can_fill(user, submission))
    submission = _locked(submission, version)
    _require_open(submission)
    checked = _check(submission, raw, final=False)
    before = audit_snapshot(submission)
    submission.values = {**submission.values, **checked.values}
    for key in raw:
        if not str(raw[key]).strip():
            submission.values.pop(key, None)
    if submission.status == SubmissionStatus.MISSING:
        submission.status = SubmissionStatus.DRAFT
    _save(submission, user=user, fields=["values", "status"], before=before)
    return checked


@transaction.atomic
def submit(*, user: User, submission: Submission, raw: Mapping[str, str], version: int | None = None) -> Submission:
    """Send the report: complete and valid, or nothing changes. Late is judged by the first sending."""
    require(policies.can_fill(user, submission))
    submission = _locked(submission, version)
    _require_open(submission)
    checked = _check(submission, raw, final=True)
    if checked.errors:
        raise ValidationError(checked.errors)
    before, now = audit_snapshot(submission), timezone.now()
    submission.values = checked.values
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_at, submission.submitted_by = now, user
    if submission.first_submitted_at is None:
        submission.first_submitted_at = now
        submission.is_late = timezone.localdate(now) > submission.late_after
    fields = ["values", "status", "submitted_at", "submitted_by", "first_submitted_at", "is_late"]
    _save(submission, user=user, fields=fields, before=before)
    _event(submission, user, ReviewAction.SUBMIT)
    return submission


@transaction.atomic
def photo_add(
    *, user: User, submission: Submission, field_key: str, upload: UploadedFile, caption: str = ""
) -> SubmissionPhoto:
    require(policies.can_fill(user, submission))
    submission = _locked(submission, None)
    _require_open(submission)
    report_field = submission.definition.fields.filter(key=field_key, type=FieldType.PHOTOS).first()
    if report_field is None:
        raise ValidationError(_("This report has no such photo field."))
    if submission.photos.filter(field_key=field_key).count() >= MAX_PHOTOS_PER_FIELD:
        raise ValidationError({field_key: _("At most %(count)d photos.") % {"count": MAX_PHOTOS_PER_FIELD}})
    try:
        photo = process_photo(upload)
    except ValidationError as exc:
        raise ValidationError({field_key: exc.messages[0]}) from exc
    stem = f"{submission.pk}-{field_key}"
    saved = SubmissionPhoto(
        submission=submission, field_key=field_key, caption=caption.strip()[:200],
        width=photo.width, height=photo.height, size=len(photo.image),
        sort_order=submission.photos.count(),
    )  # fmt: skip
    saved.image.save(f"{stem}.jpg", ContentFile(photo.image), save=False)
    saved.thumbnail.save(f"{stem}-thumb.jpg", ContentFile(photo.thumbnail), save=False)
    saved.save()
    audit_record(actor=user, instance=saved, action=AuditAction.CREATE)
    return saved


@transaction.atomic
def photo_remove(*, user: User, photo: SubmissionPhoto) -> None:
    require(policies.can_fill(user, photo.submission))
    _require_open(_locked(photo.submission, None))
    audit_record(actor=user, instance=photo, action=AuditAction.DELETE)
    photo.delete()


# --- review -----------------------------------------------------------------------------------------

# action → (states it applies to, the state it leads to, whether a comment is required)
TRANSITIONS = {
    ReviewAction.ACCEPT: ((SubmissionStatus.SUBMITTED,), SubmissionStatus.ACCEPTED, False),
    ReviewAction.RETURN: ((SubmissionStatus.SUBMITTED,), SubmissionStatus.RETURNED, True),
    ReviewAction.REOPEN: ((SubmissionStatus.ACCEPTED,), SubmissionStatus.RETURNED, True),
}


@transaction.atomic
def review(
    *, user: User, submission: Submission, action: str, comment: str = "", version: int | None = None
) -> Submission:
    """Accept, return with a comment, or reopen an accepted report (it goes back to the reporter)."""
    require(policies.can_review(user, submission))
    submission = _locked(submission, version)
    allowed_from, to, needs_comment = TRANSITIONS[ReviewAction(action)]
    if submission.status not in allowed_from:
        message = _("This report is already “%(status)s”; reload the page to see who changed it.")
        raise ValidationError(message % {"status": submission.get_status_display()})
    if needs_comment and not comment.strip():
        raise ValidationError({"comment": _("Say what should be changed.")})
    before = audit_snapshot(submission)
    submission.status, submission.reviewed_at, submission.reviewed_by = to, timezone.now(), user
    _save(submission, user=user, fields=["status", "reviewed_at", "reviewed_by"], before=before)
    _event(submission, user, action, comment.strip())
    return submission


@transaction.atomic
def comment(*, user: User, submission: Submission, text: str) -> ReviewEvent:
    require(policies.can_comment(user, submission))
    if not text.strip():
        raise ValidationError({"comment": _("Write a comment.")})
    event = ReviewEvent.objects.create(
        submission=submission, action=ReviewAction.COMMENT, actor=user, comment=text.strip()
    )
    audit_record(actor=user, instance=event, action=AuditAction.CREATE)
    return event


@transaction.atomic
def highlight(*, user: User, submission: Submission, note: str = "", on: bool = True) -> Submission:
    """Mark a report as a highlight for the bulletin (or unmark it)."""
    require(policies.can_comment(user, submission))
    submission = _locked(submission, None)
    if on and submission.status not in (SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED):
        raise ValidationError(_("Only a report that has been sent can be a highlight."))
    before = audit_snapshot(submission)
    submission.is_highlight, submission.highlight_note = on, note.strip() if on else ""
    _save(submission, user=user, fields=["is_highlight", "highlight_note"], before=before)
    if on:
        _event(submission, user, ReviewAction.HIGHLIGHT, submission.highlight_note)
    return submission
