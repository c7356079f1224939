"""Repeated failed sign-ins lock a username from one address for a while (django-axes)."""

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.test import Client, RequestFactory
from django.utils import timezone

from ellie.auth import client_ip
from tests.security.helpers import PASSWORDS

pytestmark = pytest.mark.django_db

RIGHT = PASSWORDS["ivy"]


def attempt(password, *, username="ivy", client=None, **meta):
    client = client or Client()
    return client, client.post(
        "/accounts/login/", {"username": username, "password": password}, **meta
    )


def fail(times, **kwargs):
    for _ in range(times):
        _, response = attempt("wrong-password", **kwargs)
        assert response.status_code in (200, 429)


def signs_in(**kwargs) -> bool:
    client, response = attempt(RIGHT, **kwargs)
    return response.status_code == 302 and SESSION_KEY in client.session


def test_five_failures_lock_the_account_with_a_friendly_page(intake_staff):
    fail(4)
    _, fifth = attempt("wrong-password")
    assert fifth.status_code == 429
    client, response = attempt(RIGHT)
    assert response.status_code == 429
    assert SESSION_KEY not in client.session
    body = response.content.decode()
    assert "Signing in is paused" in body
    assert "for 30 minutes" in body
    # A sign-in page is a staff page (no crisis strip), and still names 988 in its words.
    assert 'aria-label="Crisis support"' not in body
    assert 'href="tel:988"' in body


def test_four_failures_do_not_lock(intake_staff):
    fail(4)
    assert signs_in()


def test_a_successful_sign_in_clears_earlier_failures(intake_staff):
    fail(4)
    assert signs_in()
    fail(4)
    assert signs_in()


@pytest.mark.parametrize(("minutes", "unlocked"), [(29, False), (31, True)])
def test_the_lock_lifts_after_the_cool_off_and_not_before(intake_staff, minutes, unlocked):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail(5)
    with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
        assert signs_in() is unlocked


def test_trying_again_during_the_lock_restarts_the_cool_off(intake_staff):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail(5)
    with time_machine.travel(start + timedelta(minutes=20), tick=False):
        assert not signs_in()
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        assert not signs_in()
    with time_machine.travel(start + timedelta(minutes=31 + 31), tick=False):
        assert signs_in()


def test_the_lock_is_for_that_username_from_that_address(intake_staff, editor):
    fail(5, REMOTE_ADDR="203.0.113.10")
    assert not signs_in(REMOTE_ADDR="203.0.113.10")
    assert signs_in(REMOTE_ADDR="198.51.100.20"), "the same person elsewhere is not locked"
    _, response = attempt(PASSWORDS["editor"], username="editor", REMOTE_ADDR="203.0.113.10")
    assert response.status_code == 302, "colleagues behind the same address are not locked"


