"""Random and hostile input never causes a 500, and markup always comes back escaped."""

import dataclasses
import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone, translation
from hypothesis import given, settings
from hypothesis import strategies as st

from ellie.backup_codes import make_backup_codes
from intake.forms import MatchRequestForm
from intake.staff.forms import QueueFilterForm
from matching.forms import DirectoryFilterForm
from tests.factories import ClinicianFactory, IntakeRequestFactory
from tests.intake.conftest import form_data
from tests.security.access import PUBLIC, SAMPLES
from tests.security.fuzz import (
    FUZZ_SETTINGS,
    HOSTILE,
    MARKERS,
    FormTarget,
    hostile_values,
    problems_with,
    query_params,
    submit,
)
from tests.security.helpers import authenticator, sign_in
from tests.security.urlwalk import matches, routes

pytestmark = pytest.mark.django_db

INTAKE_FIELDS = tuple(MatchRequestForm.base_fields)
INTAKE = FormTarget(
    "/get-matched/",
    "post",
    INTAKE_FIELDS,
    # A valid submission (with the page's own fresh form token), so each example that
    # leaves most fields valid goes through the cross-field rules, the service and on to
    # the results page.
    fixed=form_data(form_token=None),
    many=("concerns", "modalities", "available_days", "available_times"),
    follow=True,
)
DIRECTORY = FormTarget("/clinicians/", "get", (*DirectoryFilterForm.base_fields, "page"))
# The same forms on the Spanish pages (translated labels and errors, the same rules).
INTAKE_SPANISH = dataclasses.replace(INTAKE, url="/es/get-matched/")
DIRECTORY_SPANISH = dataclasses.replace(DIRECTORY, url="/es/clinicians/")
STAFF_QUEUE = FormTarget(
    "/staff/", "get", (*QueueFilterForm.base_fields, "page"), user="intake_staff"
)

LOGIN = FormTarget("/accounts/login/", "post", ("username", "password"))
# The code step, signed in with the password only (an authenticator app and backup codes set
# up), and the backup-codes page after it.
VERIFY = FormTarget(
    "/accounts/verify/", "post", ("token", "next"), user="intake_staff", verified=False
)
BACKUP_CODES = FormTarget("/accounts/backup-codes/", "post", ("next",), user="intake_staff")
CLINICIAN_LINK = FormTarget("/for-clinicians/", "post", ("email",))

# Every form: the login form, the code step, backup codes, the intake form, the directory
# filters, the staff queue.
FORM_TARGETS = [
    LOGIN,
    FormTarget("/accounts/login/", "get", ("next",)),
    VERIFY,
    FormTarget("/accounts/verify/", "get", ("next",), user="intake_staff", verified=False),
    BACKUP_CODES,
    FormTarget("/accounts/backup-codes/", "get", ("next",), user="intake_staff"),
    INTAKE,
    INTAKE_SPANISH,
    DIRECTORY,
    DIRECTORY_SPANISH,
    STAFF_QUEUE,
    CLINICIAN_LINK,
]


@pytest.fixture(autouse=True)
def open_intake(settings):
    """Hundreds of submissions from one address: the per-address limits would answer 429
    (never a 500, but then the later steps would not be reached). The same goes for sign-in
    failures across usernames (ellie.lockout)."""
    settings.INTAKE_RATE_LIMIT = 10**6
    settings.CLINICIAN_LINK_RATE_LIMIT = 10**6
    settings.AXES_ADDRESS_FAILURE_LIMIT = 10**6
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clinicians_to_rank(db):
    """A few clinicians who fit the valid baseline, so results pages list someone."""
    return [
        ClinicianFactory(specialties=["self-harm:primary"], modalities=["dbt"], carriers=["aetna"]),
        ClinicianFactory(specialties=["anxiety"], modalities=["cbt"], carriers=["aetna"]),
    ]


def client_for(request, target: FormTarget) -> Client:
    client = Client()
    if target.user:
        user = request.getfixturevalue(target.user)
        sign_in(client, user, verified=target.verified)
        authenticator(user)  # something for the code step to check codes against
        make_backup_codes(user=user, ip=None, how="for the fuzz")
    return client


def public_routes():
    return [r for r in routes(samples=SAMPLES) if r.url and matches(r, PUBLIC)]


