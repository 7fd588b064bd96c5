"""Writes in a plan's supervision loop: progress updates, comments and instructions, answers, acceptance."""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jinguo.access.policies import require
from jinguo.access.roles import Action
from jinguo.access.scopes import covers, granted_paths
from jinguo.accounts.models import User
from jinguo.audit.models import AuditAction
from jinguo.audit.services import audit_record, audit_snapshot
from jinguo.notifications.models import NotificationKind
from jinguo.notifications.services import notify
from jinguo.org.models import Department, OrgUnit, UnitKind, UnitLevel
from jinguo.plans import policies
from jinguo.plans.models import (
    Comment,
    CommentKind,
    FeatureLevel,
    FeatureProject,
    Plan,
    ProgressUpdate,
    Task,
    UpdateAttachment,
)
from jinguo.plans.uploads import validate_upload


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
        require(policies.can_report_on_task(user, task))
        unit = task.plan.unit
    elif project is not None:
        require(policies.can_report_on_project(user, project))
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
    require(policies.can_comment(user, task))
    if update is not None and update.task_id != task.pk:
        raise ValidationError({"update": _("The update belongs to another task.")})
    comment = Comment(task=task, update=update, kind=kind, author=user, text=text.strip())
    comment.full_clean()
    comment.save()
    audit_record(actor=user, instance=comment, action=AuditAction.CREATE)
    if comment.is_open_instruction:
        # Everyone who may answer hears of it; the instruction stays open until one of them does.
        notify(
            policies.task_reporters(task),
            kind=NotificationKind.INSTRUCTION,
            title=str(task),
            body=comment.text,
            url=reverse("plans:task_detail", args=[task.pk]) + "#open-instructions",
            actor=user,
        )
    return comment


