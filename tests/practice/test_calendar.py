"""The business calendar as tables: hours, weekends, holidays, clock changes."""

import datetime as dt
import zoneinfo

import pytest

from practice import calendar as bc
from practice.calendar import BusinessCalendar

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
T = dt.time

# Mon-Fri 8-18, Thanksgiving 2026 (Thursday Nov 26) and Christmas 2026 (Friday Dec 25) closed.
# Jan 5 2026 is a Monday.
PRACTICE = BusinessCalendar.build(
    time_zone="America/Chicago",
    hours={day: [(T(8), T(18))] for day in range(5)},
    holidays=[dt.date(2026, 11, 26), dt.date(2026, 12, 25)],
)
# A lunch break, a short Friday, Saturday mornings.
SPLIT = BusinessCalendar.build(
    time_zone=CHICAGO,
    hours={
        **{day: [(T(8), T(12)), (T(13), T(17))] for day in range(4)},
        4: [(T(8), T(12))],
        5: [(T(9), T(11))],
    },
)
# Open through the small hours, to see the clock changes (8 March and 1 November 2026).
NIGHT = BusinessCalendar.build(time_zone=CHICAGO, hours={day: [(T(0), T(6))] for day in range(7)})


def local(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=CHICAGO)


def utc(at: dt.datetime) -> dt.datetime:
    """Compare instants, not wall times: Python compares two times of one zone by the clock."""
    return at.astimezone(dt.timezone.utc)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.mark.parametrize(
    ("cal", "at", "open_"),
    [
        (PRACTICE, "2026-01-05 07:59", False),
        (PRACTICE, "2026-01-05 08:00", True),  # opening minute counts
        (PRACTICE, "2026-01-05 17:59", True),
        (PRACTICE, "2026-01-05 18:00", False),  # closing minute does not
        (PRACTICE, "2026-01-10 10:00", False),  # Saturday
        (PRACTICE, "2026-11-26 10:00", False),  # Thanksgiving
        (PRACTICE, "2026-11-27 10:00", True),  # the Friday after
        (SPLIT, "2026-01-05 12:30", False),  # lunch
        (SPLIT, "2026-01-05 13:00", True),
        (SPLIT, "2026-01-09 13:00", False),  # Friday afternoon
        (SPLIT, "2026-01-10 10:00", True),  # Saturday morning
    ],
)
def test_it_is_open_only_within_the_hours(cal, at, open_):
    assert bc.is_open(cal, local(at)) is open_


def test_the_practice_day_decides_not_the_utc_day():
    # 15:30 UTC is 09:30 in Chicago (open); 01:00 UTC Tuesday is Monday 19:00 (closed).
    assert bc.is_open(PRACTICE, dt.datetime(2026, 1, 5, 15, 30, tzinfo=dt.timezone.utc))
    assert not bc.is_open(PRACTICE, dt.datetime(2026, 1, 6, 1, 0, tzinfo=dt.timezone.utc))


@pytest.mark.parametrize(
    ("cal", "at", "opening"),
    [
        (PRACTICE, "2026-01-05 09:15", "2026-01-05 09:15"),  # open: now
        (PRACTICE, "2026-01-05 06:00", "2026-01-05 08:00"),
        (PRACTICE, "2026-01-05 18:00", "2026-01-06 08:00"),
        (PRACTICE, "2026-01-09 18:30", "2026-01-12 08:00"),  # Friday evening -> Monday
        (PRACTICE, "2026-01-11 23:00", "2026-01-12 08:00"),
        (PRACTICE, "2026-11-25 19:00", "2026-11-27 08:00"),  # over Thanksgiving
        (PRACTICE, "2026-12-24 18:00", "2026-12-28 08:00"),  # Christmas Friday + weekend
        (SPLIT, "2026-01-05 12:10", "2026-01-05 13:00"),  # after lunch
        (SPLIT, "2026-01-09 12:00", "2026-01-10 09:00"),  # Friday noon -> Saturday
        (SPLIT, "2026-01-10 11:00", "2026-01-12 08:00"),
    ],
)
def test_the_next_opening(cal, at, opening):
    assert utc(bc.next_opening(cal, local(at))) == utc(local(opening))


@pytest.mark.parametrize(
    ("cal", "start", "hours", "result"),
    [
        (PRACTICE, "2026-01-05 09:00", 1, "2026-01-05 10:00"),
        (PRACTICE, "2026-01-05 17:00", 1, "2026-01-05 18:00"),  # lands on closing: closing
        (PRACTICE, "2026-01-05 17:30", 1, "2026-01-06 08:30"),
        (PRACTICE, "2026-01-05 20:00", 1, "2026-01-06 09:00"),  # after hours: from opening
        (PRACTICE, "2026-01-05 06:00", 1, "2026-01-05 09:00"),  # before opening
        (PRACTICE, "2026-01-09 17:45", 1, "2026-01-12 08:45"),  # over the weekend
        (PRACTICE, "2026-01-10 12:00", 4, "2026-01-12 12:00"),  # Saturday
        (PRACTICE, "2026-01-05 09:00", 20, "2026-01-07 09:00"),  # two whole days
        (PRACTICE, "2026-11-25 17:00", 2, "2026-11-27 09:00"),  # skips Thanksgiving
        (PRACTICE, "2026-01-05 09:00", 0, "2026-01-05 09:00"),
        (PRACTICE, "2026-01-05 19:00", 0, "2026-01-06 08:00"),  # zero: the next opening
        (SPLIT, "2026-01-05 11:30", 1, "2026-01-05 13:30"),  # over lunch
        (SPLIT, "2026-01-09 11:30", 1, "2026-01-10 09:30"),  # Friday -> Saturday
        (SPLIT, "2026-01-05 09:00", 0.25, "2026-01-05 09:15"),
        # Spring forward: 02:00 does not exist on 8 March, so 00:00-06:00 lasts 5 hours.
        (NIGHT, "2026-03-08 00:00", 5, "2026-03-08 06:00"),
        (NIGHT, "2026-03-08 01:30", 1, "2026-03-08 03:30"),
        (NIGHT, "2026-03-08 05:00", 2, "2026-03-09 01:00"),
        # Fall back: 01:00-02:00 happens twice on 1 November, so that night lasts 7 hours.
        (NIGHT, "2026-11-01 00:00", 7, "2026-11-01 06:00"),
        (NIGHT, "2026-11-01 00:30", 1, "2026-11-01 01:30"),  # the first 01:30 (CDT)
    ],
)
def test_adding_business_hours(cal, start, hours, result):
    result_at = bc.add_business_hours(cal, local(start), dt.timedelta(hours=hours))
    assert utc(result_at) == utc(local(result))


