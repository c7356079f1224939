"""Tiers and response targets on the practice's business calendar, and the words for them.

Right now: within one business hour. Urgent: by closing time the business day it arrives
in (never sooner than right now). Routine: by closing time on the next business day.
"""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from intake import targets
from intake.targets import TargetState, Tier
from practice.calendar import BusinessCalendar

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
ACUTE, URGENT, ROUTINE = Tier.ACUTE, Tier.URGENT, Tier.ROUTINE

# Mon-Fri 08:00-18:00 in Chicago; Thanksgiving (Thu 26 Nov 2026) and Christmas (Fri 25 Dec).
# 5 January 2026 is a Monday.
CAL = BusinessCalendar.build(
    time_zone=CHICAGO,
    hours={day: [(dt.time(8), dt.time(18))] for day in range(5)},
    holidays=[dt.date(2026, 11, 26), dt.date(2026, 12, 25)],
)


def local(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=CHICAGO)


def utc(at: dt.datetime) -> dt.datetime:
    return at.astimezone(dt.timezone.utc)


@pytest.mark.parametrize(
    ("right_now", "urgent", "tier"),
    [(True, True, ACUTE), (True, False, ACUTE), (False, True, URGENT), (False, False, ROUTINE)],
)
def test_the_tier_follows_the_screen_then_urgency(right_now, urgent, tier):
    assert targets.tier_for(right_now=right_now, urgent=urgent) == tier


def test_tiers_sort_right_now_first():
    assert sorted([ROUTINE, ACUTE, URGENT], key=lambda t: t.rank) == [ACUTE, URGENT, ROUTINE]
    assert [t.label for t in (ACUTE, URGENT, ROUTINE)] == ["Right now", "Urgent", "Routine"]


@pytest.mark.parametrize(
    ("submitted", "tier", "due"),
    [
        # Right now: one business hour, the clock starting at the next opening.
        ("2026-01-05 09:00", ACUTE, "2026-01-05 10:00"),
        ("2026-01-05 17:00", ACUTE, "2026-01-05 18:00"),
        ("2026-01-05 17:30", ACUTE, "2026-01-06 08:30"),  # half an hour today, half tomorrow
        ("2026-01-05 23:00", ACUTE, "2026-01-06 09:00"),  # after hours
        ("2026-01-06 06:00", ACUTE, "2026-01-06 09:00"),  # before opening
        ("2026-01-09 19:00", ACUTE, "2026-01-12 09:00"),  # Friday night
        ("2026-01-10 12:00", ACUTE, "2026-01-12 09:00"),  # Saturday
        ("2026-11-26 10:00", ACUTE, "2026-11-27 09:00"),  # Thanksgiving
        # Urgent: closing time of the business day it arrives in.
        ("2026-01-05 06:00", URGENT, "2026-01-05 18:00"),  # before opening: that day
        ("2026-01-05 09:00", URGENT, "2026-01-05 18:00"),
        ("2026-01-05 16:59", URGENT, "2026-01-05 18:00"),
        ("2026-01-05 17:30", URGENT, "2026-01-06 08:30"),  # never sooner than right now
        ("2026-01-05 18:00", URGENT, "2026-01-06 18:00"),  # after closing: the next day
        ("2026-01-05 23:30", URGENT, "2026-01-06 18:00"),
        ("2026-01-09 19:00", URGENT, "2026-01-12 18:00"),  # Friday night -> Monday
        ("2026-01-10 11:00", URGENT, "2026-01-12 18:00"),  # Saturday -> Monday
        ("2026-01-11 23:59", URGENT, "2026-01-12 18:00"),  # Sunday -> Monday
        ("2026-11-26 10:00", URGENT, "2026-11-27 18:00"),  # Thanksgiving -> Friday
        ("2026-12-24 19:00", URGENT, "2026-12-28 18:00"),  # Christmas Eve night -> Monday
        # Routine: closing time on the first business day after the day it arrived.
        ("2026-01-05 00:10", ROUTINE, "2026-01-06 18:00"),  # Monday -> Tuesday
        ("2026-01-05 23:00", ROUTINE, "2026-01-06 18:00"),
        ("2026-01-08 16:00", ROUTINE, "2026-01-09 18:00"),  # Thursday -> Friday
        ("2026-01-09 08:00", ROUTINE, "2026-01-12 18:00"),  # Friday -> Monday
        ("2026-01-09 19:30", ROUTINE, "2026-01-12 18:00"),
        ("2026-01-10 12:00", ROUTINE, "2026-01-12 18:00"),  # Saturday -> Monday
        ("2026-01-11 23:59", ROUTINE, "2026-01-12 18:00"),  # Sunday -> Monday
        ("2026-11-25 10:00", ROUTINE, "2026-11-27 18:00"),  # Wednesday before Thanksgiving
        ("2026-12-24 10:00", ROUTINE, "2026-12-28 18:00"),  # Christmas Eve -> Monday
    ],
)
def test_the_due_time_follows_the_tier_and_the_calendar(submitted, tier, due):
    assert utc(targets.due_at(local(submitted), tier=tier, calendar=CAL)) == utc(local(due))


