"""Report reminders: each kind on its day (or a little later if the job did not run), once only,
to the unit's reporters; escalation to the leader who follows the unit (挂钩联系); nothing for
reports already sent; a fixed number of queries however many rows."""

import datetime
import io
import uuid

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from jinguo.notifications.models import Notification, NotificationKind
from jinguo.reporting.expected import ensure_expected
from jinguo.reporting.models import (
    ReminderKind,
    ReminderSent,
    ReportDefinition,
    ReportTarget,
    Submission,
    SubmissionStatus,
)
from jinguo.reporting.periods import DueRule, Frequency
from jinguo.reporting.reminders import send_reminders

pytestmark = pytest.mark.django_db

# October 2012 of the `monthly` report: due 1 November, on time until 3 November (two grace days).
BEFORE, DUE, OVERDUE, ESCALATE = (datetime.date(2012, 10, 29), datetime.date(2012, 11, 1),
                                  datetime.date(2012, 11, 4), datetime.date(2012, 11, 10))  # fmt: skip
HUIAN_REPORTERS = ["huanghuairong", "liujiajing"]  # the unit administrator and the information officer


@pytest.fixture
def october(monthly, world):  # type: ignore[no-untyped-def]
    """Only the `monthly` report is active, with its October rows; the demo's reports are set aside."""
    ReportDefinition.objects.exclude(pk=monthly.pk).update(is_active=False)
    ensure_expected(monthly, until=datetime.date(2012, 10, 31))
    return monthly


def row(definition: ReportDefinition, unit_name: str) -> Submission:
    return Submission.objects.get(definition=definition, unit__name=unit_name, department=None)


def inbox(row: Submission) -> list[tuple[str, str, str]]:
    url = reverse("reports:submission", args=[row.pk])
    notes = Notification.objects.filter(url=url).order_by("recipient__username")
    return list(notes.values_list("recipient__username", "kind", "title"))


@pytest.mark.parametrize(
    ("today", "kind", "title"),
    [
        (BEFORE, ReminderKind.BEFORE, "is due on 2012-11-01"),
        (DUE, ReminderKind.DUE, "is due today"),
        (OVERDUE, ReminderKind.OVERDUE, "is overdue"),
    ],
)
def test_each_reminder_goes_to_the_units_reporters_on_its_day(october, today, kind, title):
    with translation.override("en"):
        sent = send_reminders(today=today)

    huian = row(october, "惠安县妇联")
    assert sent == Submission.objects.filter(definition=october).count()
    assert list(huian.reminders.values_list("kind", flat=True)) == [kind]
    title = f"“{october.name}” (2012-10) {title}"
    assert inbox(huian) == [(name, NotificationKind.REPORT_REMINDER, title) for name in HUIAN_REPORTERS]


def test_no_reminder_between_the_days(october):
    for today in (BEFORE - datetime.timedelta(days=1), OVERDUE + datetime.timedelta(days=3)):
        assert send_reminders(today=today) == 0
    assert not ReminderSent.objects.exists()


def test_each_reminder_is_sent_once_however_often_the_job_runs(october):
    first = send_reminders(today=DUE)
    count = Notification.objects.count()

    assert first > 0
    assert send_reminders(today=DUE) == 0
    assert send_reminders(today=DUE + datetime.timedelta(days=1)) == 0  # a catch-up day: already sent
    assert Notification.objects.count() == count


def test_a_missed_day_is_caught_up_but_only_with_the_latest_reminder(october):
    send_reminders(today=DUE + datetime.timedelta(days=2))  # the job was down on the due day

    huian = row(october, "惠安县妇联")
    assert list(huian.reminders.values_list("kind", flat=True)) == [ReminderKind.DUE]
    assert [kind for _, kind, _ in inbox(huian)] == [NotificationKind.REPORT_REMINDER] * 2


def test_a_reminder_claimed_by_another_worker_is_not_sent_again(october):
    huian = row(october, "惠安县妇联")
    ReminderSent.objects.create(submission=huian, kind=ReminderKind.DUE, claim=uuid.uuid4())

    send_reminders(today=DUE)

    assert inbox(huian) == []
    assert inbox(row(october, "永春县妇联")) != []


