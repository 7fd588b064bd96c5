"""The supervision loop of a plan: a task's page with its updates, photos, comments and open
instructions; reporting progress, commenting, answering instructions, accepting a task as done;
feature projects: declaring one, its page and reporting on it.

A task or project out of the viewer's reach is a 404; one they can see but not act on is a 403.
Attachments are served here, after the same check, never from a public media URL.
"""

import io
import mimetypes
from pathlib import PurePath
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from PIL import Image, ImageOps, UnidentifiedImageError

from jinguo.accounts.models import User
from jinguo.plans import policies, selectors, services
from jinguo.plans.models import (
    Comment,
    CommentKind,
    FeatureProject,
    Plan,
    ProgressUpdate,
    ResponsibilityRole,
    Task,
    UpdateAttachment,
)
from jinguo.plans.status import TaskFacts, task_status
from jinguo.web.forms.plans import AnswerForm, CommentForm, ProjectDeclareForm, UpdateForm, declarable_units
from jinguo.web.forms.validation import attach_errors

THUMBNAIL_PIXELS = 360


def _viewer(request: HttpRequest) -> User:
    return cast(User, request.user)


# --- reads for these pages ------------------------------------------------------------------------


def _task_get(user: User, pk: int) -> Task:
    try:
        return policies.task_scope(user).select_related("plan__unit", "parent", "accepted_by__person").get(pk=pk)
    except Task.DoesNotExist as exc:
        raise Http404 from exc


def _project_get(user: User, pk: int) -> FeatureProject:
    try:
        return policies.feature_project_scope(user).select_related("plan__unit", "declared_by").get(pk=pk)
    except FeatureProject.DoesNotExist as exc:
        raise Http404 from exc


def _updates(updates: QuerySet[ProgressUpdate], names: policies.Naming, plan: Plan) -> list[ProgressUpdate]:
    """Newest first, with author and attachments split into photos and files: two queries in all.

    A shared project's reports by another county show without their author's name (`names`)."""
    rows = list(
        updates.select_related("author__person__unit").prefetch_related("attachments").order_by("-created_at", "-id")
    )
    for update in rows:
        update.author_name = names.user_name(update.author, plan)  # type: ignore[attr-defined]
        attachments = list(update.attachments.all())
        for item in attachments:
            item.display_name = item.caption or PurePath(item.file.name or "").name  # type: ignore[attr-defined]
        update.photos = [item for item in attachments if item.is_photo]  # type: ignore[attr-defined]
        update.documents = [item for item in attachments if not item.is_photo]  # type: ignore[attr-defined]
    return rows


def _task_context(user: User, task: Task, comment_form: CommentForm | None = None) -> dict[str, Any]:
    """Everything the task page shows, in a fixed number of queries."""
    responsibilities = list(task.responsibilities.select_related("unit", "department", "person"))
    names = policies.Naming(user)
    updates = _updates(task.updates.all(), names, task.plan)
    comments = list(task.comments.select_related("author__person__unit", "answered_by__person__unit"))
    for comment in comments:
        comment.author_name = names.user_name(comment.author, task.plan)  # type: ignore[attr-defined]
        comment.answered_name = names.user_name(comment.answered_by, task.plan)  # type: ignore[attr-defined]
    by_update: dict[int | None, list[Comment]] = {}
    for comment in comments:
        by_update.setdefault(comment.update_id, []).append(comment)
    for update in updates:
        update.comment_list = by_update.get(update.pk, [])  # type: ignore[attr-defined]
    latest = updates[0].percent if updates else None
    facts = TaskFacts(latest, task.accepted_at is not None, task.plan.issue_date, task.deadline)
    status = task_status(facts, timezone.localdate())
    can_report = policies.can_report_on_task(user, task)
    can_comment = policies.can_comment(user, task)
    if comment_form is None and can_comment:
        comment_form = CommentForm(updates=task.updates.all())
    return {
        "task": task,
        "plan": task.plan,
        "status": status,
        "latest_percent": latest,
        "units": [r for r in responsibilities if r.role in (ResponsibilityRole.LEAD_UNIT, ResponsibilityRole.CO_UNIT)],
        "persons": [r for r in responsibilities if r.role == ResponsibilityRole.PERSON],
        "leaders": [r for r in responsibilities if r.role == ResponsibilityRole.LEADER],
        "children": list(task.children.all()) if task.is_category else [],
        "updates": updates,
        "task_comments": by_update.get(None, []),
        "open_instructions": [comment for comment in comments if comment.is_open_instruction],
        "can_report": can_report,
        "can_comment": can_comment,
        "can_accept": task.accepted_at is None and bool(updates) and policies.can_accept(user, task),
        "form": comment_form,
    }


