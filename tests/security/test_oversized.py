"""Requests larger than any form needs are refused with a friendly page, never read whole."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

CRISIS_STRIP = 'aria-label="Crisis support"'


def assert_shell_of_its_place(path: str, body: str) -> None:
    """Public pages keep the crisis strip; sign-in pages are staff pages (no strip), but
    every error page still names 988 in its own words."""
    if path.startswith("/accounts/"):
        assert CRISIS_STRIP not in body and "staff-shell" in body
    else:
        assert CRISIS_STRIP in body
    assert 'href="tel:988"' in body


def test_the_limits_are_small_enough_to_matter(settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 256 * 1024
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 300


@pytest.mark.parametrize("path", ["/accounts/login/", "/get-matched/"])
def test_an_oversized_form_post_gets_a_friendly_413(client, path):
    response = client.post(path, {"username": "x" * 300_000, "password": "x"})
    assert response.status_code == 413
    body = response.content.decode()
    assert "That was more than we can take" in body
    assert_shell_of_its_place(path, body)


def test_an_oversized_body_is_refused_from_its_declared_length(client):
    response = client.generic(
        "POST",
        "/accounts/login/",
        b"username=" + b"x" * 300_000,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413


def test_too_many_fields_get_a_friendly_400(client):
    data = {f"field{n}": "x" for n in range(400)}
    response = client.post("/accounts/login/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "far more answers than any of our forms asks for" in body
    assert 'href="tel:988"' in body


def test_too_many_query_parameters_get_a_friendly_400(client):
    query = "&".join(f"p{n}=1" for n in range(400))
    response = client.get(f"/accounts/login/?{query}")
    assert response.status_code == 400


@pytest.mark.parametrize("path", ["/accounts/login/", "/get-matched/"])
def test_an_oversized_post_is_refused_kindly_with_csrf_checks_on(path):
    client = Client(enforce_csrf_checks=True)
    client.get(path)
    response = client.post(path, {"username": "x" * 300_000})
    assert response.status_code in (403, 413)
    assert_shell_of_its_place(path, response.content.decode())


@pytest.mark.parametrize("path", ["/accounts/login/", "/get-matched/"])
def test_a_form_without_its_csrf_token_gets_a_friendly_page(path):
    client = Client(enforce_csrf_checks=True)
    response = client.post(path, {"username": "ivy", "password": "x"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "Please try that again" in body
    assert_shell_of_its_place(path, body)
