"""The demo reports: seed 000's campaign monthly report and seed 004's Lixia information report, filled
as the months went (on time, late, missing, returned, accepted, highlights); loading again adds nothing."""

import datetime
from collections import Counter
from decimal import Decimal

import pytest
from django.db.models import Count
from django.utils import timezone

from jinguo.org.models import Department, DepartmentKind, OrgUnit, UnitLevel
from jinguo.reporting.demo import texts
from jinguo.reporting.demo.loader import load_reporting_demo
from jinguo.reporting.models import (
    REPORTED,
    FieldType,
    ReportDefinition,
    ReportField,
    ReportTarget,
    ReviewAction,
    ReviewEvent,
    Submission,
    SubmissionPhoto,
    SubmissionStatus,
)
from jinguo.reporting.periods import DueRule, Frequency
from jinguo.reporting.values import check_values

pytestmark = pytest.mark.django_db

CAMPAIGN_MONTHS = [f"2012-{month}" for month in ("10", "11", "12")] + [f"2013-{month:02d}" for month in range(1, 9)]
LIXIA_MONTHS = ["2013-11", "2013-12", "2014-01", "2014-02", "2014-03", "2014-04"]
SENT = (*REPORTED, SubmissionStatus.RETURNED)
REVIEW_OF: dict[str, str] = {
    SubmissionStatus.ACCEPTED: ReviewAction.ACCEPT,
    SubmissionStatus.RETURNED: ReviewAction.RETURN,
}


def _campaign() -> ReportDefinition:
    return ReportDefinition.objects.get(name=texts.CAMPAIGN_REPORT)


def _lixia() -> ReportDefinition:
    return ReportDefinition.objects.get(name=texts.LIXIA_REPORT)


def _statuses(definition: ReportDefinition) -> dict[str, int]:
    rows = Submission.objects.filter(definition=definition).values_list("status").annotate(count=Count("pk"))
    return dict(rows.order_by())


# --- the campaign's monthly report (seed 000) ----------------------------------------------------------


def test_the_campaign_report_is_defined_as_the_plan_asks(world):
    definition = _campaign()

    assert (definition.owner.name, definition.plan and definition.plan.doc_number) == ("泉州市妇联", "泉妇〔2012〕39号")
    assert (definition.frequency, definition.first_day, definition.last_day) == (
        Frequency.MONTHLY,
        datetime.date(2012, 10, 1),
        datetime.date(2013, 8, 31),
    )
    assert (definition.due_rule, definition.due_value, definition.grace_days) == (DueRule.DAY_OF_NEXT_MONTH, 1, 2)
    fields = ReportField.objects.filter(definition=definition).values_list("label", "type", "required", "min_value")
    assert list(fields) == [
        ("本月主要工作", FieldType.LONG_TEXT, True, None),
        ("开展活动", FieldType.INTEGER, False, Decimal(0)),
        ("参与妇女", FieldType.INTEGER, False, Decimal(0)),
        ("活动照片", FieldType.PHOTOS, True, None),
    ]


def test_every_county_level_unit_and_city_department_is_expected_every_month(world):
    city = world.unit("泉州市妇联")
    rows = Submission.objects.filter(definition=_campaign())
    counties = set(
        OrgUnit.objects.filter(path__startswith=city.path, level=UnitLevel.COUNTY).values_list("pk", flat=True)
    )
    departments = set(Department.objects.filter(unit=city, kind=DepartmentKind.DEPARTMENT).values_list("pk", flat=True))

    assert set(rows.filter(department__isnull=True).values_list("unit_id", flat=True)) == counties
    assert set(rows.exclude(department__isnull=True).values_list("department_id", flat=True)) == departments
    assert (len(counties), len(departments)) == (13, 7)
    assert Counter(rows.values_list("period", flat=True)) == dict.fromkeys(CAMPAIGN_MONTHS, 20)


