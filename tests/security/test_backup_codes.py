"""Single-use backup codes: shown once, each opens the code step once, every use is recorded
and says how many are left; a new set after signing in with a code."""

import re
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken

from ellie import backup_codes
from ellie.models import AccountEvent
from tests.security.canary import capture_outputs
from tests.security.helpers import authenticator, sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.security.urls")]

PAGE = "/accounts/backup-codes/"
PRINTED = re.compile(r"^  ([a-z2-7]{4}-[a-z2-7]{4})$", re.M)  # by enrol_totp
LISTED = re.compile(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>")  # on the page


@pytest.fixture(autouse=True)
def second_factor_on(settings):
    settings.REQUIRE_2FA = True


def enrol(username: str) -> list[str]:
    out = StringIO()
    call_command("enrol_totp", username, "--no-qr", stdout=out)
    return PRINTED.findall(out.getvalue())


def use(client, code: str, next_url="/staff/probe/"):
    return client.post("/accounts/verify/", {"token": code, "next": next_url})


def unverified(user) -> Client:
    return sign_in(Client(), user, verified=False)


def test_enrolment_shows_ten_codes_once_and_each_opens_the_code_step_once(intake_staff):
    codes = enrol("ivy")
    assert len(codes) == len(set(codes)) == 10
    client = unverified(intake_staff)
    response = use(client, codes[0])
    assert response["Location"] == f"{PAGE}?next=%2Fstaff%2Fprobe%2F"
    assert DEVICE_ID_SESSION_KEY in client.session
    page = client.get(response["Location"]).content.decode()
    assert "You have 9 unused backup codes." in page
    assert 'href="/staff/probe/"' in page, "a way on to the page they asked for"
    assert client.get("/staff/probe/").status_code == 200
    again = use(unverified(intake_staff), codes[0])
    assert "That backup code did not match, or it was used already." in again.content.decode()


@pytest.mark.parametrize("typed", ["{a}-{b}", "{A} {B}", " {a}{b} ", "{A}{B}"])
def test_a_backup_code_may_be_typed_with_a_hyphen_a_space_or_in_capitals(intake_staff, typed):
    code = enrol("ivy")[0].replace("-", "")
    a, b = code[:4], code[4:]
    typed = typed.format(a=a, b=b, A=a.upper(), B=b.upper())
    assert use(unverified(intake_staff), typed).status_code == 302


def test_using_a_code_is_recorded_without_the_code(intake_staff):
    codes = enrol("ivy")
    with capture_outputs() as seen:
        use(unverified(intake_staff), codes[3], next_url="/staff/probe/")
        event = AccountEvent.objects.get(action=AccountEvent.Action.BACKUP_CODE_USED)
        seen.add("account events", *AccountEvent.objects.values_list("detail", flat=True))
    assert (event.user, event.username, event.ip, event.detail) == (
        intake_staff,
        "ivy",
        "127.0.0.1",
        "9 left",
    )
    made = AccountEvent.objects.get(action=AccountEvent.Action.BACKUP_CODES_MADE)
    assert made.detail == "at enrolment (manage.py enrol_totp)"
    seen.assert_absent(*codes, *(c.replace("-", "") for c in codes))


@pytest.mark.parametrize(
    ("used", "says", "few"),
    [
        (1, "You have 9 unused backup codes.", False),
        (6, "You have 4 unused backup codes.", False),
        (7, "You have 3 unused backup codes.", True),
        (9, "You have 1 unused backup code.", True),
        (10, "You have no unused backup codes.", True),
    ],
)
def test_after_a_backup_code_the_page_says_how_many_are_left(intake_staff, used, says, few):
    codes = enrol("ivy")
    unused = [c.replace("-", "") for c in codes[: used - 1]]
    StaticToken.objects.filter(token__in=unused).delete()
    client = unverified(intake_staff)
    page = client.get(use(client, codes[used - 1])["Location"]).content.decode()
    assert "You signed in with a backup code; it cannot be used again." in page
    assert says in page
    assert ("Make a new set now, so a lost phone does not lock you out." in page) is few
    assert AccountEvent.objects.get(action="backup_code_used").detail == f"{10 - used} left"


def test_a_new_set_replaces_the_old_one_and_is_shown_once(intake_staff):
    old = enrol("ivy")
    client = sign_in(Client(), intake_staff)
    before = client.get(PAGE).content.decode()
    assert "You have 10 unused backup codes." in before
    assert not [code for code in old if code in before], "codes are never shown again"
    new = LISTED.findall(client.post(PAGE).content.decode())
    assert len(set(new)) == 10 and not set(new) & set(old)
    after = client.get(PAGE).content.decode()
    assert not [code for code in new if code in after]
    assert use(unverified(intake_staff), new[0]).status_code == 302
    refused = use(unverified(intake_staff), old[0]).content.decode()
    assert "That backup code did not match, or it was used already." in refused
    made = AccountEvent.objects.filter(action=AccountEvent.Action.BACKUP_CODES_MADE)
    assert [e.detail for e in made] == [
        "on the backup codes page",
        "at enrolment (manage.py enrol_totp)",
    ]


@pytest.mark.parametrize("require_2fa", [True, False])
def test_a_password_alone_never_sees_or_replaces_the_codes(settings, intake_staff, require_2fa):
    settings.REQUIRE_2FA = require_2fa
    old = enrol("ivy")
    client = unverified(intake_staff)
    for response in (client.get(PAGE), client.post(PAGE)):
        assert response["Location"] == "/accounts/verify/?next=%2Faccounts%2Fbackup-codes%2F"
    assert backup_codes.codes_left(intake_staff) == 10
    assert StaticToken.objects.filter(token=old[0].replace("-", "")).exists()
    assert 'autocomplete="one-time-code"' in client.get("/accounts/verify/").content.decode()
    assert Client().get(PAGE)["Location"].startswith("/accounts/login/")


def test_wrong_backup_codes_are_slowed_down_too(intake_staff):
    codes = enrol("ivy")
    client = unverified(intake_staff)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        use(client, "aaaa-aaaa")
        body = use(client, codes[0]).content.decode()
        assert "Too many wrong codes. Wait 1 second" in body
    with time_machine.travel(start + timedelta(seconds=2), tick=False):
        assert use(client, codes[0]).status_code == 302


def test_a_wrong_backup_code_does_not_slow_down_the_authenticator_app(intake_staff):
    from tests.security.helpers import code_for

    enrol("ivy")
    device = authenticator(intake_staff)
    client = unverified(intake_staff)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        use(client, "aaaa-aaaa")
        assert use(client, code_for(device, at=start.timestamp())).status_code == 302


def test_account_events_are_for_superusers_only_and_read_only(intake_staff, editor, admin_user):
    from django.contrib.auth.models import Permission

    enrol("ivy")
    event = AccountEvent.objects.get()
    editor.user_permissions.add(*Permission.objects.filter(content_type__app_label="ellie"))
    outsider = sign_in(Client(), editor)
    assert outsider.get("/admin/ellie/accountevent/").status_code == 403
    assert "Account events" not in outsider.get("/admin/").content.decode()
    boss = sign_in(Client(), admin_user)
    assert boss.get("/admin/ellie/accountevent/").status_code == 200
    page = boss.get(f"/admin/ellie/accountevent/{event.pk}/change/")
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert (
        boss.post(f"/admin/ellie/accountevent/{event.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert AccountEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize("require_2fa", [True, False])
def test_without_an_authenticator_app_the_page_explains_instead_of_looping(
    settings, stranger, require_2fa
):
    settings.REQUIRE_2FA = require_2fa
    client = unverified(stranger)
    for response in (client.get(PAGE), client.post(PAGE)):
        assert response.status_code == 200
        assert "your account does not have one set up yet" in response.content.decode()
    assert backup_codes.codes_left(stranger) == 0


@pytest.mark.parametrize("path", ["/staff/", "/staff/dashboard/", "/staff/clinicians/"])
def test_every_staff_page_links_to_the_backup_codes(client, intake_staff, path):
    sign_in(client, intake_staff)
    html = client.get(path).content.decode()
    assert 'href="/accounts/backup-codes/"' in html