@pytest.mark.parametrize("status", [SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED])
def test_a_sent_report_gets_no_reminder(october, status):
    huian = row(october, "惠安县妇联")
    Submission.objects.filter(pk=huian.pk).update(status=status)

    for today in (BEFORE, DUE, OVERDUE, ESCALATE):
        send_reminders(today=today)

    assert not huian.reminders.exists()
    assert inbox(huian) == []


def test_returned_and_draft_reports_are_reminded(october):
    Submission.objects.filter(pk=row(october, "惠安县妇联").pk).update(status=SubmissionStatus.RETURNED)
    Submission.objects.filter(pk=row(october, "永春县妇联").pk).update(status=SubmissionStatus.DRAFT)

    send_reminders(today=DUE)

    assert row(october, "惠安县妇联").reminders.count() == 1
    assert row(october, "永春县妇联").reminders.count() == 1


def test_an_inactive_definition_sends_nothing(october):
    ReportDefinition.objects.filter(pk=october.pk).update(is_active=False)
    assert send_reminders(today=DUE) == 0


def test_no_reminder_before_the_due_day_when_the_definition_asks_none(october):
    ReportDefinition.objects.filter(pk=october.pk).update(remind_days_before=0)
    assert send_reminders(today=BEFORE) == 0


def test_escalation_reaches_the_liaison_leader_only(october, world):
    with translation.override("en"):
        send_reminders(today=ESCALATE)

    huian, yongchun, licheng = (row(october, name) for name in ("惠安县妇联", "永春县妇联", "鲤城区妇联"))
    title = f"惠安县妇联 has not sent “{october.name}” (2012-10)"
    assert inbox(huian) == [("dingweihua", NotificationKind.REPORT_ESCALATION, title)]
    assert [name for name, _, _ in inbox(yongchun)] == ["dingweihua"]
    assert [name for name, _, _ in inbox(licheng)] == ["sushumian"]
    assert list(huian.reminders.values_list("kind", flat=True)) == [ReminderKind.ESCALATE]
    note = Notification.objects.get(
        recipient=world.user("dingweihua"), url=reverse("reports:submission", args=[huian.pk])
    )
    assert note.body == "It was due on 2012-11-01. You follow this unit."


def test_a_departments_report_reminds_its_own_people(october, world):
    office = Submission.objects.get(definition=october, department__name="办公室")

    send_reminders(today=DUE)

    assert [name for name, _, _ in inbox(office)] == ["liuweihong"]


def test_a_fixed_number_of_queries_however_many_rows(october, django_assert_max_num_queries):
    rows = Submission.objects.filter(definition=october).count()
    assert rows > 15

    with django_assert_max_num_queries(10):
        assert send_reminders(today=DUE) == rows
    with django_assert_max_num_queries(11):
        assert send_reminders(today=ESCALATE) == rows


def test_run_scheduler_once_creates_the_rows_and_sends_todays_reminders(world):
    ReportDefinition.objects.update(is_active=False)
    today = timezone.localdate()
    definition = ReportDefinition.objects.create(
        owner=world.unit("泉州市妇联"),
        name="专项调查",
        frequency=Frequency.ONE_OFF,
        first_day=today - datetime.timedelta(days=10),
        last_day=today,
        due_rule=DueRule.DAYS_AFTER_END,
        due_value=0,
    )
    ReportTarget.objects.create(definition=definition, unit=world.unit("惠安县妇联"))
    out = io.StringIO()

    call_command("run_scheduler", "--once", stdout=out)
    call_command("run_scheduler", "--once", stdout=out)

    assert out.getvalue().splitlines() == [
        "scheduler: 1 expected submissions created, 1 reminders sent",
        "scheduler: 0 expected submissions created, 0 reminders sent",
    ]
    huian = Submission.objects.get(definition=definition)
    assert list(huian.reminders.values_list("kind", flat=True)) == [ReminderKind.DUE]
    assert [name for name, _, _ in inbox(huian)] == HUIAN_REPORTERS
