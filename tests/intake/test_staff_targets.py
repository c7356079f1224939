"""Response targets: urgent the same day, routine within one business day (practice time)."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from intake import targets
from intake.targets import TargetState

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


def local(text: str) -> dt.datetime:
    """'2026-01-09 15:30' in the practice's time zone (Jan 5 2026 is a Monday)."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=CHICAGO)


@pytest.mark.parametrize(
    ("submitted", "urgent", "due_day"),
    [
        # urgent: the same local day, whatever the day of the week
        ("2026-01-05 09:00", True, "2026-01-05"),
        ("2026-01-05 23:30", True, "2026-01-05"),
        ("2026-01-10 11:00", True, "2026-01-10"),  # Saturday
        # routine: the end of the next business day
        ("2026-01-05 00:10", False, "2026-01-06"),  # Monday -> Tuesday
        ("2026-01-08 16:00", False, "2026-01-09"),  # Thursday -> Friday
        ("2026-01-09 08:00", False, "2026-01-12"),  # Friday morning -> Monday
        ("2026-01-09 15:30", False, "2026-01-12"),  # Friday afternoon -> Monday
        ("2026-01-10 12:00", False, "2026-01-12"),  # Saturday -> Monday
        ("2026-01-11 23:59", False, "2026-01-12"),  # Sunday night -> Monday
    ],
)
def test_the_due_day_follows_the_target_rules(submitted, urgent, due_day):
    due = targets.due_at(local(submitted), urgent=urgent)
    assert due.date().isoformat() == due_day
    assert (due.hour, due.minute) == (23, 59)


def test_the_practice_day_decides_not_the_utc_day():
    # 03:00 UTC on Tuesday is still Monday evening in Chicago.
    submitted = dt.datetime(2026, 1, 6, 3, 0, tzinfo=dt.timezone.utc)
    assert targets.due_at(submitted, urgent=True).date() == dt.date(2026, 1, 5)
    assert targets.due_at(submitted, urgent=False).date() == dt.date(2026, 1, 6)


@pytest.mark.parametrize(
    ("submitted", "urgent", "now", "contacted", "state"),
    [
        ("2026-01-05 09:00", True, "2026-01-05 10:00", False, TargetState.ON_TIME),
        ("2026-01-05 09:00", True, "2026-01-05 21:59", False, TargetState.ON_TIME),
        ("2026-01-05 09:00", True, "2026-01-05 22:01", False, TargetState.DUE_SOON),
        ("2026-01-05 09:00", True, "2026-01-05 23:59", False, TargetState.DUE_SOON),
        ("2026-01-05 09:00", True, "2026-01-06 00:00", False, TargetState.OVERDUE),
        ("2026-01-05 09:00", True, "2026-01-06 00:00", True, TargetState.MET),
        ("2026-01-09 15:30", False, "2026-01-10 09:00", False, TargetState.ON_TIME),
        ("2026-01-09 15:30", False, "2026-01-12 21:00", False, TargetState.ON_TIME),
        ("2026-01-09 15:30", False, "2026-01-12 22:30", False, TargetState.DUE_SOON),
        ("2026-01-09 15:30", False, "2026-01-13 00:00", False, TargetState.OVERDUE),
        ("2026-01-08 10:00", False, "2026-01-12 08:00", False, TargetState.OVERDUE),
        ("2026-01-10 12:00", False, "2026-01-12 12:00", False, TargetState.ON_TIME),
    ],
)
def test_the_state_is_on_time_due_soon_overdue_or_met(submitted, urgent, now, contacted, state):
    due = targets.due_at(local(submitted), urgent=urgent)
    with time_machine.travel(local(now), tick=False):
        assert targets.target_state(due=due, now=timezone.now(), contacted=contacted) == state


def test_due_soon_means_less_than_two_hours_left():
    due = targets.due_at(local("2026-01-05 09:00"), urgent=True)
    assert dt.timedelta(hours=2) == targets.DUE_SOON
    just_over = due - dt.timedelta(hours=2, seconds=1)
    just_under = due - dt.timedelta(hours=1, minutes=59)
    assert targets.target_state(due=due, now=just_over) == TargetState.ON_TIME
    assert targets.target_state(due=due, now=just_under) == TargetState.DUE_SOON


def test_due_soon_counts_real_hours_across_a_clock_change():
    # 8 March 2026: clocks go forward at 02:00 in Chicago, so that day has 23 hours.
    due = targets.due_at(local("2026-03-08 00:30"), urgent=True)
    now = dt.datetime(2026, 3, 9, 3, 30, tzinfo=dt.timezone.utc)  # 22:30 CDT
    assert targets.target_state(due=due, now=now) == TargetState.DUE_SOON


@pytest.mark.parametrize("urgent", [True, False])
@pytest.mark.parametrize(
    "now",
    [
        "2026-01-05 08:00",  # Monday
        "2026-01-06 00:00",  # Tuesday midnight
        "2026-01-09 17:00",  # Friday
        "2026-01-10 10:00",  # Saturday
        "2026-01-11 23:59",  # Sunday
        "2026-01-12 00:00",  # Monday midnight
        "2026-01-13 12:00",  # Tuesday
        "2026-03-09 01:00",  # after the clock change
    ],
)
def test_the_overdue_cutoff_agrees_with_the_per_request_state(urgent, now):
    now_at = local(now)
    cutoff = targets.overdue_cutoff(now_at, urgent=urgent)
    submitted = local("2025-12-29 00:00")  # every half hour for three weeks before now
    while submitted < now_at:
        overdue = targets.due_at(submitted, urgent=urgent) < now_at
        assert overdue == (submitted < cutoff), submitted
        submitted += dt.timedelta(minutes=30)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0 min"), (59 * 60, "59 min"), (3600, "1 h"), (47 * 3600, "47 h"), (3 * 86400, "3 d")],
)
def test_durations_are_short(seconds, text):
    assert targets.duration(seconds) == text


def test_remaining_says_left_or_late():
    due = local("2026-01-05 23:59")
    assert targets.remaining(due, local("2026-01-05 21:59")) == "2 h left"
    assert targets.remaining(due, local("2026-01-06 02:59")) == "3 h late"
