"""The second factor: a code from an authenticator app after the password, for staff and admin."""

import re
from datetime import timedelta
from io import StringIO
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.security.helpers import PASSWORDS, authenticator, code_for, sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.security.urls")]


@pytest.fixture(autouse=True)
def second_factor_on(settings):
    settings.REQUIRE_2FA = True


def password_step(client, user, next_url="/staff/probe/"):
    return client.post(
        f"/accounts/login/?next={next_url}",
        {"username": user.username, "password": PASSWORDS[user.username]},
    )


def test_the_password_alone_leads_to_the_code_step(client, intake_staff):
    response = password_step(client, intake_staff)
    assert response["Location"] == "/accounts/verify/?next=%2Fstaff%2Fprobe%2F"
    assert client.get("/staff/probe/")["Location"].startswith("/accounts/verify/")


def test_the_right_code_opens_the_page_asked_for(client, intake_staff):
    device = authenticator(intake_staff)
    password_step(client, intake_staff)
    page = client.get("/accounts/verify/?next=/staff/probe/")
    assert 'autocomplete="one-time-code"' in page.content.decode()
    response = client.post(
        "/accounts/verify/", {"token": code_for(device), "next": "/staff/probe/"}
    )
    assert response["Location"] == "/staff/probe/"
    assert client.get("/staff/probe/").content == b"staff page for ivy"


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("", "This field is required."),
        ("12ab56", "Enter the six digits shown in your authenticator app."),
        ("１２３４５６", "Enter the six digits shown in your authenticator app."),
        ("12\x0056", "Null characters are not allowed."),
        ("000000", "That code did not match."),
    ],
)
def test_a_wrong_code_is_refused_with_a_clear_message(client, intake_staff, token, message):
    device = authenticator(intake_staff)
    if token == "000000" and code_for(device) == "000000":
        token = "000001"
    sign_in(client, intake_staff, verified=False)
    response = client.post("/accounts/verify/", {"token": token})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_entering_the_code_gives_a_new_session_key(client, intake_staff):
    device = authenticator(intake_staff)
    sign_in(client, intake_staff, verified=False)
    before = client.session.session_key
    client.post("/accounts/verify/", {"token": code_for(device)})
    assert client.session.session_key != before
    assert client.get("/staff/probe/").status_code == 200


def test_a_code_cannot_be_used_twice(client, intake_staff):
    device = authenticator(intake_staff)
    code = code_for(device)
    sign_in(client, intake_staff, verified=False)
    assert client.post("/accounts/verify/", {"token": code}).status_code == 302
    other = sign_in(type(client)(), intake_staff, verified=False)
    response = other.post("/accounts/verify/", {"token": code})
    assert "That code did not match." in response.content.decode()


def test_guessing_codes_is_slowed_down(client, intake_staff):
    device = authenticator(intake_staff)
    sign_in(client, intake_staff, verified=False)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        wrong = str((int(code_for(device)) + 1) % 1_000_000).zfill(6)
        client.post("/accounts/verify/", {"token": wrong})
        response = client.post("/accounts/verify/", {"token": code_for(device)})
        assert "Too many wrong codes" in response.content.decode()
    with time_machine.travel(start + timedelta(seconds=2), tick=False):
        response = client.post("/accounts/verify/", {"token": code_for(device)})
        assert response.status_code == 302


def test_without_an_authenticator_app_the_code_step_explains_what_to_do(client, intake_staff):
    sign_in(client, intake_staff, verified=False)
    response = client.post("/accounts/verify/", {"token": "123456"})
    body = response.content.decode()
    assert "does not have an authenticator app set up yet" in body
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get("/staff/probe/")["Location"].startswith("/accounts/verify/")


def test_an_unconfirmed_device_does_not_count(client, intake_staff):
    TOTPDevice.objects.create(user=intake_staff, name="half set up", confirmed=False)
    sign_in(client, intake_staff, verified=False)
    assert "not have an authenticator app" in client.get("/accounts/verify/").content.decode()


def test_the_code_step_needs_a_password_first(client):
    response = client.get("/accounts/verify/")
    assert response["Location"] == "/accounts/login/?next=/accounts/verify/"