# --- tasks ----------------------------------------------------------------------------------------


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _viewer(request)
    task = _task_get(user, pk)
    context = _task_context(user, task)
    on = request.GET.get("on")
    if context["form"] is not None and on and on.isdigit():
        context["form"].initial["update"] = int(on)
    return render(request, "plans/task_detail.html", context)


def _update_form_page(
    request: HttpRequest, *, subject: Task | FeatureProject, updates: QuerySet[ProgressUpdate]
) -> HttpResponse | None:
    """Show or handle the progress form; None once the update is saved."""
    latest = updates.order_by("-created_at", "-id").values_list("percent", flat=True).first()
    form = UpdateForm(request.POST or None, request.FILES or None, initial={"percent": latest})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_post(
                user=_viewer(request),
                task=subject if isinstance(subject, Task) else None,
                project=subject if isinstance(subject, FeatureProject) else None,
                text=data["text"],
                percent=data["percent"],
                files=[*data["photos"], *data["attachments"]],
            )
        except ValidationError as error:
            attach_errors(form, error, field_map={"files": "attachments"})
        else:
            messages.success(request, _("Progress reported."))
            return None
    template = "plans/task_update_form.html" if isinstance(subject, Task) else "plans/project_update_form.html"
    return render(request, template, {"form": form, "subject": subject, "latest_percent": latest})


@login_required
def update_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = _viewer(request)
    task = _task_get(user, pk)
    if not policies.can_report_on_task(user, task):
        raise PermissionDenied
    return _update_form_page(request, subject=task, updates=task.updates.all()) or redirect(
        "plans:task_detail", pk=task.pk
    )


