"""Periods and due dates: keys, boundaries, and rules, checked on examples and on any date."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jinguo.reporting.periods import (
    DueRule,
    Frequency,
    due_date,
    late_after,
    period_of,
    periods_between,
)

CALENDAR = [Frequency.MONTHLY, Frequency.QUARTERLY, Frequency.HALF_YEARLY, Frequency.YEARLY]
days = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2099, 12, 31))


@pytest.mark.parametrize(
    ("frequency", "key", "start", "end"),
    [
        (Frequency.MONTHLY, "2012-10", datetime.date(2012, 10, 1), datetime.date(2012, 10, 31)),
        (Frequency.QUARTERLY, "2012Q4", datetime.date(2012, 10, 1), datetime.date(2012, 12, 31)),
        (Frequency.HALF_YEARLY, "2012H2", datetime.date(2012, 7, 1), datetime.date(2012, 12, 31)),
        (Frequency.YEARLY, "2012", datetime.date(2012, 1, 1), datetime.date(2012, 12, 31)),
    ],
)
def test_period_keys_and_bounds(frequency, key, start, end):
    period = period_of(frequency, datetime.date(2012, 10, 15))

    assert (period.key, period.start, period.end) == (key, start, end)


def test_seed_000_monthly_report_is_due_on_the_first_of_the_next_month():
    october = period_of(Frequency.MONTHLY, datetime.date(2012, 10, 9))

    assert due_date(october, DueRule.DAY_OF_NEXT_MONTH, 1) == datetime.date(2012, 11, 1)
    assert late_after(datetime.date(2012, 11, 1), 3) == datetime.date(2012, 11, 4)


def test_a_day_beyond_the_month_falls_on_its_last_day():
    january = period_of(Frequency.MONTHLY, datetime.date(2013, 1, 20))

    assert due_date(january, DueRule.DAY_OF_NEXT_MONTH, 31) == datetime.date(2013, 2, 28)
    assert due_date(january, DueRule.DAYS_AFTER_END, 10) == datetime.date(2013, 2, 10)


def test_campaign_months_from_october_to_august():
    months = list(periods_between(Frequency.MONTHLY, datetime.date(2012, 10, 1), datetime.date(2013, 8, 31)))

    assert [period.key for period in months] == [
        "2012-10", "2012-11", "2012-12", "2013-01", "2013-02", "2013-03",
        "2013-04", "2013-05", "2013-06", "2013-07", "2013-08",
    ]  # fmt: skip


@given(frequency=st.sampled_from(CALENDAR), day=days)
def test_a_day_lies_in_its_period(frequency, day):
    period = period_of(frequency, day)

    assert period.contains(day)
    assert period_of(frequency, period.start) == period == period_of(frequency, period.end)


@given(frequency=st.sampled_from(CALENDAR), first=days, span=st.integers(min_value=0, max_value=800))
def test_periods_tile_the_range_without_gaps(frequency, first, span):
    last = first + datetime.timedelta(days=span)
    periods = list(periods_between(frequency, first, last))

    assert periods[0].contains(first) and periods[-1].contains(last)
    for earlier, later in zip(periods, periods[1:], strict=False):
        assert later.start == earlier.end + datetime.timedelta(days=1)
    assert [period.key for period in periods] == sorted(period.key for period in periods)


@given(frequency=st.sampled_from(CALENDAR), day=days, value=st.integers(min_value=1, max_value=31))
def test_the_due_date_follows_the_period(frequency, day, value):
    period = period_of(frequency, day)

    assert period.end < due_date(period, DueRule.DAY_OF_NEXT_MONTH, value) <= period.end + datetime.timedelta(days=31)
    assert due_date(period, DueRule.DAYS_AFTER_END, value) == period.end + datetime.timedelta(days=value)
