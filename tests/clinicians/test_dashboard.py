"""The dashboard's figures about clinicians: confirmed share, answers, waits, whom to chase."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from clinicians import dashboard
from clinicians.models import ClinicianEvent
from practice.calendar import BusinessCalendar
from tests.clinicians.helpers import make_referral
from tests.factories import ClinicianFactory, IntakeRequestFactory

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
CAL = BusinessCalendar.build(
    time_zone=CHICAGO, hours={d: [(dt.time(8), dt.time(18))] for d in range(5)}
)


def at(day, hour=10):
    return dt.datetime(2026, 11, day, hour, tzinfo=CHICAGO)


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (at(16), at(16, 17), 0),  # the same day
        (at(16), at(17), 1),
        (at(20), at(23), 1),  # Friday to Monday
        (at(21), at(23), 1),  # Saturday to Monday
        (at(16), at(30), 10),
    ],
)
def test_business_days_between(start, end, days):
    assert dashboard.business_days_between(CAL, start, end) == days


@pytest.mark.parametrize(
    ("values", "share", "expected"),
    [([], 0.9, None), ([3], 0.9, 3), ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9, 9), ([5, 1], 0.5, 1)],
)
def test_percentile_is_the_nearest_rank(values, share, expected):
    assert dashboard.percentile(values, share) == expected


def by_slug(figures):
    return {f.slug: f for f in figures}


@pytest.mark.django_db
def test_the_figures_count_what_happened(practice):
    now = timezone.now()
    fresh = ClinicianFactory(first_name="Fresh")
    ClinicianFactory(availability_confirmed_on=timezone.localdate() - dt.timedelta(days=20))
    slow = ClinicianFactory(first_name="Slow", last_name="Person")
    ClinicianEvent.objects.create(clinician=fresh, action="nothing_changed")
    request = IntakeRequestFactory(created_at=now - dt.timedelta(hours=30))
    make_referral(
        clinician=fresh,
        request=request,
        status="accepted",
        offered_at=now - dt.timedelta(hours=6),
        answered_at=now - dt.timedelta(hours=2),
    )
    make_referral(clinician=slow, status="expired", offered_at=now - dt.timedelta(days=3))
    with time_machine.travel(now, tick=False):
        figures = by_slug(dashboard.figures(now=now, weeks=4))
    assert "67% (2 of 3 active clinicians)" in figures["roster-confirmed"].summary
    assert figures["referrals"].summary.startswith("50% accepted; median answer in 4 h")
    assert "Slow Person" in figures["chase"].table
    assert "Fresh" not in figures["chase"].table


@pytest.mark.django_db
def test_with_nothing_yet_the_figures_say_so(practice):
    figures = by_slug(dashboard.figures(now=timezone.now(), weeks=4))
    assert figures["referrals"].summary == "No referral decided yet."
    assert figures["chase"].summary == "Nobody to chase."
