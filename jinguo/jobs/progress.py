"""Progress reports from a running handler, written straight to the job row (outside any transaction)."""

import time

from jinguo.jobs.models import Job

# Write at most this often: a 30,000-row import must not do 30,000 UPDATEs.
MIN_INTERVAL_SECONDS = 0.5


class Progress:
    def __init__(self, job: Job) -> None:
        self._job = job
        self._last_write = 0.0

    def start(self, total: int) -> None:
        self._write(0, total)

    def advance(self, done: int, *, force: bool = False) -> None:
        if force or time.monotonic() - self._last_write >= MIN_INTERVAL_SECONDS:
            self._write(done, self._job.progress_total)

    def _write(self, done: int, total: int) -> None:
        self._job.progress_done, self._job.progress_total = done, total
        # Filtered by attempt: a stale delivery of the task cannot move a newer run's bar.
        Job.objects.filter(pk=self._job.pk, attempt=self._job.attempt).update(progress_done=done, progress_total=total)
        self._last_write = time.monotonic()
