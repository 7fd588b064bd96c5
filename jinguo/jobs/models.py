"""Background jobs: long work (imports, exports, runs) with a progress bar and a result file."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


FINISHED_STATUSES = frozenset({JobStatus.SUCCEEDED, JobStatus.FAILED})


class Job(models.Model):
    """One run of a registered job kind, started by a user for a unit (which scopes who may see it)."""

    kind = models.CharField(_("kind"), max_length=64, db_index=True)
    status = models.CharField(_("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress_done = models.PositiveIntegerField(_("done"), default=0)
    progress_total = models.PositiveIntegerField(_("total"), default=0)
    # Bumped on every claim: a stale or duplicate delivery of the task cannot commit over a newer one.
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jobs", verbose_name=_("created by")
    )
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.CASCADE, related_name="jobs", verbose_name=_("unit"))
    language = models.CharField(_("language"), max_length=16, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    input_file = models.FileField(_("input file"), upload_to="jobs/input/%Y/%m/", blank=True, max_length=255)
    result_file = models.FileField(_("result file"), upload_to="jobs/result/%Y/%m/", blank=True, max_length=255)
    result_name = models.CharField(_("result file name"), max_length=200, blank=True)
    message = models.TextField(_("message"), blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "-created_at"], name="jobs_job_creator_recent")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)
