"""Availability check-ins: who is asked, and what an answer does."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from clinicians import services
from clinicians.models import ClinicianEvent, ClinicianLink
from matching.models import SearchRow
from matching.ranking import Preferences, rank
from outbox.models import OutboxMessage
from tests.clinicians.helpers import last_link, links_in, sign_in_clinician
from tests.factories import ClinicianFactory
from tests.matching.helpers import assert_search_rows_current

pytestmark = pytest.mark.django_db
CHECK_IN = OutboxMessage.Kind.CLINICIAN_CHECK_IN


def days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)


@pytest.mark.parametrize(
    ("confirmed", "asked", "active", "email", "asked_now"),
    [
        (days_ago(15), None, True, "a@example.org", True),
        (None, None, True, "a@example.org", True),  # never confirmed
        (days_ago(14), None, True, "a@example.org", False),  # exactly N days: not yet
        (days_ago(3), None, True, "a@example.org", False),
        (days_ago(40), 13, True, "a@example.org", False),  # asked 13 days ago
        (days_ago(40), 15, True, "a@example.org", True),  # asked 15 days ago: again
        (days_ago(40), None, False, "a@example.org", False),  # inactive
        (days_ago(40), None, True, "", False),  # no address to send to
    ],
)
def test_who_is_asked(confirmed, asked, active, email, asked_now):
    clinician = ClinicianFactory(availability_confirmed_on=confirmed, is_active=active, email=email)
    if asked is not None:
        with time_machine.travel(timezone.now() - datetime.timedelta(days=asked)):
            ClinicianLink.objects.create(
                clinician=clinician,
                purpose="check_in",
                token_hash=f"{asked:064d}",
                expires_at=timezone.now(),
            )
    assert services.send_availability_checks() == int(asked_now)
    assert OutboxMessage.objects.filter(kind=CHECK_IN).count() == int(asked_now)


def test_the_interval_is_a_setting(settings):
    settings.CHECK_IN_EVERY_DAYS = 7
    ClinicianFactory(availability_confirmed_on=days_ago(8))
    assert services.send_availability_checks() == 1


def test_a_second_run_sends_nothing_more():
    ClinicianFactory(availability_confirmed_on=days_ago(20))
    out = io.StringIO()
    call_command("send_availability_checks", stdout=out)
    call_command("send_availability_checks", stdout=out)
    assert out.getvalue().splitlines() == ["1 check-in(s) queued.", "0 check-in(s) queued."]


def test_the_email_links_to_the_check_in_page_and_says_what_happens_without_an_answer():
    clinician = ClinicianFactory(first_name="Maya", availability_confirmed_on=days_ago(20))
    services.send_availability_checks()
    message = OutboxMessage.objects.get(kind=CHECK_IN)
    assert message.to == [clinician.email]
    assert "/for-clinicians/check-in/" in message.body and "Nothing changed" in message.body
    assert "14 days" in message.body and "no longer offered" in message.body


def stale_clinician(**kwargs):
    defaults = {"availability_confirmed_on": days_ago(30), "specialties": ["anxiety"]}
    return ClinicianFactory(**{**defaults, **kwargs})


def test_nothing_changed_is_one_tap_and_confirms_today_in_the_ranking():
    clinician = stale_clinician()
    services.send_availability_checks()
    token = last_link(CHECK_IN)
    client = Client()
    page = client.get(f"/for-clinicians/check-in/{token}/")
    assert page.status_code == 200 and "Nothing changed" in page.content.decode()
    done = client.post(f"/for-clinicians/check-in/{token}/", {"answer": "unchanged"})
    assert done.status_code == 200 and "Availability confirmed today" in done.content.decode()
    clinician.refresh_from_db()
    assert clinician.availability_confirmed_on == timezone.localdate()
    assert SearchRow.objects.get(clinician=clinician).confirmed_on == timezone.localdate()
    assert_search_rows_current()
    prefs = Preferences(state="MN", format="telehealth", concerns=("anxiety",), seed="x")
    assert "Availability confirmed today" in rank(prefs).matches[0].reasons
    event = ClinicianEvent.objects.get(clinician=clinician, action="nothing_changed")
    assert event.note == ""


def test_the_link_answers_once():
    stale_clinician()
    services.send_availability_checks()
    token = last_link(CHECK_IN)
    url = f"/for-clinicians/check-in/{token}/"
    assert Client().post(url, {"answer": "unchanged"}).status_code == 200
    again = Client().post(url, {"answer": "unchanged"})
    assert again.status_code == 404 and "no longer works" in again.content.decode()
    assert ClinicianEvent.objects.filter(action="nothing_changed").count() == 1


def test_the_link_lasts_fourteen_days():
    stale_clinician()
    services.send_availability_checks()
    token = last_link(CHECK_IN)
    url = f"/for-clinicians/check-in/{token}/"
    with time_machine.travel(timezone.now() + datetime.timedelta(days=13, hours=23)):
        assert Client().get(url).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=14, minutes=1)):
        assert Client().get(url).status_code == 404


def test_a_near_miss_of_the_check_in_token_opens_nothing(client):
    from tests.security.urlwalk import assert_token_is_unguessable

    stale_clinician()
    services.send_availability_checks()
    token = last_link(CHECK_IN)
    assert_token_is_unguessable(client, lambda t: f"/for-clinicians/check-in/{t}/", token)


def test_a_change_updates_the_clinician_and_the_ranking_and_tells_intake_about_the_note():
    clinician = stale_clinician(waitlist_weeks=None, accepting_new_clients=True)
    services.send_availability_checks()
    token = last_link(CHECK_IN)
    response = Client().post(
        f"/for-clinicians/check-in/{token}/",
        {
            "answer": "changed",
            "accepting_new_clients": "no",
            "waitlist_weeks": "6",
            "telehealth": "on",
            "note": "Back from leave in March.",
        },
    )
    assert response.status_code == 200
    clinician.refresh_from_db()
    assert (clinician.accepting_new_clients, clinician.waitlist_weeks) == (False, 6)
    assert clinician.availability_confirmed_on == timezone.localdate()
    row = SearchRow.objects.get(clinician=clinician)
    assert (row.accepting, row.waitlist_weeks) == (False, 6)
    prefs = Preferences(state="MN", format="telehealth", concerns=("anxiety",), seed="x")
    assert clinician.pk not in [m.clinician_id for m in rank(prefs).matches if not m.relaxed]
    event = ClinicianEvent.objects.get(clinician=clinician, action="availability")
    assert "accepting_new_clients" in event.detail and "waitlist_weeks" in event.detail
    assert event.note == "Back from leave in March."
    notice = OutboxMessage.objects.get(kind=OutboxMessage.Kind.STAFF_CLINICIAN_NOTE)
    assert "Back from leave" not in notice.body, "the note is read behind the admin sign-in"


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"accepting_new_clients": "yes"}, "Choose telehealth, in person, or both"),
        ({"accepting_new_clients": "yes", "in_person": "on"}, "no office on file"),
        ({"accepting_new_clients": "maybe", "telehealth": "on"}, "Select a valid choice"),
        ({"accepting_new_clients": "yes", "telehealth": "on", "waitlist_weeks": "-1"}, "greater"),
        ({"accepting_new_clients": "yes", "telehealth": "on", "note": "x" * 501}, "at most 500"),
    ],
)
def test_a_bad_answer_is_explained_and_the_link_still_works(data, error):
    clinician = stale_clinician()
    services.send_availability_checks()
    url = f"/for-clinicians/check-in/{last_link(CHECK_IN)}/"
    response = Client().post(url, {"answer": "changed", **data})
    assert response.status_code == 200
    assert error in response.content.decode()
    clinician.refresh_from_db()
    assert clinician.availability_confirmed_on == days_ago(30)
    assert Client().post(url, {"answer": "unchanged"}).status_code == 200


def test_a_signed_in_clinician_confirms_from_their_page(client):
    clinician = stale_clinician()
    sign_in_clinician(client, clinician)
    page = client.get("/for-clinicians/home/").content.decode()
    assert "4 weeks ago" in page and "Nothing changed" in page
    response = client.post("/for-clinicians/home/", {"answer": "unchanged"})
    assert response.status_code == 302
    clinician.refresh_from_db()
    assert clinician.availability_confirmed_on == timezone.localdate()
    assert "today" in client.get("/for-clinicians/home/").content.decode()


def test_the_check_in_page_costs_a_few_queries(django_assert_max_num_queries, practice):
    stale_clinician()
    services.send_availability_checks()
    url = f"/for-clinicians/check-in/{last_link(CHECK_IN)}/"
    with django_assert_max_num_queries(4):
        assert Client().get(url).status_code == 200


def test_no_link_is_sent_twice_for_one_clinician_in_one_run():
    stale_clinician()
    services.send_availability_checks()
    assert len(links_in(CHECK_IN)) == 1
