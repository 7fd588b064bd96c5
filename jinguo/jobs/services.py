"""Starting and running jobs. `job_run` is what the Celery task calls; it is safe to call twice."""

import logging
import uuid
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jinguo.audit.models import AuditAction
from jinguo.audit.services import audit_record
from jinguo.jobs import registry
from jinguo.jobs.models import Job, JobStatus
from jinguo.jobs.progress import Progress
from jinguo.org import policies as org_policies
from jinguo.org.models import OrgUnit

logger = logging.getLogger(__name__)


def _stored_name(upload: File) -> str:
    """A random name with the upload's extension: user file names stay out of storage paths."""
    suffix = PurePath(upload.name or "").suffix.lower()[:10]
    return f"{uuid.uuid4().hex}{suffix}"


def job_start(
    *,
    kind: str,
    user,
    unit: OrgUnit,
    input_file: File | None = None,
    params: dict[str, Any] | None = None,  # type: ignore[no-untyped-def]
) -> Job:
    """Save a queued job and queue its task once the job row is committed."""
    job_kind = registry.kind_of(kind)
    if not org_policies.units.can(user, job_kind.action, unit):
        raise PermissionDenied
    job = Job(
        kind=kind,
        created_by=user,
        unit=unit,
        params=dict(params or {}),
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    with transaction.atomic():
        if input_file is not None:
            job.params.setdefault("filename", PurePath(input_file.name or "").name)
            job.input_file.save(_stored_name(input_file), input_file, save=False)
        job.save()
        audit_record(actor=user, instance=job, action=AuditAction.CREATE)
        transaction.on_commit(lambda: _queue(job.pk))
    return job


def _queue(job_id: int) -> None:
    from jinguo.jobs.tasks import run_job  # the task module imports this one

    run_job.delay(job_id)


def job_run(*, job_id: int) -> None:
    """Claim the job and run its handler; a finished (or missing) job is left alone."""
    job = _claim(job_id)
    if job is None:
        return
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            _execute(job)
        except Exception:
            # The handler's writes were rolled back; the user sees a plain message, the log the cause.
            logger.exception("job %s (%s) failed", job.pk, job.kind)
            _fail(job)


def _fail(job: Job) -> None:
    message = _("The job failed unexpectedly. Nothing was saved; please try again or contact an administrator.")
    with transaction.atomic():
        if _still_ours(job):
            _finish(job, registry.JobOutcome(succeeded=False, message=message))


@transaction.atomic
def _claim(job_id: int) -> Job | None:
    job = Job.objects.select_for_update().filter(pk=job_id).first()
    if job is None or job.is_finished:
        return None
    # A job still marked running was cut off (worker lost): its writes were rolled back, so run it again.
    job.status = JobStatus.RUNNING
    job.attempt += 1
    job.progress_done = 0
    job.started_at = timezone.now()
    job.save(update_fields=["status", "attempt", "progress_done", "started_at"])
    return job


def _execute(job: Job) -> None:
    handled = registry.kind_of(job.kind).handler(job, Progress(job))
    with transaction.atomic():
        if not _still_ours(job):
            return
        outcome = handled.apply() if isinstance(handled, registry.Commit) else handled
        _finish(job, outcome)


def _still_ours(job: Job) -> bool:
    """Lock the job row; true if no other delivery has claimed or finished it meanwhile."""
    locked = Job.objects.select_for_update().filter(pk=job.pk, attempt=job.attempt, status=JobStatus.RUNNING)
    return bool(list(locked.values_list("pk", flat=True)))


def _finish(job: Job, outcome: registry.JobOutcome) -> None:
    job.status = JobStatus.SUCCEEDED if outcome.succeeded else JobStatus.FAILED
    job.message = outcome.message
    job.summary = outcome.summary
    job.finished_at = timezone.now()
    if outcome.succeeded:
        job.progress_done = job.progress_total
    fields = ["status", "message", "summary", "finished_at", "progress_done"]
    if outcome.result is not None:
        suffix = PurePath(outcome.result.name).suffix.lower()
        job.result_file.save(f"job-{job.pk}{suffix}", ContentFile(outcome.result.content), save=False)
        job.result_name = outcome.result.name
        fields += ["result_file", "result_name"]
    if job.input_file:
        # The upload may hold ID numbers: keep it no longer than the job needs it.
        transaction.on_commit(_file_remover(job.input_file.storage, job.input_file.name or ""))
        job.input_file = ""
        fields.append("input_file")
    job.save(update_fields=fields)


def _file_remover(storage, name: str):  # type: ignore[no-untyped-def]
    return lambda: storage.delete(name)
