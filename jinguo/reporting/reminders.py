"""Reminders of reports not yet sent, and escalation of overdue ones to the liaison leader.

Each editable submission (missing, draft, returned) of an active definition has up to four days: N
days before it is due (the definition's `remind_days_before`), the due day, the day after its
on-time limit, and K days after that limit (escalation to the leaders following the unit, 挂钩联系).
On each day the matching reminder goes out once; if the job did not run that day it is still sent
within the catch-up days, unless a later one is already due. Sending once is a unique row per
(submission, kind) inserted before notifying, in the same transaction: a rerun, a restart or a second
worker inserts nothing and so sends nothing. Work goes in batches with a fixed number of queries each.
"""

import datetime
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jinguo.access.models import RoleGrant
from jinguo.access.roles import Action, roles_for
from jinguo.accounts.models import User
from jinguo.notifications.channels import Message
from jinguo.notifications.models import NotificationKind
from jinguo.notifications.services import notify_many
from jinguo.org.models import Liaison, OrgUnit
from jinguo.reporting.models import EDITABLE, ReminderKind, ReminderSent, ReportDefinition, Submission

BATCH_SIZE = 500


@dataclass(frozen=True)
class Schedule:
    today: datetime.date
    escalate_after: int
    catch_up: int

    def kind_due(self, submission: Submission) -> ReminderKind | None:
        """The reminder the submission should have today: the latest whose day has come, if recent."""
        before = submission.definition.remind_days_before
        days = [
            (submission.due_on - datetime.timedelta(days=before), ReminderKind.BEFORE) if before else None,
            (submission.due_on, ReminderKind.DUE),
            (submission.late_after + datetime.timedelta(days=1), ReminderKind.OVERDUE),
            (submission.late_after + datetime.timedelta(days=self.escalate_after), ReminderKind.ESCALATE),
        ]
        current = None
        for step in days:
            if step is not None and step[0] <= self.today:
                current = step
        if current is None or (self.today - current[0]).days >= self.catch_up:
            return None
        return current[1]


def send_reminders(today: datetime.date | None = None) -> int:
    """The daily job: sends today's reminders and escalations; returns how many went out."""
    schedule = Schedule(
        today=today or timezone.localdate(),
        escalate_after=settings.JINGUO_REMINDER_ESCALATE_AFTER_DAYS,
        catch_up=max(1, settings.JINGUO_REMINDER_CATCH_UP_DAYS),
    )
    sent = 0
    for batch in _candidate_batches(schedule):
        due = [(row, kind) for row in batch if (kind := schedule.kind_due(row)) is not None]
        if due:
            sent += _send_batch(due)
    return sent


def _candidate_batches(schedule: Schedule) -> Iterator[list[Submission]]:
    """Editable submissions whose reminder days may include today, by primary key, in batches."""
    active = ReportDefinition.objects.filter(is_active=True)
    most_before = active.aggregate(most=Max("remind_days_before"))["most"] or 0
    oldest_limit = schedule.today - datetime.timedelta(days=max(schedule.escalate_after, 1) + schedule.catch_up)
    rows = (
        Submission.objects.filter(
            definition__is_active=True,
            status__in=EDITABLE,
            due_on__lte=schedule.today + datetime.timedelta(days=most_before),
            late_after__gt=oldest_limit,
        )
        .select_related("definition", "unit", "department")
        .order_by("pk")
    )
    last = 0
    while batch := list(rows.filter(pk__gt=last)[:BATCH_SIZE]):
        yield batch
        last = batch[-1].pk


def _send_batch(due: list[tuple[Submission, ReminderKind]]) -> int:
    """Claims the batch's reminders, then notifies for those this run was first to claim."""
    claim = uuid.uuid4()
    with transaction.atomic():
        ReminderSent.objects.bulk_create(
            [ReminderSent(submission=row, kind=kind, claim=claim) for row, kind in due], ignore_conflicts=True
        )
        claimed = set(ReminderSent.objects.filter(claim=claim).values_list("submission_id", "kind"))
        mine = [(row, kind) for row, kind in due if (row.pk, kind) in claimed]
        reporters = _reporters([row for row, kind in mine if kind != ReminderKind.ESCALATE])
        leaders = _liaison_leaders([row for row, kind in mine if kind == ReminderKind.ESCALATE])
        messages = [
            _message(row, kind, leaders[row.pk] if kind == ReminderKind.ESCALATE else reporters[_reporter_key(row)])
            for row, kind in mine
        ]
        notify_many(messages)
    return len(mine)


def _reporter_key(row: Submission) -> tuple[int, int | None]:
    return (row.unit_id, row.department_id)


def _reporters(rows: list[Submission]) -> defaultdict[tuple[int, int | None], list[User]]:
    """Who fills each: REPORT grants on exactly the unit; for a department's report, its own people."""
    found: defaultdict[tuple[int, int | None], list[User]] = defaultdict(list)
    units = {row.unit_id for row in rows if row.department_id is None}
    departments = {row.department_id for row in rows if row.department_id is not None}
    if not units and not departments:
        return found
    grants = RoleGrant.objects.filter(
        Q(unit__in=units, department__isnull=True, role__in=roles_for(Action.REPORT)) | Q(department__in=departments)
    ).select_related("user")
    for grant in grants:
        found[(grant.unit_id, grant.department_id)].append(grant.user)
    return found


def _ancestor_paths(path: str) -> list[str]:
    step = OrgUnit.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]


def _liaison_leaders(rows: list[Submission]) -> defaultdict[int, list[User]]:
    """For each submission: the users of the leaders following its unit, or its nearest followed ancestor."""
    found: defaultdict[int, list[User]] = defaultdict(list)
    paths = {ancestor for row in rows for ancestor in _ancestor_paths(row.unit.path)}
    if not paths:
        return found
    followed: defaultdict[str, list[User]] = defaultdict(list)
    for liaison in Liaison.objects.filter(unit__path__in=paths, leader__user__isnull=False).select_related(
        "unit", "leader__user"
    ):
        followed[liaison.unit.path].append(liaison.leader.user)
    for row in rows:
        nearest = next((path for path in reversed(_ancestor_paths(row.unit.path)) if path in followed), None)
        if nearest is not None:
            found[row.pk] = followed[nearest]
    return found


def _message(row: Submission, kind: ReminderKind, recipients: list[User]) -> Message:
    names = {"report": row.definition.name, "period": row.period, "due": row.due_on.isoformat()}
    body = _("Please fill it in and submit it for %(reporter)s.") % {"reporter": row.reporter_name}
    if kind == ReminderKind.BEFORE:
        title = _("“%(report)s” (%(period)s) is due on %(due)s") % names
    elif kind == ReminderKind.DUE:
        title = _("“%(report)s” (%(period)s) is due today") % names
    elif kind == ReminderKind.OVERDUE:
        title = _("“%(report)s” (%(period)s) is overdue") % names
    else:
        title = _("%(reporter)s has not sent “%(report)s” (%(period)s)") % {**names, "reporter": row.reporter_name}
        body = _("It was due on %(due)s. You follow this unit.") % names
    return Message(
        recipients=tuple(recipients),
        kind=NotificationKind.REPORT_ESCALATION if kind == ReminderKind.ESCALATE else NotificationKind.REPORT_REMINDER,
        title=title,
        body=body,
        url=reverse("reports:submission", args=[row.pk]),
    )
