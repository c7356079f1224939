""" "Leave this site": a form on every public page that forgets this device's results."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client

from intake.views import RESULTS_COOKIE, RESULTS_COOKIE_PATH, RESULTS_COOKIES
from tests.factories import IntakeRequestFactory

pytestmark = pytest.mark.django_db
EXIT = "https://www.weather.gov/"


@pytest.fixture
def device(client):
    """A device that asked for a match and holds its results cookie."""
    request = IntakeRequestFactory()
    client.cookies[RESULTS_COOKIE] = request.results_token
    client.cookies[RESULTS_COOKIE]["path"] = RESULTS_COOKIE_PATH
    assert client.get("/get-matched/results/").status_code == 200
    return client


def test_leaving_forgets_the_results_and_goes_elsewhere(device):
    response = device.post("/leave/", headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 303
    assert response["Location"] == EXIT
    gone = response.cookies[RESULTS_COOKIE]
    assert (gone.value, gone["path"], gone["max-age"]) == ("", RESULTS_COOKIE_PATH, 0)
    for name, path in RESULTS_COOKIES:  # the Spanish pages' cookie too
        gone = response.cookies[name]
        assert (gone.value, gone["path"], gone["max-age"]) == ("", path, 0)
    assert response["Clear-Site-Data"] == '"cookies", "storage"'
    assert "no-store" in response["Cache-Control"]
    assert device.get("/get-matched/results/").status_code == 404


def test_leaving_in_the_background_answers_no_content(device):
    response = device.post(
        "/leave/", headers={"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "cors"}
    )
    assert response.status_code == 204
    assert response.cookies[RESULTS_COOKIE]["max-age"] == 0
    assert device.get("/get-matched/results/").status_code == 404


def test_leaving_signs_out_and_ends_the_session(client, intake_staff):
    client.force_login(intake_staff)
    assert Session.objects.count() == 1
    response = client.post("/leave/")
    assert response.status_code == 303
    assert Session.objects.count() == 0
    assert response.cookies[settings.SESSION_COOKIE_NAME].value == ""
    assert client.get("/staff/").status_code == 302  # back to the sign-in page


@pytest.mark.parametrize("site", ["cross-site", "same-site"])
def test_another_site_cannot_make_a_device_forget(device, site):
    response = device.post("/leave/", headers={"Sec-Fetch-Site": site})
    assert (response.status_code, response["Location"]) == (303, EXIT)
    assert RESULTS_COOKIE not in response.cookies
    assert "Clear-Site-Data" not in response
    assert device.get("/get-matched/results/").status_code == 200


def test_a_plain_link_to_leave_only_redirects(device):
    response = device.get("/leave/")
    assert (response.status_code, response["Location"]) == (303, EXIT)
    assert RESULTS_COOKIE not in response.cookies


def test_anonymous_visitors_are_given_no_cookie_by_leaving_or_by_public_pages():
    client = Client(enforce_csrf_checks=True)
    for path in ("/", "/crisis/", "/conditions/", "/no-such-page/", "/es/", "/es/crisis/"):
        response = client.get(path)
        assert not response.cookies, path
        assert "csrfmiddlewaretoken" not in response.content.decode(), path
    response = client.post("/leave/")
    assert response.status_code == 303, "no CSRF token is needed to leave"
    assert set(response.cookies) == {name for name, _ in RESULTS_COOKIES}, (
        "only the deletion of the results cookies (English and Spanish pages)"
    )
    assert settings.SESSION_COOKIE_NAME not in response.cookies