@pytest.mark.parametrize(
    ("submitted", "tier", "due"),
    [
        # Friday 6 March 2026, 17:30; clocks go forward on Sunday: still 08:30 on Monday.
        ("2026-03-06 17:30", ACUTE, "2026-03-09 08:30"),
        ("2026-03-07 12:00", URGENT, "2026-03-09 18:00"),
        # Saturday 31 October; clocks go back on Sunday.
        ("2026-10-31 12:00", ACUTE, "2026-11-02 09:00"),
        ("2026-10-30 12:00", ROUTINE, "2026-11-02 18:00"),
    ],
)
def test_clock_changes_keep_targets_on_the_wall_clock(submitted, tier, due):
    result = targets.due_at(local(submitted), tier=tier, calendar=CAL)
    assert utc(result) == utc(local(due))


def test_the_practice_day_decides_not_the_utc_day():
    # 03:00 UTC on Tuesday is still Monday evening (21:00) in Chicago.
    submitted = dt.datetime(2026, 1, 6, 3, 0, tzinfo=dt.timezone.utc)
    assert targets.due_at(submitted, tier=ROUTINE, calendar=CAL).date() == dt.date(2026, 1, 6)
    assert targets.due_at(submitted, tier=URGENT, calendar=CAL) == local("2026-01-06 18:00")


def test_the_right_now_target_is_a_setting(settings):
    settings.INTAKE_ACUTE_TARGET_HOURS = 0.5
    due = targets.due_at(local("2026-01-05 09:00"), tier=ACUTE, calendar=CAL)
    assert due == local("2026-01-05 09:30")
    assert targets.due_soon_window(ACUTE) == dt.timedelta(minutes=15)


def test_tiers_never_promise_a_slower_answer_to_a_more_pressing_request():
    submitted = local("2026-01-01 00:00")
    while submitted < local("2026-01-20 00:00"):
        acute, urgent, routine = (
            targets.due_at(submitted, tier=tier, calendar=CAL) for tier in (ACUTE, URGENT, ROUTINE)
        )
        assert acute <= urgent <= routine, submitted
        submitted += dt.timedelta(minutes=20)


@pytest.mark.parametrize(
    ("submitted", "tier", "now", "contacted", "state"),
    [
        ("2026-01-05 09:00", ACUTE, "2026-01-05 09:20", False, TargetState.ON_TIME),
        ("2026-01-05 09:00", ACUTE, "2026-01-05 09:31", False, TargetState.DUE_SOON),
        ("2026-01-05 09:00", ACUTE, "2026-01-05 10:01", False, TargetState.OVERDUE),
        ("2026-01-05 09:00", ACUTE, "2026-01-05 10:01", True, TargetState.MET),
        ("2026-01-05 17:30", ACUTE, "2026-01-05 20:00", False, TargetState.ON_TIME),
        ("2026-01-05 09:00", URGENT, "2026-01-05 10:00", False, TargetState.ON_TIME),
        ("2026-01-05 09:00", URGENT, "2026-01-05 15:59", False, TargetState.ON_TIME),
        ("2026-01-05 09:00", URGENT, "2026-01-05 16:01", False, TargetState.DUE_SOON),
        ("2026-01-05 09:00", URGENT, "2026-01-05 18:01", False, TargetState.OVERDUE),
        ("2026-01-10 11:00", URGENT, "2026-01-11 23:00", False, TargetState.ON_TIME),  # weekend
        ("2026-01-09 15:30", ROUTINE, "2026-01-10 09:00", False, TargetState.ON_TIME),
        ("2026-01-09 15:30", ROUTINE, "2026-01-12 15:00", False, TargetState.ON_TIME),
        ("2026-01-09 15:30", ROUTINE, "2026-01-12 16:30", False, TargetState.DUE_SOON),
        ("2026-01-09 15:30", ROUTINE, "2026-01-12 18:01", False, TargetState.OVERDUE),
        ("2026-01-08 10:00", ROUTINE, "2026-01-12 08:00", False, TargetState.OVERDUE),
    ],
)
def test_the_state_is_on_time_due_soon_overdue_or_met(submitted, tier, now, contacted, state):
    due = targets.due_at(local(submitted), tier=tier, calendar=CAL)
    with time_machine.travel(local(now), tick=False):
        assert (
            targets.target_state(
                due=due,
                now=timezone.now(),
                contacted=contacted,
                due_soon=targets.due_soon_window(tier),
            )
            == state
        )