@login_required
@require_POST
def comment_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = _viewer(request)
    task = _task_get(user, pk)
    if not policies.can_comment(user, task):
        raise PermissionDenied
    form = CommentForm(request.POST, updates=task.updates.all())
    if form.is_valid():
        data = form.cleaned_data
        try:
            comment = services.comment_post(
                user=user, task=task, text=data["text"], kind=data["kind"], update=data["update"]
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Instruction sent.") if comment.is_open_instruction else _("Comment posted."))
            return redirect(reverse("plans:task_detail", args=[task.pk]) + f"#comment-{comment.pk}")
    return render(request, "plans/task_detail.html", _task_context(user, task, comment_form=form))


@login_required
def instruction_answer(request: HttpRequest, pk: int) -> HttpResponse:
    user = _viewer(request)
    try:
        comment = (
            Comment.objects.filter(kind=CommentKind.INSTRUCTION, task__in=policies.task_scope(user))
            .select_related("task__plan__unit", "author__person__unit")
            .get(pk=pk)
        )
    except Comment.DoesNotExist as exc:
        raise Http404 from exc
    if not policies.can_report_on_task(user, comment.task):
        raise PermissionDenied
    if not comment.is_open_instruction:
        messages.info(request, _("This instruction has already been answered."))
        return redirect("plans:task_detail", pk=comment.task_id)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.instruction_answer(user=user, comment=comment, answer=form.cleaned_data["answer"])
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Answer sent."))
            return redirect("plans:task_detail", pk=comment.task_id)
    comment.author_name = policies.Naming(user).user_name(comment.author, comment.task.plan)  # type: ignore[attr-defined]
    return render(request, "plans/task_answer_form.html", {"form": form, "comment": comment, "task": comment.task})


@login_required
@require_POST
def task_accept(request: HttpRequest, pk: int) -> HttpResponse:
    user = _viewer(request)
    task = _task_get(user, pk)
    if not policies.can_accept(user, task):
        raise PermissionDenied
    try:
        services.task_accept(user=user, task=task)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Task accepted as done."))
    return redirect("plans:task_detail", pk=task.pk)


# --- attachments ----------------------------------------------------------------------------------


def _attachment_get(user: User, pk: int) -> UpdateAttachment:
    """An attachment is visible exactly where the task or project of its update is."""
    visible = Q(update__task__in=policies.task_scope(user)) | Q(
        update__feature_project__in=policies.feature_project_scope(user)
    )
    try:
        return UpdateAttachment.objects.filter(visible).get(pk=pk)
    except UpdateAttachment.DoesNotExist as exc:
        raise Http404 from exc


def _thumbnail(attachment: UpdateAttachment) -> bytes | None:
    try:
        with attachment.file.open("rb") as handle, Image.open(handle) as original:
            original.draft("RGB", (THUMBNAIL_PIXELS, THUMBNAIL_PIXELS))  # a JPEG decodes at a fraction of its size
            image = ImageOps.exif_transpose(original)  # phones store portrait photos rotated
            image.thumbnail((THUMBNAIL_PIXELS, THUMBNAIL_PIXELS))
            buffer = io.BytesIO()
            image.convert("RGB").save(buffer, "JPEG", quality=80)
    except (UnidentifiedImageError, OSError):
        return None
    return buffer.getvalue()


@login_required
def attachment(request: HttpRequest, pk: int) -> HttpResponseBase:
    item = _attachment_get(_viewer(request), pk)
    name = PurePath(item.file.name or "").name
    thumbnail = _thumbnail(item) if item.is_photo and request.GET.get("size") == "thumb" else None
    if thumbnail is not None:
        response: HttpResponseBase = HttpResponse(thumbnail, content_type="image/jpeg")
    else:
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        response = FileResponse(
            item.file.open("rb"), as_attachment=not item.is_photo, filename=name, content_type=content_type
        )
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- feature projects -----------------------------------------------------------------------------


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _viewer(request)
    project = _project_get(user, pk)
    updates = _updates(project.updates.all(), policies.Naming(user), project.plan)
    context = {
        "project": project,
        "plan": project.plan,
        "responsible_units": list(project.responsible_units.all()),
        "responsible_departments": list(project.responsible_departments.all()),
        "liaison_departments": list(project.liaison_departments.all()),
        "updates": updates,
        "latest_percent": updates[0].percent if updates else None,
        "can_report": policies.can_report_on_project(user, project),
    }
    return render(request, "plans/project_detail.html", context)


@login_required
def project_update_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = _viewer(request)
    project = _project_get(user, pk)
    if not policies.can_report_on_project(user, project):
        raise PermissionDenied
    return _update_form_page(request, subject=project, updates=project.updates.all()) or redirect(
        "plans:project_detail", pk=project.pk
    )


@login_required
def project_declare(request: HttpRequest, pk: int) -> HttpResponse:
    user = _viewer(request)
    plan = selectors.plan_get(user=user, pk=pk)
    units = declarable_units(user, plan)
    if not units.exists():
        raise PermissionDenied
    form = ProjectDeclareForm(request.POST or None, units=units, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = services.feature_project_declare(
                user=user,
                plan=plan,
                unit=data["unit"],
                level=data["level"],
                name=data["name"],
                targets=data["targets"],
                department=data.get("department"),
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Feature project declared."))
            return redirect("plans:project_detail", pk=project.pk)
    return render(request, "plans/project_declare.html", {"form": form, "plan": plan})