def test_the_second_half_hour_of_a_repeated_hour_is_counted():
    # 00:30 CDT + 2 h is 01:30 CST, the second 01:30 of the night (07:30 UTC).
    result = bc.add_business_hours(NIGHT, local("2026-11-01 00:30"), dt.timedelta(hours=2))
    assert utc(result) == dt.datetime(2026, 11, 1, 7, 30, tzinfo=dt.timezone.utc)


def test_a_clock_change_outside_hours_leaves_the_hours_alone():
    # Sunday 8 March 2026 has 23 hours; Monday 08:00 still comes after Friday 17:00 + 1 h.
    friday = local("2026-03-06 17:00")
    assert bc.add_business_hours(PRACTICE, friday, dt.timedelta(hours=2)) == local(
        "2026-03-09 09:00"
    )
    assert bc.add_business_hours(PRACTICE, friday, dt.timedelta(hours=2)).utcoffset() == (
        dt.timedelta(hours=-5)
    )


@pytest.mark.parametrize(
    ("cal", "at", "business_day", "closing"),
    [
        (PRACTICE, "2026-01-05 06:00", "2026-01-05", "2026-01-05 18:00"),  # before opening
        (PRACTICE, "2026-01-05 17:59", "2026-01-05", "2026-01-05 18:00"),
        (PRACTICE, "2026-01-05 18:00", "2026-01-06", "2026-01-06 18:00"),  # after closing
        (PRACTICE, "2026-01-09 19:00", "2026-01-12", "2026-01-12 18:00"),  # Friday night
        (PRACTICE, "2026-01-10 09:00", "2026-01-12", "2026-01-12 18:00"),  # Saturday
        (PRACTICE, "2026-11-26 09:00", "2026-11-27", "2026-11-27 18:00"),  # Thanksgiving
        (SPLIT, "2026-01-05 12:30", "2026-01-05", "2026-01-05 17:00"),  # lunch
        (SPLIT, "2026-01-09 14:00", "2026-01-10", "2026-01-10 11:00"),  # Friday afternoon
    ],
)
def test_the_business_day_an_instant_counts_towards(cal, at, business_day, closing):
    assert bc.business_day_of(cal, local(at)) == day(business_day)
    assert utc(bc.end_of_business_day(cal, local(at))) == utc(local(closing))


@pytest.mark.parametrize(
    ("start", "n", "result"),
    [
        ("2026-01-05", 0, "2026-01-05"),
        ("2026-01-05", 1, "2026-01-06"),
        ("2026-01-09", 1, "2026-01-12"),  # Friday -> Monday
        ("2026-01-10", 1, "2026-01-12"),  # Saturday -> Monday
        ("2026-01-11", 1, "2026-01-12"),  # Sunday -> Monday
        ("2026-01-08", 2, "2026-01-12"),  # Thursday + 2 -> Monday
        ("2026-11-25", 1, "2026-11-27"),  # over Thanksgiving
        ("2026-11-24", 2, "2026-11-27"),
        ("2026-12-24", 1, "2026-12-28"),  # over Christmas and the weekend
        ("2026-01-05", 10, "2026-01-19"),
    ],
)
def test_adding_business_days(start, n, result):
    assert bc.add_business_days(PRACTICE, day(start), n) == day(result)


def test_the_closing_time_of_a_closed_day_is_refused():
    with pytest.raises(ValueError, match="not a business day"):
        bc.closing_time(PRACTICE, day("2026-01-10"))


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ({0: [(T(18), T(8))]}, "before closing"),
        ({0: [(T(8), T(12)), (T(11), T(17))]}, "overlap"),
        ({}, "at least one weekday"),
    ],
)
def test_impossible_hours_are_refused(hours, message):
    with pytest.raises(ValueError, match=message):
        BusinessCalendar.build(time_zone=CHICAGO, hours=hours)


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="aware"):
        bc.is_open(PRACTICE, dt.datetime(2026, 1, 5, 9))


def test_a_calendar_that_never_opens_again_is_an_error_not_a_hang():
    every_day = [day("2026-01-01") + dt.timedelta(days=i) for i in range(4 * 366)]
    closed = BusinessCalendar.build(
        time_zone=CHICAGO, hours={0: [(T(8), T(9))]}, holidays=every_day
    )
    with pytest.raises(ValueError, match="does not open"):
        bc.next_opening(closed, local("2026-01-05 10:00"))