def test_due_soon_means_less_than_two_hours_left():
    due = targets.due_at(local("2026-01-05 09:00"), tier=URGENT, calendar=CAL)
    assert dt.timedelta(hours=2) == targets.DUE_SOON
    just_over = due - dt.timedelta(hours=2, seconds=1)
    just_under = due - dt.timedelta(hours=1, minutes=59)
    assert targets.target_state(due=due, now=just_over) == TargetState.ON_TIME
    assert targets.target_state(due=due, now=just_under) == TargetState.DUE_SOON


def test_due_soon_counts_real_hours_across_a_clock_change():
    due = local("2026-03-09 00:30")  # 00:30 CDT on Monday, after Sunday's 23-hour day
    now = dt.datetime(2026, 3, 8, 23, 0, tzinfo=CHICAGO)  # 1.5 real hours before
    assert targets.target_state(due=due, now=now) == TargetState.DUE_SOON


@pytest.mark.parametrize("tier", [ACUTE, URGENT, ROUTINE])
@pytest.mark.parametrize(
    "now",
    [
        "2026-01-05 08:00",  # Monday opening
        "2026-01-05 08:30",
        "2026-01-05 18:00",  # Monday closing
        "2026-01-06 00:00",  # Tuesday midnight
        "2026-01-09 17:00",  # Friday
        "2026-01-10 10:00",  # Saturday
        "2026-01-11 23:59",  # Sunday
        "2026-01-12 09:00",  # Monday morning
        "2026-03-09 08:45",  # after the clock change
        "2026-11-27 09:10",  # the day after Thanksgiving
    ],
)
def test_the_overdue_cutoff_agrees_with_the_per_request_state(tier, now):
    now_at = local(now)
    cutoff = targets.overdue_cutoff(now_at, tier=tier, calendar=CAL)
    # Every ten minutes for nine days before now, and the instants around the cutoff.
    submitted = now_at - dt.timedelta(days=9)
    instants = []
    while submitted <= now_at:
        instants.append(submitted)
        submitted += dt.timedelta(minutes=10)
    instants += [cutoff - dt.timedelta(microseconds=1), cutoff, cutoff + dt.timedelta(seconds=1)]
    for submitted in instants:
        overdue = targets.due_at(submitted, tier=tier, calendar=CAL) < now_at
        assert overdue == (submitted < cutoff), submitted


@pytest.mark.parametrize(
    ("tier", "submitted", "now", "phrase"),
    [
        # During hours.
        (ACUTE, "2026-01-05 10:00", "2026-01-05 10:00", "within the hour"),
        (ACUTE, "2026-01-05 10:00", "2026-01-05 10:40", "within the hour"),
        (URGENT, "2026-01-05 10:00", "2026-01-05 10:00", "today"),
        (ROUTINE, "2026-01-05 10:00", "2026-01-05 10:00", "by tomorrow"),
        (ROUTINE, "2026-01-08 10:00", "2026-01-08 10:00", "by tomorrow"),  # Thursday
        (ROUTINE, "2026-01-09 10:00", "2026-01-09 10:00", "by Monday"),
        # Near closing: the first hour of the next business day.
        (ACUTE, "2026-01-05 17:30", "2026-01-05 17:30", "tomorrow morning"),
        (URGENT, "2026-01-05 17:30", "2026-01-05 17:30", "tomorrow morning"),
        # Before opening: this morning.
        (ACUTE, "2026-01-05 06:30", "2026-01-05 06:30", "this morning"),
        (URGENT, "2026-01-05 06:30", "2026-01-05 06:30", "today"),
        # After hours, weekends and holidays.
        (ACUTE, "2026-01-05 21:00", "2026-01-05 21:00", "tomorrow morning"),
        (URGENT, "2026-01-05 21:00", "2026-01-05 21:00", "tomorrow"),
        (ACUTE, "2026-01-06 00:30", "2026-01-06 00:30", "this morning"),  # after midnight
        (ACUTE, "2026-01-09 19:00", "2026-01-09 19:00", "on Monday morning"),
        (URGENT, "2026-01-10 12:00", "2026-01-10 12:00", "on Monday"),
        (URGENT, "2026-01-11 12:00", "2026-01-11 12:00", "tomorrow"),  # Sunday
        (ROUTINE, "2026-01-10 12:00", "2026-01-10 12:00", "by Monday"),
        (URGENT, "2026-11-25 19:00", "2026-11-25 19:00", "on Friday"),  # over Thanksgiving
        (ACUTE, "2026-11-26 10:00", "2026-11-26 10:00", "tomorrow morning"),  # Thanksgiving
        (ROUTINE, "2026-11-25 10:00", "2026-11-25 10:00", "by Friday"),
        # Looked at again later the same day, or after the target passed.
        (URGENT, "2026-01-09 19:00", "2026-01-12 08:00", "today"),
        (ACUTE, "2026-01-05 10:00", "2026-01-05 11:30", "as soon as we can"),
    ],
)
def test_the_person_is_told_the_same_target_in_words(tier, submitted, now, phrase):
    said = targets.first_contact_phrase(
        submitted_at=local(submitted), tier=tier, now=local(now), calendar=CAL
    )
    assert said == phrase