def test_the_code_step_never_sends_anyone_to_another_site(client, intake_staff):
    device = authenticator(intake_staff)
    sign_in(client, intake_staff, verified=False)
    response = client.post(
        "/accounts/verify/", {"token": code_for(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/staff/"


@pytest.mark.parametrize(
    ("who", "verified", "expected"),
    [
        (None, False, "login"),
        ("stranger", True, 403),
        ("editor", True, 403),
        ("intake_staff", False, "verify"),
        ("intake_staff", True, 200),
    ],
)
def test_staff_required_lets_in_only_verified_members_of_the_group(
    client, request, who, verified, expected
):
    if who:
        sign_in(client, request.getfixturevalue(who), verified=verified)
    response = client.get("/staff/probe/?page=2")
    if expected == "login":
        assert response["Location"] == "/accounts/login/?next=/staff/probe/%3Fpage%3D2"
    elif expected == "verify":
        assert response["Location"] == "/accounts/verify/?next=%2Fstaff%2Fprobe%2F%3Fpage%3D2"
    else:
        assert response.status_code == expected


def test_refused_members_see_the_friendly_403_page(client, stranger):
    sign_in(client, stranger)
    response = client.get("/staff/probe/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "You do not have access to this page" in body
    # Under /staff/ the page has the staff layout, and still names 988 in its words.
    assert "staff-shell" in body
    assert 'aria-label="Crisis support"' not in body
    assert 'href="tel:988"' in body


def test_the_mixin_checks_its_own_group(client, editor, intake_staff):
    sign_in(client, editor)
    assert client.get("/staff/probe/editors/").status_code == 200
    sign_in(client, intake_staff)
    assert client.get("/staff/probe/editors/").status_code == 403


def test_with_the_second_factor_off_a_password_is_enough(client, settings, intake_staff):
    settings.REQUIRE_2FA = False
    response = password_step(client, intake_staff)
    assert response["Location"] == "/staff/probe/"
    assert client.get("/staff/probe/").status_code == 200


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", password="a-long-test-password-0")


def test_the_admin_asks_a_superuser_for_the_code(client, superuser):
    sign_in(client, superuser, verified=False)
    response = client.get("/admin/auth/user/")
    assert response["Location"] == "/accounts/verify/?next=%2Fadmin%2Fauth%2Fuser%2F"
    sign_in(client, superuser)
    assert client.get("/admin/auth/user/").status_code == 200


def test_the_admin_refuses_people_who_are_not_staff(client, intake_staff):
    sign_in(client, intake_staff)
    assert client.get("/admin/").status_code == 403


def enrol(*args) -> str:
    out = StringIO()
    call_command("enrol_totp", *args, stdout=out)
    return out.getvalue()


def test_enrol_totp_creates_a_confirmed_device_and_prints_the_link_and_a_qr_code(
    client, intake_staff
):
    output = enrol("ivy")
    device = TOTPDevice.objects.get(user=intake_staff)
    assert device.confirmed
    uri = re.search(r"otpauth://totp/\S+", output)[0]
    assert uri.startswith("otpauth://totp/Ellie%20Mental%20Health%3Aivy?")
    query = parse_qs(urlsplit(uri).query)
    assert query["issuer"] == ["Ellie Mental Health"]
    assert "█" in output or "▀" in output, "a QR code drawn in the terminal"
    sign_in(client, intake_staff, verified=False)
    response = client.post("/accounts/verify/", {"token": code_for(device)})
    assert response.status_code == 302


def test_enrol_totp_refuses_to_replace_a_device_unless_asked(intake_staff):
    enrol("ivy")
    first = TOTPDevice.objects.get(user=intake_staff)
    with pytest.raises(CommandError, match="already has an authenticator app"):
        enrol("ivy")
    enrol("ivy", "--replace", "--no-qr")
    assert list(TOTPDevice.objects.filter(user=intake_staff)) != [first]
    assert TOTPDevice.objects.filter(user=intake_staff).count() == 1


def test_enrol_totp_names_an_unknown_account():
    with pytest.raises(CommandError, match="no account named 'nobody'"):
        enrol("nobody")


# The wait after wrong codes doubles, up to a ceiling, and the page says the real wait.


@pytest.mark.parametrize(
    ("failures", "seconds_since", "wait"),
    [
        (0, 0, 0),
        (1, 0, 1),
        (1, 1, 0),
        (3, 0, 4),
        (3, 3, 1),
        (10, 0, 512),
        (11, 0, 900),  # 1,024 seconds, held at the 15-minute ceiling
        (40, 0, 900),
        (10**6, 0, 900),
        (11, 899, 1),
        (11, 900, 0),
    ],
)
def test_the_wait_after_wrong_codes_doubles_up_to_fifteen_minutes(failures, seconds_since, wait):
    from ellie.accounts import code_wait

    last = timezone.now()
    now = last + timedelta(seconds=seconds_since)
    ceiling = timedelta(minutes=15)
    assert code_wait(failures, last, now, ceiling=ceiling) == timedelta(seconds=wait)


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (0.2, "1 second"),
        (1, "1 second"),
        (40, "40 seconds"),
        (60, "1 minute"),
        (61, "2 minutes"),
        (512, "9 minutes"),
        (900, "15 minutes"),
    ],
)
def test_a_wait_is_said_in_words_rounded_up(seconds, words):
    from ellie.accounts import wait_in_words

    assert wait_in_words(timedelta(seconds=seconds)) == words


def test_after_many_wrong_codes_the_wait_stops_at_fifteen_minutes_and_the_page_says_so(
    client, intake_staff
):
    device = authenticator(intake_staff)
    start = timezone.now()
    device.throttling_failure_count = 30  # doubling without a ceiling: 17 years
    device.throttling_failure_timestamp = start
    device.save()
    sign_in(client, intake_staff, verified=False)
    with time_machine.travel(start + timedelta(minutes=1), tick=False):
        response = client.post("/accounts/verify/", {"token": code_for(device)})
        assert "Too many wrong codes. Wait 14 minutes, then" in response.content.decode()
    later = start + timedelta(minutes=15, seconds=1)
    with time_machine.travel(later, tick=False):
        response = client.post(
            "/accounts/verify/", {"token": code_for(device, at=later.timestamp())}
        )
        assert response.status_code == 302


def test_a_wrong_code_after_several_says_how_long_the_next_try_waits(client, intake_staff):
    device = authenticator(intake_staff)
    start = timezone.now()
    device.throttling_failure_count = 12
    device.throttling_failure_timestamp = start - timedelta(hours=1)
    device.save()
    sign_in(client, intake_staff, verified=False)
    with time_machine.travel(start, tick=False):
        wrong = str((int(code_for(device)) + 1) % 1_000_000).zfill(6)
        body = client.post("/accounts/verify/", {"token": wrong}).content.decode()
    assert "That code did not match." in body
    assert "After 13 wrong codes in a row, wait 15 minutes before the next try." in body