@pytest.mark.parametrize("target", FORM_TARGETS, ids=str)
def test_forms_survive_hostile_values(request, clinicians_to_rank, target):
    fuzz_form(client_for(request, target), target)


@pytest.mark.parametrize(
    "target",
    [LOGIN, VERIFY, BACKUP_CODES, INTAKE, DIRECTORY, STAFF_QUEUE, CLINICIAN_LINK],
    ids=str,
)
def test_every_field_survives_every_hostile_value(request, clinicians_to_rank, target):
    """Each listed hostile value in every field at once: every field's own check meets
    NUL bytes, huge strings, markup, odd digits, bad dates and ZIP codes, every time."""
    client = client_for(request, target)
    for value in HOSTILE:
        values = {name: [value] if name in target.many else value for name in target.fields}
        if target is INTAKE:
            values["website"] = ""  # a filled honeypot would skip every check
        response = submit(client, target, values)
        assert not problems_with(response, values), f"{target} with {value[:80]!r}"
        if target is INTAKE:
            # The form again with a summary of what to fix, or a too-large body refused (413).
            assert response.status_code in (200, 413), value[:80]
            if response.status_code == 200:
                assert "error-summary" in response.content.decode(), value[:80]


# The actions on a request's staff page: (path under the request, a valid baseline). The
# version comes from the page's hidden inputs (so it is current) unless it is fuzzed.
STAFF_ACTIONS = [
    ("notes/", {"text": "Left a message with the front desk."}),
    (
        "contact-attempts/",
        {"attempted_at": "2025-03-04T10:30", "method": "phone", "result": "no_answer"},
    ),
    ("clinician/", {"clinician": ""}),
    ("coverage/", {"carrier": "", "in_network": "yes", "estimated_cost": "95.00"}),
    ("assign/", {"assignee": ""}),
    ("status/", {"to": "in_review"}),
    ("close/", {"outcome": "booked"}),
]


@pytest.mark.parametrize(("action", "baseline"), STAFF_ACTIONS, ids=[a for a, _ in STAFF_ACTIONS])
def test_staff_actions_survive_hostile_values(intake_staff, action, baseline):
    client = sign_in(Client(), intake_staff)
    # Arrived a day ago, so the baseline's contact attempt (yesterday-plus-an-hour) is valid.
    pk = IntakeRequestFactory(created_at=timezone.now() - dt.timedelta(days=1)).pk
    if "attempted_at" in baseline:
        attempt = timezone.localtime() - dt.timedelta(hours=23)
        baseline = {**baseline, "attempted_at": attempt.strftime("%Y-%m-%dT%H:%M")}
    target = FormTarget(
        f"/staff/requests/{pk}/{action}",
        "post",
        (*baseline, "version"),
        fixed=baseline,
        page=f"/staff/requests/{pk}/",
        follow=True,
    )

    @settings(FUZZ_SETTINGS, max_examples=15)
    @given(values=hostile_values(target))
    def check(values):
        response = submit(client, target, values)
        assert not problems_with(response, values), f"{target} with {values!r}"

    check()


def test_the_intake_target_names_every_field_of_the_form():
    assert set(INTAKE.fields) == set(MatchRequestForm().fields)
    assert {"first_name", "email", "phone", "zip_code", "date_of_birth", "guardian_name"} <= set(
        INTAKE.fields
    )
    assert "page" in DIRECTORY.fields and "page" in STAFF_QUEUE.fields


def test_the_valid_baseline_is_accepted_so_the_fuzz_reaches_the_results(client, clinicians_to_rank):
    response = submit(client, INTAKE, {})
    assert response.redirect_chain == [("/get-matched/results/", 302)]
    assert response.status_code == 200


def fuzz_query_string(client, url):
    @FUZZ_SETTINGS
    @given(params=query_params)
    def check(params):
        response = client.get(url, params)
        assert not problems_with(response, params), f"GET {url} with {params!r}"

    check()


def fuzz_path_arguments(client, route):
    language = "es" if route.url.startswith("/es/") else "en"  # the Spanish copy too
    arguments = st.fixed_dictionaries(
        {
            name: st.from_regex(converter.regex, fullmatch=True)
            for name, converter in route.converters.items()
        }
    )

    @FUZZ_SETTINGS
    @given(kwargs=arguments)
    def check(kwargs):
        try:
            with translation.override(language):
                url = reverse(route.name, kwargs=kwargs)
        except NoReverseMatch:  # the converter refused the value: nothing to send
            return
        response = client.get(url)
        assert not problems_with(response, kwargs), f"GET {url}"

    check()


