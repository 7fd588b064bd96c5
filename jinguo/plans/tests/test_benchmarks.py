"""`bench plans` builds a province campaign at the size asked and reads it as the pages do."""

import random
from io import StringIO

import pytest
from django.core.management import call_command

from jinguo.org.models import UnitLevel
from jinguo.plans import benchmarks
from jinguo.plans.models import FeatureProject, Plan, ProgressUpdate

pytestmark = pytest.mark.django_db


def test_a_province_has_the_participants_asked_for_in_its_shape():
    fanouts = benchmarks.province_fanouts(31_000, random.Random(0))

    assert fanouts[:3] == [[1], [11], fanouts[2]] and sum(fanouts[2]) == 99
    assert [sum(level) for level in fanouts[1:]] == [11, 99, 1_386, 29_504]


def test_too_few_units_for_a_province_is_refused():
    with pytest.raises(ValueError, match="too few"):
        benchmarks.province_fanouts(3, random.Random(0))


def test_bench_plans_runs_end_to_end_at_tiny_size():
    out = StringIO()
    call_command("bench", "plans", units=80, runs=2, warmup=1, stdout=out, stderr=StringIO())

    report = out.getvalue()
    plan = Plan.objects.get(title__startswith=benchmarks.ROOT_NAME)
    projects = FeatureProject.objects.filter(plan=plan)
    assert plan.participant_rows.count() == projects.count() == 80
    assert ProgressUpdate.objects.filter(feature_project__plan=plan).count() == 80 * benchmarks.UPDATES_PER_PROJECT
    assert not projects.filter(progress=0, reported_at__isnull=True).exists()  # the kept progress is filled
    assert plan.tasks.filter(is_category=False).count() == 17
    for name in (
        "dashboard roll-up: province",
        "county's view of its subtree: page",
        "my tasks: a county administrator",
    ):
        line = next(line for line in report.splitlines() if line.startswith(name))
        assert "PASS" in line, line
    assert plan.participants.filter(level=UnitLevel.VILLAGE).exists()
