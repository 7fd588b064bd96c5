"""Reporting periods and due dates: pure functions of dates, no database.

A period has a key that sorts and reads well (2012-10, 2012Q4, 2012H2, 2012), a first and last
day, and a due date from the definition's rule: day N of the month after the period (seed 000:
"on the 1st of each month report last month's activities") or N days after its last day.
A report is on time when it arrives by the due date plus the grace period.
"""

import calendar
import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Half-yearly")
    YEARLY = "yearly", _("Yearly")
    ONE_OFF = "one_off", _("One-off")


class DueRule(models.TextChoices):
    DAY_OF_NEXT_MONTH = "day_of_next_month", _("Day N of the month after the period")
    DAYS_AFTER_END = "days_after_end", _("N days after the period ends")


MONTHS_IN = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.HALF_YEARLY: 6, Frequency.YEARLY: 12}


@dataclass(frozen=True, order=True)
class Period:
    start: datetime.date
    end: datetime.date
    key: str

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


def _add_months(day: datetime.date, months: int) -> datetime.date:
    """The first of the month `months` after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _key(frequency: str, start: datetime.date) -> str:
    if frequency == Frequency.MONTHLY:
        return f"{start:%Y-%m}"
    if frequency == Frequency.QUARTERLY:
        return f"{start.year}Q{(start.month - 1) // 3 + 1}"
    if frequency == Frequency.HALF_YEARLY:
        return f"{start.year}H{(start.month - 1) // 6 + 1}"
    return str(start.year)


def period_of(frequency: str, day: datetime.date) -> Period:
    """The calendar period of `frequency` that holds `day` (not for one-off reports)."""
    months = MONTHS_IN[Frequency(frequency)]
    first_month = (day.month - 1) // months * months + 1
    start = datetime.date(day.year, first_month, 1)
    end = _add_months(start, months) - datetime.timedelta(days=1)
    return Period(start, end, _key(frequency, start))


def periods_between(frequency: str, first: datetime.date, last: datetime.date) -> Iterator[Period]:
    """Every period that overlaps [first, last], in order."""
    period = period_of(frequency, first)
    while period.start <= last:
        yield period
        period = period_of(frequency, period.end + datetime.timedelta(days=1))


def one_off_period(start: datetime.date, end: datetime.date) -> Period:
    return Period(start, end, f"{start:%Y-%m-%d}")


def due_date(period: Period, rule: str, value: int) -> datetime.date:
    """The due date of `period`; day N beyond the month's length falls on its last day."""
    if rule == DueRule.DAYS_AFTER_END:
        return period.end + datetime.timedelta(days=value)
    month = _add_months(period.end, 1)
    last_day = calendar.monthrange(month.year, month.month)[1]
    return month.replace(day=min(max(value, 1), last_day))


def late_after(due: datetime.date, grace_days: int) -> datetime.date:
    """The last day a report still counts as on time."""
    return due + datetime.timedelta(days=grace_days)