def test_the_campaign_months_went_as_months_do(world):
    rows = Submission.objects.filter(definition=_campaign())

    assert _statuses(_campaign()) == {"accepted": 106, "submitted": 87, "returned": 10, "draft": 5, "missing": 12}
    assert rows.filter(is_late=True).count() == 36
    assert rows.filter(is_late=False).count() == 203 - 36
    assert list(rows.filter(is_highlight=True).values_list("status", flat=True)) == ["accepted", "accepted"]
    assert all(row.highlight_note for row in rows.filter(is_highlight=True))


def test_times_agree_with_due_dates_and_history(world):
    rows = list(Submission.objects.filter(definition=_campaign()).prefetch_related("events"))

    for row in rows:
        actions = [event.action for event in row.events.all()]
        if row.status in SENT:
            assert row.first_submitted_at == row.submitted_at and row.submitted_by_id is not None
            assert row.is_late == (timezone.localdate(row.first_submitted_at) > row.late_after)
            assert actions[0] == ReviewAction.SUBMIT and row.events.all()[0].created_at == row.submitted_at
        else:
            assert (row.first_submitted_at, row.is_late, actions) == (None, None, [])
        if row.status in REVIEW_OF:
            assert row.reviewed_at is not None and row.submitted_at is not None
            assert row.reviewed_at > row.submitted_at and actions[1] == REVIEW_OF[row.status]
    returns = ReviewEvent.objects.filter(submission__definition=_campaign(), action=ReviewAction.RETURN)
    assert returns.count() == 10 and all(event.comment for event in returns)


def test_sent_reports_are_complete_valid_and_read_differently(world):
    definition = _campaign()
    fields, rules = list(definition.fields.all()), list(definition.rules.all())
    sent = list(Submission.objects.filter(definition=definition, status__in=SENT))

    for row in sent:
        assert check_values(fields, rules, row.values, uploads={"photos": 1}, final=True).errors == {}
    summaries = [row.values["summary"] for row in sent]
    assert len(set(summaries)) == len(summaries) == 203
    assert not any("lorem" in summary.lower() for summary in summaries)
    photos = SubmissionPhoto.objects.filter(submission__definition=definition)
    assert photos.count() == 203 and set(photos.values_list("submission", flat=True)) == {row.pk for row in sent}
    photo = photos.first()
    assert photo is not None and photo.image.name and photo.thumbnail.name and photo.caption
    assert photo.image.size == photo.size and (photo.width, photo.height) == (240, 160)


# --- Lixia's monthly information report (seed 004) ----------------------------------------------------


def test_the_lixia_report_asks_each_street_for_two_items_a_month(world):
    definition, lixia = _lixia(), world.unit("历下区妇联")
    target = ReportTarget.objects.get(definition=definition)
    streets = set(OrgUnit.objects.get_children(lixia).values_list("pk", flat=True))
    rows = Submission.objects.filter(definition=definition)

    assert (definition.owner, target.unit, target.below, target.level) == (lixia, lixia, True, UnitLevel.TOWNSHIP)
    items = definition.fields.get(key="items")
    assert (items.type, items.min_value, items.required) == (FieldType.INTEGER, Decimal(2), True)
    assert set(rows.values_list("unit_id", flat=True)) == streets and len(streets) == 2
    assert sorted(set(rows.values_list("period", flat=True))) == LIXIA_MONTHS
    assert _statuses(definition) == {"accepted": 8, "submitted": 3, "returned": 1}
    for row in rows.filter(status__in=SENT):
        assert int(row.values["items"]) >= 2
        assert len(row.values["titles"].splitlines()) == int(row.values["items"])


def test_loading_again_adds_nothing(world):
    def counts() -> tuple[int, ...]:
        return tuple(
            model.objects.count()
            for model in (ReportDefinition, ReportTarget, ReportField, Submission, SubmissionPhoto, ReviewEvent)
        )

    before = counts()
    load_reporting_demo()
    assert counts() == before
