"""The dashboard: volume and tiers, time to first contact per tier, outcomes, most requested."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from intake.staff import dashboard
from tests.budgets import VERSION
from tests.factories import ClinicianFactory, IntakeRequestFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 18, 18, 0, tzinfo=dt.timezone.utc)  # a Wednesday


def figure(data, slug):
    return next(f for f in data["figures"] if f.slug == slug)


@pytest.fixture
def history():
    popular = ClinicianFactory(first_name="Ines", last_name="Popular")
    full = ClinicianFactory(first_name="Otto", last_name="Full", not_accepting=True)
    with time_machine.travel(NOW, tick=False):
        this_week = NOW - dt.timedelta(days=1)
        last_week = NOW - dt.timedelta(days=8)
        IntakeRequestFactory(
            urgent=True,
            created_at=this_week,
            first_contact_at=this_week + dt.timedelta(hours=2),
            chosen=[popular, full],
        )
        IntakeRequestFactory(
            created_at=this_week,
            first_contact_at=this_week + dt.timedelta(hours=20),
            status="closed",
            outcome="booked",
            closed_at=NOW,
            chosen=[popular],
        )
        IntakeRequestFactory(
            created_at=last_week,
            first_contact_at=last_week + dt.timedelta(hours=10),
            status="closed",
            outcome="no_response",
            closed_at=NOW - dt.timedelta(days=2),
        )
        IntakeRequestFactory(
            right_now=True,
            created_at=this_week,
            first_contact_at=this_week + dt.timedelta(minutes=30),
        )
        IntakeRequestFactory(created_at=NOW - dt.timedelta(days=200))  # outside the window
    return popular, full


def test_the_dashboard_counts_requests_by_week_and_tier(history):
    data = dashboard.build(NOW)
    volume = str(figure(data, "volume").table)
    assert '<th scope="col">Right now</th><th scope="col">Urgent</th>' in volume
    assert '<th scope="row">Mar 16</th><td>3</td><td>1</td><td>1</td><td>1</td>' in volume
    assert '<th scope="row">Mar 9</th><td>1</td><td>0</td><td>0</td><td>1</td>' in volume
    assert figure(data, "volume").summary == "4 requests in 12 weeks."
    assert figure(data, "urgent").summary == (
        "50% right now or urgent overall (2 of 4: 1 right now, 1 urgent)."
    )
    share = str(figure(data, "urgent").table)
    assert '<th scope="row">Mar 16</th><td>1</td><td>1</td><td>3</td><td>66.7%</td>' in share


def test_the_dashboard_gives_the_median_time_to_first_contact_per_tier(history):
    data = dashboard.build(NOW)
    assert figure(data, "first-contact").summary == (
        "Overall median: right now 0.5 h, urgent 2 h, routine 15 h."
    )
    svg = str(figure(data, "first-contact").svg)
    assert ">Right now</text>" in svg and ">Routine</text>" in svg


def test_the_dashboard_counts_outcomes_and_the_most_requested_clinicians(history):
    data = dashboard.build(NOW)
    outcomes = str(figure(data, "outcomes").table)
    assert '<th scope="row">Booked</th><td>1</td>' in outcomes
    assert '<th scope="row">No response</th><td>1</td>' in outcomes
    assert figure(data, "outcomes").summary == "2 requests closed."
    clinicians = figure(data, "clinicians")
    table = str(clinicians.table)
    assert table.index("Ines Popular") < table.index("Otto Full")
    assert "<td>2</td><td>Yes</td>" in table
    assert "<td>1</td><td>No</td>" in table
    assert "not accepting" in str(clinicians.svg)
    assert clinicians.summary == "1 of the 2 most requested is not accepting new clients."


@pytest.mark.parametrize(
    "not_accepting, shown, summary",
    [
        (0, 0, "No clinician chosen yet."),
        (0, 3, "All 3 of the most requested are accepting new clients."),
        (1, 3, "1 of the 3 most requested is not accepting new clients."),
        (2, 3, "2 of the 3 most requested are not accepting new clients."),
    ],
)
def test_the_most_requested_summary_reads_as_a_sentence(not_accepting, shown, summary):
    assert dashboard._accepting_summary(not_accepting, shown) == summary


def test_the_summaries_say_plainly_when_nobody_was_contacted_or_closed_yet():
    with time_machine.travel(NOW, tick=False):
        IntakeRequestFactory(created_at=NOW - dt.timedelta(days=1))
    data = dashboard.build(NOW)
    assert figure(data, "volume").summary == "1 request in 12 weeks."
    assert figure(data, "first-contact").summary == "No first contact recorded yet."
    assert figure(data, "outcomes").summary == "No request closed yet."


def test_every_chart_has_a_title_and_a_table(history, client, intake_staff):
    client.force_login(intake_staff)
    with time_machine.travel(NOW, tick=False):
        body = client.get(reverse("staff:dashboard")).content.decode()
    # Five intake figures, and three about clinicians (clinicians.dashboard).
    assert body.count('role="img"') == 8
    assert body.count("<title id=") == 8
    assert body.count("<table") == 8
    assert "style=" not in body


def test_the_dashboard_costs_a_fixed_number_of_queries(
    history, client, intake_staff, practice, django_assert_max_num_queries
):
    IntakeRequestFactory.create_batch(200, first_contact_at=NOW)
    client.force_login(intake_staff)
    # Intake's figures, then six aggregate queries for the clinicians' figures.
    with django_assert_max_num_queries(VERSION + 16):
        assert client.get(reverse("staff:dashboard")).status_code == 200


def test_an_empty_dashboard_says_there_is_no_data_yet(client, intake_staff):
    client.force_login(intake_staff)
    body = client.get(reverse("staff:dashboard")).content.decode()
    assert "No data yet" in body
    assert "No requests yet." in body