@transaction.atomic
def instruction_answer(*, user: User, comment: Comment, answer: str) -> Comment:
    """The responsible side answers an instruction; it is then no longer open."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    require(policies.can_report_on_task(user, comment.task))
    if not comment.is_open_instruction:
        raise ValidationError(_("This instruction has already been answered."))
    if not answer.strip():
        raise ValidationError({"answer": _("Write an answer.")})
    before = audit_snapshot(comment)
    comment.answer, comment.answered_at, comment.answered_by = answer.strip(), timezone.now(), user
    comment.save(update_fields=["answer", "answered_at", "answered_by"])
    audit_record(actor=user, instance=comment, action=AuditAction.UPDATE, before=before)
    notify(
        [comment.author],
        kind=NotificationKind.INSTRUCTION_ANSWERED,
        title=str(comment.task),
        body=comment.answer,
        url=reverse("plans:task_detail", args=[comment.task_id]) + f"#comment-{comment.pk}",
        actor=user,
    )
    return comment


@transaction.atomic
def task_accept(*, user: User, task: Task) -> Task:
    """The supervising leader marks the task done."""
    task = Task.objects.select_for_update().get(pk=task.pk)
    require(policies.can_accept(user, task))
    if task.accepted_at is not None:
        return task
    if not task.updates.exists():
        raise ValidationError(_("A task with no progress reported cannot be accepted."))
    before = audit_snapshot(task)
    task.accepted_at, task.accepted_by = timezone.now(), user
    task.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(actor=user, instance=task, action=AuditAction.UPDATE, before=before)
    return task


# feature projects

# 一县一品牌、一镇一特色、一村一典型、市直一系统一亮点: one of each kind per unit and plan.
ONE_PER_UNIT_LEVELS = (
    FeatureLevel.COUNTY_BRAND,
    FeatureLevel.TOWNSHIP_FEATURE,
    FeatureLevel.VILLAGE_MODEL,
    FeatureLevel.SYSTEM_HIGHLIGHT,
)
# 机关每部室2-3项重点工作: at most three key work items per department.
DEPARTMENT_KEY_WORK_LIMIT = 3


def _level_problem(*, plan: Plan, unit: OrgUnit, level: str) -> str | None:
    """Why `unit` cannot declare a project of `level` in `plan` (None when it can)."""
    if level == FeatureLevel.DEPARTMENT_KEY_WORK:
        fits = unit.pk == plan.unit_id
        return None if fits else _("Department key work is declared by the issuing unit for one of its departments.")
    participant = next((p for p in plan.participants.all() if unit.path.startswith(p.path)), None)
    organs = participant is not None and participant.kind == UnitKind.ORGANS_COMMITTEE
    checks: dict[str, tuple[bool, str]] = {
        FeatureLevel.COUNTY_BRAND: (
            participant is not None and unit.pk == participant.pk and not organs,
            _("A county brand is declared by a participating county-level unit."),
        ),
        FeatureLevel.SYSTEM_HIGHLIGHT: (
            organs,
            _("A system highlight is declared by the organs' women's working committee or a system below it."),
        ),
        FeatureLevel.TOWNSHIP_FEATURE: (
            participant is not None and unit.level == UnitLevel.TOWNSHIP,
            _("A township feature is declared for a township below a participating unit."),
        ),
        FeatureLevel.VILLAGE_MODEL: (
            participant is not None and unit.level == UnitLevel.VILLAGE,
            _("A village model is declared for a village below a participating unit."),
        ),
    }
    fits, problem = checks.get(
        level, (False, _("The plan's own feature projects come from its annex and are not declared."))
    )
    return None if fits else problem


def _quota_problem(*, plan: Plan, unit: OrgUnit, level: str, department: Department | None) -> dict[str, str]:
    existing = FeatureProject.objects.filter(plan=plan, level=level)
    if level in ONE_PER_UNIT_LEVELS and existing.filter(declared_by=unit).exists():
        message = _("%(unit)s has already declared its %(level)s in this plan.")
        return {"level": message % {"unit": unit.name, "level": FeatureLevel(level).label}}
    if department is not None and existing.filter(responsible_departments=department).count() >= (
        DEPARTMENT_KEY_WORK_LIMIT
    ):
        message = _("%(department)s already has %(limit)d key work items in this plan.")
        return {"department": message % {"department": department.name, "limit": DEPARTMENT_KEY_WORK_LIMIT}}
    return {}


@transaction.atomic
def feature_project_declare(
    *,
    user: User,
    plan: Plan,
    unit: OrgUnit,
    level: str,
    name: str,
    targets: str,
    department: Department | None = None,
) -> FeatureProject:
    """A participating unit (or a township or village below one) declares its own feature project."""
    require(
        policies.plan_scope(user).filter(pk=plan.pk).exists()
        and covers(granted_paths(user, Action.MANAGE_UNITS), unit.path)
    )
    # Serialises declarations of one unit, so "one brand per county" holds under concurrent submits.
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    errors: dict[str, str] = {}
    problem = _level_problem(plan=plan, unit=unit, level=level)
    if problem:
        errors["level"] = problem
    if level == FeatureLevel.DEPARTMENT_KEY_WORK and (department is None or department.unit_id != plan.unit_id):
        errors["department"] = _("Choose a department of the issuing unit.")
    if level != FeatureLevel.DEPARTMENT_KEY_WORK:
        department = None
    if not targets.strip():
        errors["targets"] = _("Write the creation targets.")
    errors = errors or _quota_problem(plan=plan, unit=unit, level=level, department=department)
    if errors:
        raise ValidationError(errors)
    project = FeatureProject(
        plan=plan,
        name=name.strip(),
        targets=targets.strip(),
        level=level,
        declared_by=unit,
        responsible_label=department.name if department else unit.name,
        sort_order=100 + unit.sort_order,
    )
    project.full_clean()
    project.save()
    project.responsible_units.add(unit)
    if department is not None:
        project.responsible_departments.add(department)
    audit_record(actor=user, instance=project, action=AuditAction.CREATE)
    return project
