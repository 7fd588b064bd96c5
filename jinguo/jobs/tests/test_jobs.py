"""The job runner: queued after commit, one transaction per run, safe to run twice, scoped visibility."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from jinguo.access.roles import Action
from jinguo.jobs import registry
from jinguo.jobs.models import Job, JobStatus
from jinguo.jobs.policies import jobs as job_policy
from jinguo.jobs.progress import Progress
from jinguo.jobs.selectors import job_list
from jinguo.jobs.services import job_run, job_start
from jinguo.org.models import Department

pytestmark = pytest.mark.django_db

KIND = "tests.make_department"


class Calls:
    def __init__(self) -> None:
        self.count = 0
        self.fail_in_commit = False
        self.refuse = False
        self.during_check = None  # a hook run while the handler checks


@pytest.fixture
def calls():  # type: ignore[no-untyped-def]
    """A throw-away kind: counts its runs, then creates one department in its commit."""
    state = Calls()

    def handler(job: Job, progress: Progress) -> registry.JobOutcome | registry.Commit:
        state.count += 1
        progress.start(4)
        progress.advance(2, force=True)
        if state.during_check:
            hook, state.during_check = state.during_check, None
            hook(job)
        if state.refuse:
            return registry.JobOutcome(False, "refused", {"errors": 1}, registry.ResultFile("errors.xlsx", b"list"))

        def apply() -> registry.JobOutcome:
            Department.objects.create(unit=job.unit, name=f"{job.params['name']} {job.attempt}")
            if state.fail_in_commit:
                raise RuntimeError("boom")
            return registry.JobOutcome(True, "made", {"created": 1})

        return registry.Commit(apply)

    registry.register(KIND, action=Action.MANAGE_UNITS)(handler)
    yield state
    registry.unregister(KIND)


@pytest.fixture
def county(world):  # type: ignore[no-untyped-def]
    return world.unit("鲤城区妇联")


@pytest.fixture
def admin(world):  # type: ignore[no-untyped-def]
    return world.user("huangyufang")


def _start(capture, admin, county, *, execute: bool = True, queued: list | None = None) -> Job:  # type: ignore[no-untyped-def, type-arg]
    upload = SimpleUploadedFile("名单.xlsx", b"content")
    with capture(execute=execute) as callbacks:
        job = job_start(kind=KIND, user=admin, unit=county, input_file=upload, params={"name": "试验部"})
    if queued is not None:
        queued.extend(callbacks)
    job.refresh_from_db()
    return job


def test_queued_after_commit_and_not_before(calls, admin, county, django_capture_on_commit_callbacks):
    queued: list = []  # type: ignore[type-arg]
    job = _start(django_capture_on_commit_callbacks, admin, county, execute=False, queued=queued)

    assert (job.status, calls.count, len(queued)) == (JobStatus.QUEUED, 0, 1)
    assert job.params == {"name": "试验部", "filename": "名单.xlsx"}
    stored = job.input_file.name or ""
    assert stored.startswith("jobs/input/") and stored.endswith(".xlsx") and "名单" not in stored


def test_a_run_commits_its_writes_and_its_status_together(calls, admin, county, django_capture_on_commit_callbacks):
    job = _start(django_capture_on_commit_callbacks, admin, county)

    assert (job.status, job.message, job.summary, job.attempt) == (JobStatus.SUCCEEDED, "made", {"created": 1}, 1)
    assert (job.progress_done, job.progress_total, job.percent) == (4, 4, 100)
    assert job.started_at and job.finished_at and job.started_at <= job.finished_at
    assert Department.objects.filter(unit=county, name="试验部 1").count() == 1
    assert not job.input_file


def test_a_job_run_twice_does_nothing_the_second_time(calls, admin, county, django_capture_on_commit_callbacks):
    job = _start(django_capture_on_commit_callbacks, admin, county)
    finished = (job.status, job.finished_at, job.attempt)

    job_run(job_id=job.pk)
    job.refresh_from_db()

    assert calls.count == 1
    assert (job.status, job.finished_at, job.attempt) == finished
    assert Department.objects.filter(unit=county, name__startswith="试验部").count() == 1


def test_a_duplicate_delivery_cannot_commit_twice(calls, admin, county, django_capture_on_commit_callbacks):
    """While one delivery checks, a second one claims the job and finishes it: the first writes nothing."""
    calls.during_check = lambda job: job_run(job_id=job.pk)
    job = _start(django_capture_on_commit_callbacks, admin, county)

    assert (job.status, job.attempt, calls.count) == (JobStatus.SUCCEEDED, 2, 2)
    assert list(Department.objects.filter(name__startswith="试验部").values_list("name", flat=True)) == ["试验部 2"]


def test_a_job_cut_off_while_running_runs_again(calls, admin, county, django_capture_on_commit_callbacks):
    job = _start(django_capture_on_commit_callbacks, admin, county, execute=False)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempt=1)  # the worker died mid-run

    job_run(job_id=job.pk)
    job.refresh_from_db()

    assert (job.status, job.attempt) == (JobStatus.SUCCEEDED, 2)
    assert Department.objects.filter(name__startswith="试验部").count() == 1


def test_a_failure_in_the_commit_saves_nothing(calls, admin, county, django_capture_on_commit_callbacks):
    calls.fail_in_commit = True
    job = _start(django_capture_on_commit_callbacks, admin, county)

    assert job.status == JobStatus.FAILED
    with translation.override(job.language):
        assert job.message == _(
            "The job failed unexpectedly. Nothing was saved; please try again or contact an administrator."
        )
    assert not Department.objects.filter(name__startswith="试验部").exists()


def test_a_refusal_keeps_its_result_file(calls, admin, county, django_capture_on_commit_callbacks):
    calls.refuse = True
    job = _start(django_capture_on_commit_callbacks, admin, county)

    assert (job.status, job.message, job.result_name) == (JobStatus.FAILED, "refused", "errors.xlsx")
    with job.result_file.open("rb") as result:
        assert result.read() == b"list"
    assert (job.result_file.name or "").startswith(f"jobs/result/{job.finished_at:%Y/%m}/job-{job.pk}")
    assert not Department.objects.filter(name__startswith="试验部").exists()


def test_starting_needs_the_kinds_action_over_the_unit(calls, world, county, django_capture_on_commit_callbacks):
    jobs_before = Job.objects.count()
    with pytest.raises(PermissionDenied):
        _start(django_capture_on_commit_callbacks, world.user("wangshaorong"), county)  # another county's admin
    assert Job.objects.count() == jobs_before


def test_unknown_kind_is_refused(admin, county):
    with pytest.raises(LookupError):
        job_start(kind="no.such.kind", user=admin, unit=county)


def test_visible_to_its_creator_and_to_those_whose_reach_covers_its_unit(
    calls, admin, world, county, django_capture_on_commit_callbacks
):
    job = _start(django_capture_on_commit_callbacks, admin, county)
    city_admin, sibling_admin = world.user("liuweihong"), world.user("wangshaorong")

    assert job_policy.get(admin, job.pk) == job
    assert job_policy.get(city_admin, job.pk) == job
    with pytest.raises(Http404):
        job_policy.get(sibling_admin, job.pk)
    assert job in job_list(user=city_admin, kinds=[KIND])
    assert job not in job_list(user=sibling_admin)
    assert (job_policy.can(admin, Action.VIEW, job), job_policy.can(sibling_admin, Action.VIEW, job)) == (True, False)


def test_progress_writes_are_throttled_but_forced_ones_land(calls, admin, county, django_capture_on_commit_callbacks):
    job = _start(django_capture_on_commit_callbacks, admin, county, execute=False)
    progress = Progress(job)
    progress.start(100)
    progress.advance(10)  # within the interval: kept in memory only
    job.refresh_from_db()
    assert (job.progress_done, job.progress_total, job.percent) == (0, 100, 0)
    progress.advance(40, force=True)
    job.refresh_from_db()
    assert (job.progress_done, job.percent) == (40, 40)