def test_every_public_page_survives_hostile_query_strings(client):
    urls = [route.url for route in public_routes()]
    assert "/" in urls and "/crisis/" in urls
    assert "/es/" in urls and "/es/get-matched/" in urls
    for url in urls:
        fuzz_query_string(client, url)


def test_every_public_page_with_an_argument_survives_hostile_values_in_the_path(client):
    for route in public_routes():
        if route.converters and route.name:
            fuzz_path_arguments(client, route)


@pytest.mark.parametrize("marker", MARKERS)
def test_markup_typed_into_the_login_form_comes_back_escaped(client, marker):
    response = client.post("/accounts/login/", {"username": marker, "password": "x"})
    body = response.content.decode()
    assert response.status_code == 200
    assert marker not in body
    assert "ellieXss" in body, "the value is shown again (escaped), so the check means something"


def test_the_escape_check_notices_markup_that_comes_back_raw():
    from django.http import HttpResponse

    response = HttpResponse(f"<p>Hello {MARKERS[0]}</p>")
    assert problems_with(response, {"name": MARKERS[0]})
    assert problems_with(HttpResponse(status=500), {})


def _broken(request, slug):
    raise ValueError(f"cannot handle {slug!r}")


class BrokenUrls:
    urlpatterns = [path("conditions/<str:slug>/", _broken, name="broken")]


def test_the_path_fuzz_reaches_the_view(settings):
    settings.ROOT_URLCONF = BrokenUrls
    (route,) = routes()
    with pytest.raises(AssertionError, match="GET /conditions/"):
        fuzz_path_arguments(Client(raise_request_exception=False), route)


# The clinicians' availability form: on the check-in link's page and, signed in, at home.
AVAILABILITY_FIELDS = (
    "answer",
    "accepting_new_clients",
    "waitlist_weeks",
    "telehealth",
    "in_person",
    "note",
)
AVAILABILITY_BASELINE = {
    "answer": "changed",
    "accepting_new_clients": "yes",
    "waitlist_weeks": "2",
    "telehealth": "on",
}


def test_the_clinicians_availability_forms_survive_hostile_values():
    from clinicians import services
    from tests.clinicians.helpers import last_link, sign_in_clinician

    clinician = ClinicianFactory(availability_confirmed_on=None)
    home = sign_in_clinician(Client(), clinician)
    services.send_availability_checks()
    token = last_link("clinician_check_in")
    targets = [
        (home, FormTarget("/for-clinicians/home/", "post", AVAILABILITY_FIELDS,
                          fixed=AVAILABILITY_BASELINE, follow=True)),
        # Once a valid answer uses the link up, later examples meet the "no longer works"
        # page: still never a 500, never markup echoed.
        (Client(), FormTarget(f"/for-clinicians/check-in/{token}/", "post",
                              AVAILABILITY_FIELDS, fixed=AVAILABILITY_BASELINE)),
    ]  # fmt: skip
    for client, target in targets:
        fuzz_form(client, target)
        for value in HOSTILE:
            values = dict.fromkeys(AVAILABILITY_FIELDS, value)
            response = submit(client, target, values)
            assert not problems_with(response, values), f"{target} with {value!r:.60}"


def fuzz_form(client, target):
    @FUZZ_SETTINGS
    @given(values=hostile_values(target))
    def check(values):
        response = submit(client, target, values)
        assert not problems_with(response, values), f"{target} with {values!r}"

    check()


def test_the_referral_answer_survives_hostile_values():
    from tests.clinicians.helpers import make_referral, sign_in_clinician

    clinician = ClinicianFactory()
    client = sign_in_clinician(Client(), clinician)
    referral = make_referral(clinician=clinician)
    url = f"/for-clinicians/referrals/{referral.pk}/"
    # Without a valid baseline: a valid answer would close the referral at the first example.
    fuzz_form(client, FormTarget(url, "post", ("answer", "reach_out", "reason")))
    for value in HOSTILE:
        for answer in ("accept", "decline", value):
            values = {"answer": answer, "reach_out": value, "reason": value}
            response = submit(client, FormTarget(url, "post"), values)
            assert not problems_with(response, values), f"{url} with {value!r:.60}"