def test_without_a_proxy_a_forged_forwarded_for_header_does_not_dodge_the_lock(intake_staff):
    for n in range(5):
        attempt("wrong-password", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert not signs_in(HTTP_X_FORWARDED_FOR="192.0.2.99")


def test_behind_a_proxy_the_lock_follows_the_address_the_proxy_saw(settings, intake_staff):
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    # The client writes whatever it likes on the left; the proxy appends the real address.
    for n in range(5):
        attempt("wrong-password", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.7", **proxy)
    assert not signs_in(HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.7", **proxy)
    assert signs_in(HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy), "others behind the proxy"
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"


@pytest.mark.parametrize(
    ("behind_proxy", "count", "forwarded", "expected"),
    [
        (False, 1, "203.0.113.7", "10.0.0.2"),
        (True, 1, "", "10.0.0.2"),
        (True, 1, "203.0.113.7", "203.0.113.7"),
        (True, 1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),
        (True, 1, "6.6.6.6,203.0.113.7 ", "203.0.113.7"),
        (True, 2, "6.6.6.6, 203.0.113.7, 10.0.0.9", "203.0.113.7"),
        (True, 2, "203.0.113.7", "10.0.0.2"),
        (True, 1, "not-an-address", "10.0.0.2"),
        (True, 1, "<script>", "10.0.0.2"),
        (True, 1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_ip_takes_the_right_hop(settings, behind_proxy, count, forwarded, expected):
    settings.BEHIND_PROXY = behind_proxy
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_failed_attempts_keep_no_password(intake_staff):
    attempt("a-canary-password-4711")
    row = AccessAttempt.objects.get()
    assert "a-canary-password-4711" not in f"{row.get_data} {row.post_data}"


def test_the_test_clients_login_still_works(client, intake_staff):
    """No request, no address to key on: the lockout check steps aside, the password decides."""
    assert client.login(username="ivy", password=RIGHT)
    assert not Client().login(username="ivy", password="wrong-password")


def test_a_sign_in_over_http_is_still_checked_when_locked(intake_staff):
    fail(5)
    assert not signs_in()


# Password spraying: one address trying many usernames.


def test_twenty_failures_across_usernames_lock_the_address_for_everyone(intake_staff, editor):
    here = {"REMOTE_ADDR": "203.0.113.30"}
    for n in range(19):
        _, response = attempt("Summer2025!", username=f"someone{n}", **here)
        assert response.status_code == 200, n  # no username failed five times
    _, twentieth = attempt("Summer2025!", username="someone-else", **here)
    assert twentieth.status_code == 429
    client, response = attempt(RIGHT, **here)
    assert response.status_code == 429, "the right password from that address waits too"
    assert SESSION_KEY not in client.session
    body = response.content.decode()
    assert "too many failed attempts to sign in from this network" in body
    assert "for 30 minutes" in body
    assert signs_in(REMOTE_ADDR="198.51.100.20"), "other addresses are not locked"


def test_nineteen_failures_across_usernames_do_not_lock_the_address(intake_staff):
    here = {"REMOTE_ADDR": "203.0.113.31"}
    for n in range(19):
        attempt("wrong-password", username=f"someone{n}", **here)
    assert signs_in(**here)


def test_the_address_lock_lifts_after_the_cool_off(intake_staff):
    here = {"REMOTE_ADDR": "203.0.113.32"}
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for n in range(20):
            attempt("wrong-password", username=f"someone{n}", **here)
        assert not signs_in(**here)
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        assert signs_in(**here)


def test_the_address_limit_is_a_setting(settings, intake_staff):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 3
    here = {"REMOTE_ADDR": "203.0.113.33"}
    for n in range(3):
        attempt("wrong-password", username=f"someone{n}", **here)
    assert not signs_in(**here)


# A proxy in front without BEHIND_PROXY: everyone shares the proxy's address. Say so, once.


@pytest.fixture
def fresh_process(monkeypatch):
    from ellie.middleware import ForwardedForWarningMiddleware

    monkeypatch.setattr(ForwardedForWarningMiddleware, "warned", False)


def proxy_warnings(caplog) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if "X-Forwarded-For" in r.getMessage() and r.levelname == "WARNING"
    ]


def test_forwarded_requests_without_behind_proxy_log_one_warning(fresh_process, caplog):
    caplog.set_level("WARNING", logger="ellie.middleware")
    for n in range(3):
        Client().get("/crisis/", HTTP_X_FORWARDED_FOR=f"203.0.113.{40 + n}")
    (warning,) = proxy_warnings(caplog)
    assert "BEHIND_PROXY is off" in warning and "BEHIND_PROXY=1" in warning
    assert "203.0.113" not in warning, "people's addresses stay out of the log"


@pytest.mark.parametrize(
    ("behind_proxy", "forwarded"), [(True, "203.0.113.40"), (False, None)], ids=["on", "direct"]
)
def test_no_proxy_warning_when_the_setting_fits(
    settings, fresh_process, caplog, behind_proxy, forwarded
):
    settings.BEHIND_PROXY = behind_proxy
    caplog.set_level("WARNING", logger="ellie.middleware")
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    Client().get("/crisis/", **extra)
    assert proxy_warnings(caplog) == []


def test_the_warning_comes_even_when_https_redirects_first(settings, fresh_process, caplog):
    settings.SECURE_SSL_REDIRECT = True
    caplog.set_level("WARNING", logger="ellie.middleware")
    response = Client().get("/crisis/", HTTP_X_FORWARDED_FOR="203.0.113.40")
    assert response.status_code == 301
    assert len(proxy_warnings(caplog)) == 1
