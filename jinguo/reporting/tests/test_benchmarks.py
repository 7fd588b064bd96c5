"""`bench reporting` builds a province's year of monthly reports at the size asked and reads it as the pages do."""

from io import StringIO

import pytest
from django.core.management import call_command

from jinguo.reporting import benchmarks
from jinguo.reporting.expected import ensure_expected
from jinguo.reporting.models import ReportDefinition, Submission, SubmissionPhoto, SubmissionStatus

pytestmark = pytest.mark.django_db


def test_bench_reporting_runs_end_to_end_at_tiny_size():
    out = StringIO()
    call_command("bench", "reporting", units=80, runs=2, warmup=1, stdout=out, stderr=StringIO())

    report = out.getvalue()
    definition = ReportDefinition.objects.get(name__startswith=benchmarks.ROOT_NAME)
    submissions = Submission.objects.filter(definition=definition)
    assert submissions.count() == 80 * benchmarks.MONTHS
    assert ensure_expected(definition) == 0  # the rows are those the daily job would have made
    filled = submissions.exclude(status=SubmissionStatus.MISSING).count()
    assert SubmissionPhoto.objects.filter(submission__definition=definition).count() == 3 * filled
    assert not submissions.filter(status=SubmissionStatus.SUBMITTED, is_late__isnull=True).exists()
    assert submissions.filter(status=SubmissionStatus.DRAFT).exists()  # every send was rolled back
    for name in (
        "rates by prefecture, a month: page",
        "county matrix, 12 months: page",
        "submit a report: services.submit",
        "submit a report: page POST",
    ):
        line = next(line for line in report.splitlines() if line.startswith(name))
        assert "PASS" in line, line
    assert "ratio to the bare SQL" in report
