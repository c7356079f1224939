"""Identifiable values stay out of logs, URLs, emails and error pages; no page talks to
another host; private pages are never cached."""

import logging
from urllib.parse import urlsplit

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client

from ellie.auth import INTAKE_STAFF
from tests.security.access import PUBLIC, SAMPLES
from tests.security.canary import (
    capture_outputs,
    foreign_links,
    foreign_resources,
    rows_containing,
)
from tests.security.helpers import sign_in
from tests.security.urlwalk import matches, routes

pytestmark = pytest.mark.django_db

# Hosts a page may link to (navigation only: nothing is fetched, no referrer is sent).
LINKED_HOSTS = {"www.weather.gov"}  # the quick exit (QUICK_EXIT_URL)
PRIVATE_SHAPES = ["accounts/*", "admin/*", "staff/*", "get-matched/*"]


@pytest.fixture
def boss(django_user_model):
    user = django_user_model.objects.create_superuser("boss", password="a-long-test-password-9")
    user.groups.add(Group.objects.get_or_create(name=INTAKE_STAFF)[0])
    return user


def test_a_failed_sign_in_keeps_the_password_out_of_every_output(intake_staff):
    canary = "Canary-Password-Zebulon-4711"
    with capture_outputs() as seen:
        for _ in range(6):  # through the lockout, too
            Client().post("/accounts/login/", {"username": "ivy", "password": canary})
        Client().get(f"/no-such-page/?{canary[:6]}=1")
    seen.assert_absent(canary)
    assert AccessAttempt.objects.exists()
    assert rows_containing([canary], [AccessAttempt, AccessLog]) == []
    assert any("Not Found" in line for line in seen.logs), "logs were captured"
    assert len(seen.error_pages) >= 2, "the lockout and 404 pages were captured"


