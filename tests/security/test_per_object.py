"""Per-object checks: a page about one request opens for the right device or person only.

The results and confirmation pages are found through an HttpOnly cookie holding the
request's results token (never a URL); staff pages carry the request's id.
"""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from intake.models import MatchRequest
from intake.views import RESULTS_COOKIE
from tests.factories import ClinicianFactory, IntakeRequestFactory
from tests.intake.conftest import form_data
from tests.security.helpers import sign_in
from tests.security.urlwalk import (
    FORBIDDEN,
    LOGIN,
    assert_cookie_token_is_unguessable,
    assert_refuses,
)

pytestmark = pytest.mark.django_db

RESULTS = "/get-matched/results/"
DONE = "/get-matched/done/"


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def person(first_name: str, email: str, token: str) -> tuple[Client, MatchRequest]:
    """Someone who asked for matches on their own device."""
    client = Client()
    data = form_data(first_name=first_name, email=email, form_token=token)
    assert client.post("/get-matched/", data).status_code == 302
    request = MatchRequest.objects.get(form_token=token)
    # Only the device holds the token; the database keeps its hash.
    request.results_token = client.cookies[RESULTS_COOKIE].value
    return client, request


@pytest.fixture
def clinicians(db):
    """Clinicians who fit the valid answers of `form_data`."""
    return [
        ClinicianFactory(specialties=["self-harm:primary"], modalities=["dbt"], carriers=["aetna"]),
        ClinicianFactory(specialties=["self-harm"], modalities=["cbt"], carriers=["aetna"]),
    ]


@pytest.fixture
def two_people(clinicians):
    ada = person("Adaline", "adaline@example.org", "form-token-ada-0123456789")
    bo = person("Bohdanka", "bohdanka@example.org", "form-token-bo-0123456789")
    return ada, bo


def test_the_results_and_confirmation_open_with_the_real_cookie_only(two_people):
    (_, ada), _ = two_people
    assert_cookie_token_is_unguessable([RESULTS, DONE], RESULTS_COOKIE, ada.results_token)


def test_the_cookie_check_catches_a_page_that_opens_without_the_cookie(
    settings, two_people, monkeypatch
):
    (_, ada), _ = two_people
    monkeypatch.setattr("intake.views._from_cookie", lambda request: ada)  # a sloppy lookup
    with pytest.raises(AssertionError, match="answered 200"):
        assert_cookie_token_is_unguessable([RESULTS], RESULTS_COOKIE, ada.results_token)


def test_each_device_sees_its_own_request_and_never_the_other(two_people):
    (ada_device, ada), (bo_device, bo) = two_people
    for url in (RESULTS, DONE):
        ada_page = ada_device.get(url).content.decode()
        bo_page = bo_device.get(url).content.decode()
        assert ada.reference in ada_page and bo.reference not in ada_page
        assert bo.reference in bo_page and ada.reference not in bo_page


def test_a_device_holding_another_requests_cookie_cannot_choose_for_the_first(
    two_people, clinicians
):
    (_, ada), (bo_device, bo) = two_people
    response = bo_device.post(RESULTS, {"action": "choose", "clinicians": [clinicians[0].pk]})
    assert response.status_code == 302
    assert list(ada.matches.filter(chosen=True)) == []
    assert bo.matches.filter(chosen=True).count() == 1


@pytest.mark.parametrize("url", [RESULTS, DONE])
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_cookie_that_can_never_be_a_token_is_a_kind_not_found(url, method):
    """Regression: a NUL byte in the cookie reached the query and PostgreSQL refused it."""
    client = Client(raise_request_exception=False)
    client.cookies[RESULTS_COOKIE] = "abc\x00def" * 6
    response = getattr(client, method)(url)
    assert response.status_code in (404, 405)
    if method == "get":
        assert "This page has closed" in response.content.decode()


# Staff pages carry the request's id.

STAFF_PAGES = [("staff:review", "get")] + [
    (f"staff:{name}", "post")
    for name in (
        "assign",
        "assign_clinician",
        "change_status",
        "close",
        "contact_attempt",
        "add_note",
        "coverage_check",
    )
]
MISSING_IDS = [0, 999_999, 2**31, 2**63 - 1, 2**63, 10**30]


def staff_url(name: str, pk: int) -> str:
    return reverse(name, kwargs={"pk": pk})


@pytest.mark.parametrize(("name", "method"), STAFF_PAGES)
def test_a_request_id_that_does_not_exist_is_not_found_for_staff(intake_staff, name, method):
    IntakeRequestFactory()  # something exists, just not these
    client = sign_in(Client(raise_request_exception=False), intake_staff)
    for pk in MISSING_IDS:
        response = getattr(client, method)(staff_url(name, pk), {"version": "1", "text": "x"})
        assert response.status_code == 404, f"{name} {pk}: {response.status_code}"


@pytest.mark.parametrize(("name", "method"), STAFF_PAGES)
def test_outside_intake_staff_an_id_is_refused_alike_whether_it_exists_or_not(
    client, stranger, name, method
):
    """The answer never tells an outsider which requests exist."""
    real = IntakeRequestFactory().pk
    methods = (method,)
    for pk in (real, real + 1000):
        assert_refuses(Client(), staff_url(name, pk), expect={LOGIN}, methods=methods)
        assert_refuses(
            sign_in(Client(), stranger), staff_url(name, pk), expect={FORBIDDEN}, methods=methods
        )
