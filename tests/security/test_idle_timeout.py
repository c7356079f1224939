"""Staff are signed out after STAFF_IDLE_TIMEOUT_MINUTES without a request."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.utils import timezone

from tests.security.helpers import PASSWORDS

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.security.urls")]


@pytest.fixture
def start():
    return timezone.now()


def sign_in_at(client, when):
    with time_machine.travel(when, tick=False):
        response = client.post(
            "/accounts/login/", {"username": "ivy", "password": PASSWORDS["ivy"]}
        )
        assert response.status_code == 302


def visit_at(client, when, path="/staff/probe/"):
    with time_machine.travel(when, tick=False):
        return client.get(path)


def test_a_staff_member_stays_signed_in_while_active(client, intake_staff, start):
    sign_in_at(client, start)
    for minutes in (20, 40, 60, 80):
        assert visit_at(client, start + timedelta(minutes=minutes)).status_code == 200


def test_after_thirty_idle_minutes_the_next_request_goes_to_the_login_page(
    client, intake_staff, start
):
    sign_in_at(client, start)
    assert visit_at(client, start + timedelta(minutes=10)).status_code == 200
    response = visit_at(client, start + timedelta(minutes=41))
    assert response["Location"] == "/accounts/login/?next=/staff/probe/"
    assert SESSION_KEY not in client.session
    login_page = visit_at(client, start + timedelta(minutes=41), response["Location"])
    assert "You were signed out after 30 minutes without activity." in login_page.content.decode()


def test_the_clock_starts_at_sign_in(client, intake_staff, start):
    sign_in_at(client, start)
    response = visit_at(client, start + timedelta(minutes=31))
    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_twenty_nine_idle_minutes_are_fine(client, intake_staff, start):
    sign_in_at(client, start)
    assert visit_at(client, start + timedelta(minutes=29)).status_code == 200


def test_the_timeout_is_a_setting(client, settings, intake_staff, start):
    settings.STAFF_IDLE_TIMEOUT_MINUTES = 5
    sign_in_at(client, start)
    assert visit_at(client, start + timedelta(minutes=6)).status_code == 302


def test_public_pages_still_open_after_the_timeout(client, intake_staff, start):
    sign_in_at(client, start)
    assert visit_at(client, start + timedelta(hours=2), "/crisis/").status_code == 200
    assert SESSION_KEY not in client.session


def test_twelve_hours_after_signing_in_the_session_ends_however_active(client, intake_staff, start):
    sign_in_at(client, start)
    for minutes in range(20, 12 * 60, 20):  # a request every 20 minutes, all day
        assert visit_at(client, start + timedelta(minutes=minutes)).status_code == 200, minutes
    response = visit_at(client, start + timedelta(hours=12, minutes=1))
    assert response["Location"] == "/accounts/login/?next=/staff/probe/"
    assert SESSION_KEY not in client.session
    login_page = visit_at(client, start + timedelta(hours=12, minutes=1), response["Location"])
    assert "You were signed out 12 hours after signing in." in login_page.content.decode()


def test_signing_in_again_starts_a_new_twelve_hours(client, intake_staff, start):
    sign_in_at(client, start)
    sign_in_at(client, start + timedelta(hours=11, minutes=50))
    assert visit_at(client, start + timedelta(hours=12, minutes=10)).status_code == 200


def test_a_session_without_a_sign_in_time_ends(client, intake_staff, start):
    from ellie.middleware import SIGNED_IN_SESSION_KEY

    sign_in_at(client, start)
    session = client.session
    del session[SIGNED_IN_SESSION_KEY]
    session.save()
    assert visit_at(client, start + timedelta(minutes=1)).status_code == 302
    assert SESSION_KEY not in client.session
