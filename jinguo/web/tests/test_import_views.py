"""The import & export page: upload checks next to the file field, job panel, downloads, access."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from jinguo.jobs.models import Job, JobStatus
from jinguo.org.excel.readers import size_limit_message
from jinguo.org.models import Person
from jinguo.org.tests.spreadsheets import PEOPLE_HEADER, UNITS_HEADER, workbook_rows, xlsx_bytes

pytestmark = pytest.mark.django_db

GOOD = [PEOPLE_HEADER, ["陈美玲", "女", "13905951201", "", "执委", "350502", "", ""]]
BAD = [*GOOD, ["林秀英", "女", "12345", "", "", "350502", "", ""]]


@pytest.fixture
def county(world):  # type: ignore[no-untyped-def]
    return world.unit("鲤城区妇联")


@pytest.fixture
def client_of(client):  # type: ignore[no-untyped-def]
    def log_in(user):  # type: ignore[no-untyped-def]
        client.force_login(user)
        return client

    return log_in


def _upload(client, county, name: str, content: bytes, what: str = "people", **extra):  # type: ignore[no-untyped-def]
    data = {"what": what, "unit": county.pk, "file": SimpleUploadedFile(name, content)}
    return client.post(reverse("org:import"), data, **extra)


def test_page_offers_the_importers_units(client_of, world, county):
    response = client_of(world.user("huangyufang")).get(reverse("org:import"))

    assert response.status_code == 200
    assert list(response.context["import_form"].fields["unit"].queryset) == [county]
    assert response.context["export_form"].fields["unit"].queryset.count() == 3  # the county and its townships


def test_a_good_upload_runs_and_shows_its_result(client_of, world, county, django_capture_on_commit_callbacks):
    client = client_of(world.user("huangyufang"))
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, county, "people.xlsx", xlsx_bytes(GOOD))
    job = Job.objects.latest("id")

    assert response.status_code == 302 and response.url == reverse("org:import_job", args=[job.pk])
    assert job.status == JobStatus.SUCCEEDED and Person.objects.filter(name="陈美玲").count() == 1
    page = client.get(response.url)
    assert page.context["job"] == job and job.message in page.content.decode()
    fragment = client.get(response.url, headers={"HX-Request": "true"})
    assert [t.name for t in fragment.templates][0] == "org/_job_status.html"
    assert "hx-trigger" not in fragment.content.decode()  # finished: no more polling


def test_a_running_job_panel_polls(client_of, world, county, django_capture_on_commit_callbacks):
    client = client_of(world.user("huangyufang"))
    with django_capture_on_commit_callbacks(execute=False):
        _upload(client, county, "people.xlsx", xlsx_bytes(GOOD))
    job = Job.objects.latest("id")

    fragment = client.get(reverse("org:import_job", args=[job.pk]), headers={"HX-Request": "true"})
    assert 'hx-trigger="every 1s"' in fragment.content.decode()


def test_bad_rows_give_a_downloadable_list(client_of, world, county, django_capture_on_commit_callbacks):
    client = client_of(world.user("huangyufang"))
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, county, "people.xlsx", xlsx_bytes(BAD))
    job = Job.objects.latest("id")

    assert job.status == JobStatus.FAILED and not Person.objects.filter(name="陈美玲").exists()
    page = client.get(response.url).content.decode()
    assert reverse("org:import_job_download", args=[job.pk]) in page
    download = client.get(reverse("org:import_job_download", args=[job.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    assert [row[:2] for row in workbook_rows(b"".join(download.streaming_content))] == [("行", "列"), (3, "手机号")]


@pytest.mark.parametrize(
    ("name", "content", "what"),
    [
        ("people.pdf", b"%PDF-1.4", "people"),
        ("people.xlsx", xlsx_bytes(GOOD), "units"),
    ],
)
def test_unreadable_uploads_are_refused_next_to_the_field(client_of, world, county, name, content, what):
    response = _upload(client_of(world.user("huangyufang")), county, name, content, what=what)

    assert response.status_code == 400
    assert response.context["import_form"].errors["file"]
    assert 'class="invalid-feedback d-block"' in response.content.decode()
    assert not Job.objects.exists()


def test_an_oversize_upload_is_refused_before_reading(client_of, world, county, settings):
    settings.JINGUO_IMPORT_MAX_BYTES = 1024
    response = _upload(client_of(world.user("huangyufang")), county, "people.csv", b"x" * 2048)

    assert response.status_code == 400
    with translation.override("zh-hans"):
        assert response.context["import_form"].errors["file"] == [size_limit_message()]


def test_templates_download(client_of, world):
    client = client_of(world.user("huangyufang"))
    units = client.get(reverse("org:import_template_units"))
    people = client.get(reverse("org:import_template_people"))

    assert workbook_rows(b"".join(units.streaming_content)) == [tuple(UNITS_HEADER)]
    assert workbook_rows(b"".join(people.streaming_content)) == [tuple(PEOPLE_HEADER)]


def test_export_runs_as_a_job(client_of, world, county, django_capture_on_commit_callbacks):
    client = client_of(world.user("huangyufang"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("org:export"), {"what": "units", "unit": county.pk})
    job = Job.objects.latest("id")

    assert response.status_code == 302 and job.status == JobStatus.SUCCEEDED
    download = client.get(reverse("org:import_job_download", args=[job.pk]))
    assert len(workbook_rows(b"".join(download.streaming_content))) == 8


def test_someone_elses_job_is_not_found(client_of, world, county, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client_of(world.user("huangyufang")), county, "people.xlsx", xlsx_bytes(BAD))
    job = Job.objects.latest("id")
    other = client_of(world.user("wangshaorong"))

    assert other.get(reverse("org:import_job", args=[job.pk])).status_code == 404
    assert other.get(reverse("org:import_job_download", args=[job.pk])).status_code == 404


def test_people_without_a_managing_grant_may_not_import(client_of, world, county):
    client = client_of(world.user_of("梁玉华"))  # a leader: sees, does not manage

    assert client.get(reverse("org:import")).status_code == 403
    assert _upload(client, county, "people.xlsx", xlsx_bytes(GOOD)).status_code == 403


def test_recent_jobs_list_takes_the_same_queries_for_one_or_ten(client_of, world, county):
    def page_queries(count: int) -> int:
        Job.objects.all().delete()
        Job.objects.bulk_create(
            [Job(kind="org.export_units", created_by=world.user("huangyufang"), unit=county) for _ in range(count)]
        )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("org:import")).status_code == 200
        return len(queries)

    client = client_of(world.user("huangyufang"))
    assert page_queries(1) == page_queries(10)
