"""Whether members keep their learning commitments: calendar periods, and each one kept, missed or open.

A period is kept when the amounts logged inside it reach the target; missed when it ended short of it;
open while it runs. A one-off commitment has one period, from its start to its due date.
"""

import datetime
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from jinguo.plans.models import CommitmentPeriod


@dataclass(frozen=True)
class Window:
    """The stretch of time a compliance view looks at: a year, a quarter or a month."""

    start: datetime.date
    end: datetime.date
    label: str


_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def window_parse(text: str) -> Window | None:
    """'2010', '2010-Q4' or '2010-11'; None for anything else."""
    text = (text or "").strip().upper()
    if match := _YEAR.match(text):
        year = int(match[1])
        return Window(datetime.date(year, 1, 1), datetime.date(year, 12, 31), text)
    if match := _QUARTER.match(text):
        start = _quarter_start(datetime.date(int(match[1]), 3 * int(match[2]), 1))
        return Window(start, _next_start(CommitmentPeriod.QUARTER, start) - datetime.timedelta(days=1), text)
    if match := _MONTH.match(text):
        start = datetime.date(int(match[1]), int(match[2]), 1)
        return Window(start, _next_start(CommitmentPeriod.MONTH, start) - datetime.timedelta(days=1), text)
    return None


def _quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _period_start(period: str, day: datetime.date) -> datetime.date:
    if period == CommitmentPeriod.DAY:
        return day
    if period == CommitmentPeriod.MONTH:
        return day.replace(day=1)
    if period == CommitmentPeriod.QUARTER:
        return _quarter_start(day)
    return datetime.date(day.year, 1, 1)


def _next_start(period: str, start: datetime.date) -> datetime.date:
    if period == CommitmentPeriod.DAY:
        return start + datetime.timedelta(days=1)
    months = {CommitmentPeriod.MONTH: 1, CommitmentPeriod.QUARTER: 3}.get(CommitmentPeriod(period), 12)
    index = start.year * 12 + start.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive


def periods(
    *, period: str, start: datetime.date, due: datetime.date | None, window: Window, today: datetime.date
) -> list[Period]:
    """The commitment's periods that overlap the window and have begun by today."""
    if period == CommitmentPeriod.ONCE:
        assert due is not None
        span = Period(start, due)
        overlaps = span.start <= window.end and span.end >= window.start and span.start <= today
        return [span] if overlaps else []
    first = max(window.start, start)
    last = min(window.end, today)
    result = []
    cursor = _period_start(period, first)
    while cursor <= last:
        following = _next_start(period, cursor)
        result.append(Period(cursor, following - datetime.timedelta(days=1)))
        cursor = following
    return result


class Standing:
    KEPT = "kept"
    MISSED = "missed"
    OPEN = "open"


STANDING_LABELS = {Standing.KEPT: _("Kept"), Standing.MISSED: _("Missed"), Standing.OPEN: _("In progress")}


def standing(*, logged: int, target: int, period: Period, today: datetime.date) -> str:
    if logged >= target:
        return Standing.KEPT
    return Standing.MISSED if period.end < today else Standing.OPEN


@dataclass
class Tally:
    kept: int = 0
    missed: int = 0
    open: int = 0

    @property
    def total(self) -> int:
        return self.kept + self.missed + self.open

    @property
    def is_kept(self) -> bool:
        """Nothing missed so far (an open period may still be made good)."""
        return self.missed == 0

    def add(self, result: str) -> None:
        setattr(self, result, getattr(self, result) + 1)


def tally(
    *, target: int, spans: list[Period], logs: Iterable[tuple[datetime.date, int]], today: datetime.date
) -> Tally:
    """Sum the logged amounts into their periods (spans are in order and do not overlap) and judge each."""
    amounts = [0] * len(spans)
    for day, quantity in logs:
        index = _span_index(spans, day)
        if index is not None:
            amounts[index] += quantity
    result = Tally()
    for span, amount in zip(spans, amounts, strict=True):
        result.add(standing(logged=amount, target=target, period=span, today=today))
    return result


def _span_index(spans: list[Period], day: datetime.date) -> int | None:
    low, high = 0, len(spans) - 1
    while low <= high:
        middle = (low + high) // 2
        span = spans[middle]
        if day < span.start:
            high = middle - 1
        elif day > span.end:
            low = middle + 1
        else:
            return middle
    return None


def recent_windows(latest: datetime.date, count: int = 3) -> Iterator[Window]:
    """Choices for the compliance view: recent years, each with its quarters."""
    for year in range(latest.year, latest.year - count, -1):
        yield window_parse(str(year))  # type: ignore[misc]
        for quarter in range(4, 0, -1):
            yield window_parse(f"{year}-Q{quarter}")  # type: ignore[misc]
