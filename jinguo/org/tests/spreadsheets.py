"""Building spreadsheets and running import jobs in tests."""

import csv
import io
from collections.abc import Callable, Sequence

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from jinguo.core.validators import id_number_check_char
from jinguo.jobs.models import Job
from jinguo.jobs.services import job_start
from jinguo.org.excel.columns import PERSON_COLUMNS, UNIT_COLUMNS, titles

PEOPLE_HEADER = titles(PERSON_COLUMNS)
UNITS_HEADER = titles(UNIT_COLUMNS)


def id_number(serial: int, *, area: str = "350502", birth: str = "19900101") -> str:
    """A valid 18-digit ID number (GB 11643 check character) that differs by `serial`."""
    first17 = f"{area}{birth}{serial:03d}"
    return first17 + id_number_check_char(first17)


def xlsx_bytes(rows: Sequence[Sequence[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: Sequence[Sequence[object]], *, encoding: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def workbook_rows(content: bytes) -> list[tuple[object, ...]]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def result_rows(job: Job) -> list[tuple[object, ...]]:
    with job.result_file.open("rb") as result:
        return workbook_rows(result.read())


def run_job(
    capture: Callable,
    *,
    kind: str,
    user,
    unit,
    filename: str | None = None,  # type: ignore[no-untyped-def, type-arg]
    content: bytes = b"",
) -> Job:
    """Start a job the way the page does and run it as the after-commit hook would."""
    upload = SimpleUploadedFile(filename, content) if filename else None
    with capture(execute=True):
        job = job_start(kind=kind, user=user, unit=unit, input_file=upload)
    job.refresh_from_db()
    return job