def test_the_canary_capture_finds_what_leaks(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with capture_outputs() as seen:
        logging.getLogger("ellie.somewhere").debug("hello %s", "Zebulon Quux")
        Client().get("/crisis/?who=Ada+Lovelace")
        Client().get("/no-such-page/")
        mail.send_mail("Request from Alan Turing", "body", "a@example.org", ["b@example.org"])
        seen.add("audit", "viewed by Katherine Johnson")
    assert seen.find("Zebulon Quux")[0].startswith("'Zebulon Quux' in log")
    assert seen.find("Ada Lovelace")[0].startswith("'Ada Lovelace' in url")
    assert any("We could not find that page" in page for page in seen.error_pages)
    assert seen.find("Alan Turing")[0].startswith("'Alan Turing' in email")
    assert seen.find("Katherine Johnson")[0].startswith("'Katherine Johnson' in audit")
    with pytest.raises(AssertionError, match="identifiable values leaked"):
        seen.assert_absent("Zebulon Quux")
    seen.assert_absent("Nobody At All")


def test_a_missing_template_variable_logs_no_part_of_the_page_context():
    """Django logs the lookup failure at DEBUG with an exception quoting the context."""
    from django.template import Context, Template

    with capture_outputs() as seen:
        Template("{{ nowhere.to_be_found }}").render(Context({"answer": "Zebulon Quux"}))
    assert any("Exception while resolving variable" in line for line in seen.logs)
    seen.assert_absent("Zebulon Quux")


def test_rows_containing_finds_a_value_in_any_text_column(intake_staff):
    intake_staff.first_name = "Zebulon"
    intake_staff.save()
    from django.contrib.auth import get_user_model

    assert rows_containing(["zebulon"], [get_user_model()]) == [
        ("User", intake_staff.pk, "first_name")
    ]


def every_page(client_for_protected):
    """(url, response) for every page that exists, opened by whoever it is for."""
    anonymous = Client()
    for route in routes(samples=SAMPLES):
        client = anonymous if matches(route, PUBLIC) else client_for_protected
        yield route.url, client.get(route.url, follow=True)
    for url in ("/no-such-page/", "/staff/no-such-page/"):
        yield url, anonymous.get(url)


def test_no_page_loads_anything_from_another_host(settings, boss):
    settings.REQUIRE_2FA = True
    checked = 0
    for url, response in every_page(sign_in(Client(), boss)):
        if "html" in response.get("Content-Type", ""):
            body = response.content.decode()
            assert foreign_resources(body) == [], url
            assert set(foreign_links(body)) <= LINKED_HOSTS, url
            checked += 1
    assert checked > 20


def test_the_foreign_resource_check_sees_scripts_styles_images_and_forms():
    page = """
        <link rel="stylesheet" href="https://cdn.example/x.css">
        <script src="//cdn.example/x.js"></script>
        <img src="/static/ok.png" srcset="/a.png 1x, https://img.example/b.png 2x">
        <form action="https://forms.example/submit"></form>
        <a href="https://www.weather.gov/">leave</a><a href="tel:988">988</a>
    """
    assert foreign_resources(page) == [
        "https://cdn.example/x.css",
        "//cdn.example/x.js",
        "https://img.example/b.png",
        "https://forms.example/submit",
    ]
    assert foreign_links(page) == ["www.weather.gov"]


def test_private_pages_are_never_stored_by_a_browser_or_cache(settings, boss):
    settings.REQUIRE_2FA = True
    signed_in = sign_in(Client(), boss)
    private = [r for r in routes(samples=SAMPLES) if matches(r, PRIVATE_SHAPES)]
    assert private
    for route in private:
        for client in (Client(), signed_in):
            response = client.get(route.url)
            assert "no-store" in response.get("Cache-Control", ""), route.url


def test_every_page_is_no_store_for_someone_signed_in(settings, boss):
    signed_in = sign_in(Client(), boss)
    for url in ("/", "/crisis/", "/no-such-page/"):
        assert "no-store" in signed_in.get(url).get("Cache-Control", ""), url


@pytest.mark.parametrize("url", ["/", "/crisis/"])
def test_public_pages_stay_cacheable_for_everyone_else(client, url):
    assert "no-store" not in client.get(url).get("Cache-Control", "")


def test_the_quick_exit_host_is_the_one_allowed_link(settings):
    assert urlsplit(settings.QUICK_EXIT_URL).netloc in LINKED_HOSTS


def test_backup_codes_reach_no_log_url_error_page_or_record(settings, intake_staff):
    """Codes are shown on their page once and go nowhere else: not in logs, URLs, error
    pages, account events, the login-attempt tables or the worker's mail."""
    import re
    from datetime import timedelta
    from io import StringIO

    import time_machine
    from django.core.management import call_command
    from django.utils import timezone

    from ellie.models import AccountEvent

    code = re.compile(r"\b([a-z2-7]{4})-([a-z2-7]{4})\b")
    settings.REQUIRE_2FA = True
    start = timezone.now()
    with capture_outputs() as seen:
        out = StringIO()
        call_command("enrol_totp", "ivy", "--no-qr", stdout=out)
        first = code.findall(out.getvalue())
        client = sign_in(Client(), intake_staff, verified=False)
        with time_machine.travel(start, tick=False):
            client.post("/accounts/verify/", {"token": "zzzz-zzzz"})  # a wrong one
        with time_machine.travel(start + timedelta(seconds=2), tick=False):
            client.post("/accounts/verify/", {"token": "-".join(first[0]), "next": "/staff/"})
            page = client.post("/accounts/backup-codes/").content.decode()
            client.get("/accounts/backup-codes/")
        call_command("deliver_outbox", stdout=StringIO())
    second = code.findall(page.split('aria-label="Your backup codes"')[1])
    assert len(first) == len(second) == 10
    secrets = [f(c) for c in [*first, *second] for f in ("".join, "-".join)]
    seen.assert_absent(*secrets)
    assert rows_containing(secrets, [AccountEvent, AccessAttempt, AccessLog]) == []
    assert AccountEvent.objects.count() == 3, "made, used, made again: all recorded"


def test_an_address_typed_to_ask_for_a_sign_in_link_reaches_no_log_url_or_email_body():
    from django.core.cache import cache

    from clinicians.models import ClinicianEvent, ClinicianLink
    from outbox.models import OutboxMessage
    from tests.factories import ClinicianFactory

    cache.clear()
    known = "canary.zebulon@example.org"
    unknown = "canary.quillon@example.org"
    ClinicianFactory(email=known)
    with capture_outputs() as seen:
        for address in (known, unknown):
            Client().post("/for-clinicians/", {"email": address})
        seen.add("outbox", *OutboxMessage.objects.values_list("subject", "body"))
    seen.assert_absent(known, unknown, "canary.zebulon", "canary.quillon")
    assert OutboxMessage.objects.filter(to=[known]).count() == 1, "the link went to them"
    assert rows_containing([known, unknown], [ClinicianEvent, ClinicianLink]) == []
    cache.clear()


def test_a_persons_details_reach_no_log_url_or_email_on_the_clinicians_side(intake_staff):
    """A referral's whole life: staff send it, the clinician signs in, reads it, accepts;
    another expires and passes on. The person's name and contact details appear on the
    clinician's pages only, never in a log, a URL, an email or an event."""
    import datetime as dt

    import time_machine
    from django.core.cache import cache
    from django.utils import timezone

    from clinicians import referrals
    from clinicians.models import ClinicianEvent, Referral
    from outbox.models import OutboxMessage
    from tests.clinicians.helpers import sign_in_clinician
    from tests.factories import ClinicianFactory, IntakeRequestFactory
    from tests.security.helpers import sign_in as staff_sign_in

    cache.clear()
    canaries = ("Zebulon", "canary.zebulon@example.org", "+16125550142", "Quillon")
    first, second, third = ClinicianFactory(), ClinicianFactory(), ClinicianFactory()
    accepted = IntakeRequestFactory(
        first_name="Zebulon",
        email="canary.zebulon@example.org",
        phone="+16125550142",
        guardian_name="Quillon Guardian",
        chosen=[first],
        chosen_at=timezone.now(),
    )
    lapsing = IntakeRequestFactory(
        first_name="Zebulon", chosen=[second, third], chosen_at=timezone.now()
    )
    with capture_outputs() as seen:
        staff = staff_sign_in(Client(), intake_staff)
        staff.post(f"/staff/clinicians/requests/{accepted.pk}/refer/")
        staff.post(f"/staff/clinicians/requests/{lapsing.pk}/refer/")
        clinician = sign_in_clinician(Client(), first)
        referral = Referral.objects.get(request=accepted)
        clinician.get("/for-clinicians/home/")
        clinician.post(
            f"/for-clinicians/referrals/{referral.pk}/",
            {"answer": "accept", "reach_out": "today"},
        )
        page = clinician.get(f"/for-clinicians/referrals/{referral.pk}/").content.decode()
        deadline = Referral.objects.get(request=lapsing).deadline_at
        with time_machine.travel(deadline + dt.timedelta(minutes=1)):
            referrals.expire_overdue_referrals()
        call_command_quietly("run_schedule")
        seen.add("outbox", *OutboxMessage.objects.values_list("subject", "body"))
        seen.add("events", *ClinicianEvent.objects.values_list("detail", "note"))
    assert "canary.zebulon@example.org" in page, "the clinician who accepted sees it"
    seen.assert_absent(*canaries)
    assert mail.outbox, "the emails were sent and searched"
    cache.clear()


def call_command_quietly(name):
    import io

    from django.core.management import call_command

    call_command(name, stdout=io.StringIO())
