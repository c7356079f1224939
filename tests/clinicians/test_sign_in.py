"""Clinicians sign in by a one-time link to their roster email; no passwords."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from clinicians import access, services
from clinicians.models import ClinicianEvent, ClinicianLink, ClinicianSession
from clinicians.tokens import token_hash
from outbox.models import OutboxMessage
from tests.clinicians.helpers import last_link, links_in, sign_in_clinician
from tests.factories import ClinicianFactory
from tests.security.helpers import sign_in

pytestmark = pytest.mark.django_db
SIGN_IN = OutboxMessage.Kind.CLINICIAN_SIGN_IN


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def ask(client, email):
    return client.post("/for-clinicians/", {"email": email})


def test_the_page_answers_the_same_for_a_known_and_an_unknown_address(client):
    clinician = ClinicianFactory(email="maya@example.org")
    known = ask(client, "Maya@Example.org")
    unknown = ask(Client(), "nobody@example.org")
    assert known.status_code == unknown.status_code == 200
    strip = (known.content.decode(), unknown.content.decode())
    # Only the CSRF token differs between the two pages.
    import re

    a, b = (re.sub(r'value="[^"]+"', "", page) for page in strip)
    assert a == b
    assert "If that address belongs" in a
    assert OutboxMessage.objects.filter(kind=SIGN_IN, to=[clinician.email]).count() == 1
    assert OutboxMessage.objects.filter(kind=SIGN_IN).count() == 1


def test_an_inactive_clinician_gets_no_link(client):
    ClinicianFactory(email="gone@example.org", is_active=False)
    assert ask(client, "gone@example.org").status_code == 200
    assert not OutboxMessage.objects.filter(kind=SIGN_IN).exists()


def test_the_link_signs_in_once_and_is_stored_only_as_a_hash(client):
    clinician = ClinicianFactory()
    ask(client, clinician.email)
    token = last_link(SIGN_IN)
    assert len(token) >= 43
    link = ClinicianLink.objects.get()
    assert link.token_hash == token_hash(token)
    assert token not in str(list(ClinicianLink.objects.values_list()))
    page = client.get(f"/for-clinicians/sign-in/{token}/")
    assert page.status_code == 200 and "Sign in" in page.content.decode()
    assert ClinicianLink.objects.get().used_at is None, "opening the link uses nothing"
    response = client.post(f"/for-clinicians/sign-in/{token}/")
    assert response.status_code == 302 and response["Location"] == "/for-clinicians/home/"
    cookie = response.cookies[access.cookie_name()]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert ClinicianSession.objects.get().token_hash == token_hash(cookie.value)
    assert client.get("/for-clinicians/home/").status_code == 200
    again = Client().post(f"/for-clinicians/sign-in/{token}/")
    assert again.status_code == 404 and "no longer works" in again.content.decode()
    assert ClinicianEvent.objects.filter(action="signed_in", clinician=clinician).count() == 1


def test_the_link_expires_after_thirty_minutes(client):
    clinician = ClinicianFactory()
    ask(client, clinician.email)
    token = last_link(SIGN_IN)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=31)):
        assert client.post(f"/for-clinicians/sign-in/{token}/").status_code == 404
    assert not ClinicianSession.objects.exists()


def test_a_near_miss_of_the_token_opens_nothing(client):
    from tests.security.urlwalk import assert_token_is_unguessable

    clinician = ClinicianFactory()
    ask(client, clinician.email)
    token = last_link(SIGN_IN)
    assert_token_is_unguessable(client, lambda t: f"/for-clinicians/sign-in/{t}/", token)


def test_the_email_carries_only_the_link():
    clinician = ClinicianFactory(first_name="Maya")
    services.request_sign_in_link(email=clinician.email)
    message = OutboxMessage.objects.get(kind=SIGN_IN)
    assert message.request_id is None
    assert "Maya" in message.body and "/for-clinicians/sign-in/" in message.body
    assert "30 minutes" in message.body


def test_too_many_requests_from_one_address_are_refused(client, settings):
    settings.CLINICIAN_LINK_RATE_LIMIT = 2
    ClinicianFactory(email="a@example.org")
    assert ask(client, "a@example.org").status_code == 200
    assert ask(client, "b@example.org").status_code == 200
    refused = ask(client, "a@example.org")
    assert refused.status_code == 429 and "Too many links" in refused.content.decode()
    assert len(links_in(SIGN_IN)) == 1


def test_one_clinician_gets_at_most_three_links_an_hour(settings):
    clinician = ClinicianFactory()
    sent = [services.request_sign_in_link(email=clinician.email) for _ in range(5)]
    assert sent == [True, True, True, False, False]


def test_signing_out_ends_the_session(client):
    clinician = ClinicianFactory()
    sign_in_clinician(client, clinician)
    response = client.post("/for-clinicians/sign-out/")
    assert response.status_code == 302
    assert ClinicianSession.objects.get().ended_at is not None
    assert client.get("/for-clinicians/home/")["Location"] == "/for-clinicians/"


def test_a_session_ends_after_its_hours(client):
    clinician = ClinicianFactory()
    sign_in_clinician(client, clinician)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=13)):
        assert client.get("/for-clinicians/home/").status_code == 302


def test_a_clinician_made_inactive_is_signed_out(client):
    clinician = ClinicianFactory()
    sign_in_clinician(client, clinician)
    clinician.is_active = False
    clinician.save()
    assert client.get("/for-clinicians/home/").status_code == 302


@pytest.mark.parametrize(
    "url", ["/staff/", "/admin/", "/admin/matching/clinician/", "/accounts/backup-codes/"]
)
def test_a_clinician_session_opens_no_staff_or_admin_page(client, url):
    sign_in_clinician(client, ClinicianFactory())
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/") or response["Location"].startswith(
        "/admin/login/"
    )


def test_a_staff_session_opens_no_clinician_page(client, intake_staff, editor):
    for user in (intake_staff, editor):
        staff = sign_in(Client(), user)
        assert staff.get("/for-clinicians/home/")["Location"] == "/for-clinicians/"


def test_a_hostile_cookie_opens_nothing():
    for value in ["a\x00b", "<script>", "x" * 4000, "", "1"]:
        client = Client()
        client.cookies[access.cookie_name()] = value
        assert client.get("/for-clinicians/home/").status_code == 302


def test_clinician_pages_use_the_staff_layout_without_the_crisis_strip(client):
    page = client.get("/for-clinicians/").content.decode()
    assert "staff-shell" in page and "For clinicians" in page
    assert "crisis-strip" not in page
    assert "no-store" in client.get("/for-clinicians/")["Cache-Control"]