def test_a_long_closure_names_the_date():
    closed = BusinessCalendar.build(
        time_zone=CHICAGO,
        hours={day: [(dt.time(8), dt.time(18))] for day in range(5)},
        holidays=[dt.date(2026, 12, 21) + dt.timedelta(days=i) for i in range(14)],
    )
    said = targets.first_contact_phrase(
        submitted_at=local("2026-12-18 19:00"),
        tier=ACUTE,
        now=local("2026-12-18 19:00"),
        calendar=closed,
    )
    assert said == "on Monday, January 4, in the morning"


@pytest.mark.django_db
def test_without_a_calendar_the_practice_hours_are_used():
    from practice.models import Practice

    Practice.forget()
    # A Saturday: the seeded practice (Mon-Fri 08:00-18:00) answers on Monday.
    saturday = local("2027-01-09 12:00")
    assert targets.first_contact_phrase(submitted_at=saturday, tier=URGENT, now=saturday) == (
        "on Monday"
    )
    assert targets.due_at(saturday, tier=URGENT) == local("2027-01-11 18:00")


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0 min"), (59 * 60, "59 min"), (3600, "1 h"), (47 * 3600, "47 h"), (3 * 86400, "3 d")],
)
def test_durations_are_short(seconds, text):
    assert targets.duration(seconds) == text


def test_remaining_says_left_or_late():
    due = local("2026-01-05 18:00")
    assert targets.remaining(due, local("2026-01-05 16:00")) == "2 h left"
    assert targets.remaining(due, local("2026-01-05 21:00")) == "3 h late"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "phrase"),
    [
        ({"right_now": True}, "on Monday morning"),
        ({"urgent": True}, "on Monday"),
        ({}, "by Monday"),
    ],
)
def test_a_saved_request_tells_its_own_target_in_words(overrides, phrase):
    from tests.factories import IntakeRequestFactory

    friday_night = local("2027-01-08 20:00")
    match_request = IntakeRequestFactory(created_at=friday_night, **overrides)
    assert match_request.first_contact_phrase(now=friday_night) == phrase


@pytest.mark.parametrize(
    ("tier", "submitted", "phrase"),
    [
        (ACUTE, "2026-01-05 10:00", "dentro de una hora"),
        (URGENT, "2026-01-05 10:00", "hoy"),
        (ACUTE, "2026-01-05 06:30", "esta mañana"),
        (ACUTE, "2026-01-05 17:30", "mañana por la mañana"),
        (URGENT, "2026-01-05 21:00", "mañana"),
        (ROUTINE, "2026-01-05 10:00", "a más tardar mañana"),
        (ACUTE, "2026-01-09 19:00", "el lunes por la mañana"),
        (URGENT, "2026-01-10 12:00", "el lunes"),
        (ROUTINE, "2026-01-09 10:00", "a más tardar el lunes"),
    ],
)
def test_the_person_is_told_the_target_in_spanish_on_the_spanish_pages(tier, submitted, phrase):
    from django.utils import translation

    with translation.override("es"):
        said = targets.first_contact_phrase(
            submitted_at=local(submitted), tier=tier, now=local(submitted), calendar=CAL
        )
    assert said == phrase


def test_a_long_closure_names_the_date_in_spanish():
    from django.utils import translation

    closed = BusinessCalendar.build(
        time_zone=CHICAGO,
        hours={day: [(dt.time(8), dt.time(18))] for day in range(5)},
        holidays=[dt.date(2026, 12, 21) + dt.timedelta(days=i) for i in range(14)],
    )
    with translation.override("es"):
        said = targets.first_contact_phrase(
            submitted_at=local("2026-12-18 19:00"),
            tier=ACUTE,
            now=local("2026-12-18 19:00"),
            calendar=closed,
        )
    assert said == "el lunes 4 de enero, por la mañana"
