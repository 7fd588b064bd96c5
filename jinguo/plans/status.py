"""Task status, derived, never stored: not started, on track, at risk, overdue, done."""

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

# A task is at risk when its reported progress trails the share of its time already spent by this much.
AT_RISK_MARGIN = 25


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OVERDUE = "overdue", _("Overdue")
    DONE = "done", _("Done")


@dataclass(frozen=True)
class TaskFacts:
    """What the status depends on, as selectors annotate it."""

    latest_percent: int | None
    accepted: bool
    start: datetime.date | None
    deadline: datetime.date | None


def expected_percent(facts: TaskFacts, today: datetime.date) -> int:
    if facts.start is None or facts.deadline is None or facts.deadline <= facts.start:
        return 0
    share = (today - facts.start).days / (facts.deadline - facts.start).days
    return round(100 * min(max(share, 0.0), 1.0))


def task_status(facts: TaskFacts, today: datetime.date) -> TaskStatus:
    if facts.accepted:
        return TaskStatus.DONE
    if facts.deadline is not None and today > facts.deadline:
        return TaskStatus.OVERDUE
    if facts.latest_percent is None:
        return TaskStatus.NOT_STARTED
    if expected_percent(facts, today) - facts.latest_percent > AT_RISK_MARGIN:
        return TaskStatus.AT_RISK
    return TaskStatus.ON_TRACK
