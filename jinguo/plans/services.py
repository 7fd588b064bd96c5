"""Writes in a plan's supervision loop: progress updates, comments and instructions, answers, acceptance."""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jinguo.accounts.models import User
from jinguo.audit.models import AuditAction
from jinguo.audit.services import audit_record, audit_snapshot
from jinguo.plans import policies
from jinguo.plans.models import Comment, CommentKind, FeatureProject, ProgressUpdate, Task, UpdateAttachment
from jinguo.plans.uploads import validate_upload


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@transaction.atomic
def update_post(
    *,
    user: User,
    task: Task | None = None,
    project: FeatureProject | None = None,
    text: str,
    percent: int,
    files: Sequence[UploadedFile] = (),
) -> ProgressUpdate:
    """A progress report with photos and files. Validates everything before saving anything."""
    if task is not None:
        _require(policies.can_report_on_task(user, task))
        unit = task.plan.unit
    elif project is not None:
        _require(policies.can_report_on_project(user, project))
        unit = project.declared_by or project.plan.unit
    else:
        raise ValueError("an update needs a task or a feature project")
    kinds = [validate_upload(upload) for upload in files]
    update = ProgressUpdate(
        task=task, feature_project=project, unit=unit, author=user, text=text.strip(), percent=percent
    )
    update.full_clean()
    update.save()
    for upload, is_photo in zip(files, kinds, strict=True):
        UpdateAttachment.objects.create(update=update, file=upload, is_photo=is_photo)
    audit_record(actor=user, instance=update, action=AuditAction.CREATE)
    return update


@transaction.atomic
def comment_post(
    *, user: User, task: Task, text: str, kind: str = CommentKind.COMMENT, update: ProgressUpdate | None = None
) -> Comment:
    _require(policies.can_comment(user, task))
    if update is not None and update.task_id != task.pk:
        raise ValidationError({"update": _("The update belongs to another task.")})
    comment = Comment(task=task, update=update, kind=kind, author=user, text=text.strip())
    comment.full_clean()
    comment.save()
    audit_record(actor=user, instance=comment, action=AuditAction.CREATE)
    return comment


@transaction.atomic
def instruction_answer(*, user: User, comment: Comment, answer: str) -> Comment:
    """The responsible side answers an instruction; it is then no longer open."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    _require(policies.can_report_on_task(user, comment.task))
    if not comment.is_open_instruction:
        raise ValidationError(_("This instruction has already been answered."))
    if not answer.strip():
        raise ValidationError({"answer": _("Write an answer.")})
    before = audit_snapshot(comment)
    comment.answer, comment.answered_at, comment.answered_by = answer.strip(), timezone.now(), user
    comment.save(update_fields=["answer", "answered_at", "answered_by"])
    audit_record(actor=user, instance=comment, action=AuditAction.UPDATE, before=before)
    return comment


@transaction.atomic
def task_accept(*, user: User, task: Task) -> Task:
    """The supervising leader marks the task done."""
    task = Task.objects.select_for_update().get(pk=task.pk)
    _require(policies.can_accept(user, task))
    if task.accepted_at is not None:
        return task
    if not task.updates.exists():
        raise ValidationError(_("A task with no progress reported cannot be accepted."))
    before = audit_snapshot(task)
    task.accepted_at, task.accepted_by = timezone.now(), user
    task.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(actor=user, instance=task, action=AuditAction.UPDATE, before=before)
    return task
