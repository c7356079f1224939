"""Signing in and out: pages like the rest of the site, and only one way in."""

import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY

from tests.security.helpers import PASSWORDS, sign_in

pytestmark = pytest.mark.django_db


def test_login_page_looks_like_the_site_and_labels_its_fields(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    body = response.content.decode()
    # A staff page: no crisis strip or quick exit, but help is one link away in its words.
    assert "staff-shell" in body
    assert 'aria-label="Crisis support"' not in body
    assert 'href="/crisis/"' in body
    assert "<h1>Staff sign in</h1>" in body
    assert re.search(r'<label\s+for="id_username"', body)
    assert re.search(r'<label\s+for="id_password"', body)
    assert 'autocomplete="current-password"' in body
    assert '<meta name="robots" content="noindex">' in body
    assert "no-store" in response["Cache-Control"]


def test_a_wrong_password_says_so_and_keeps_the_username(client, intake_staff):
    response = client.post("/accounts/login/", {"username": "ivy", "password": "nope"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "That username and password did not match" in body
    assert 'value="ivy"' in body
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize(
    ("who", "destination"),
    [("intake_staff", "/staff/"), ("editor", "/admin/"), ("stranger", "/")],
)
def test_signing_in_without_a_next_page_goes_where_the_person_works(
    client, request, who, destination
):
    user = request.getfixturevalue(who)
    response = client.post(
        "/accounts/login/", {"username": user.username, "password": PASSWORDS[user.username]}
    )
    assert response.status_code == 302
    assert response["Location"] == destination


def test_signing_in_returns_to_the_page_asked_for(client, intake_staff):
    response = client.post(
        "/accounts/login/?next=/staff/requests/",
        {"username": "ivy", "password": PASSWORDS["ivy"]},
    )
    assert response["Location"] == "/staff/requests/"


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]
)
def test_signing_in_never_sends_anyone_to_another_site(client, intake_staff, next_url):
    response = client.post(
        "/accounts/login/", {"username": "ivy", "password": PASSWORDS["ivy"], "next": next_url}
    )
    assert response["Location"] == "/staff/"


def test_a_nul_byte_in_the_login_form_is_a_clear_form_error(client, intake_staff):
    response = client.post("/accounts/login/", {"username": "iv\x00y", "password": "x\x00"})
    assert response.status_code == 200
    assert "Null characters are not allowed" in response.content.decode()


@pytest.mark.parametrize("length", [151, 256, 10_000])
def test_an_overlong_username_is_a_clear_form_error_and_no_attempt_is_recorded(client, length):
    """Regression: it reached the lockout's table (255 characters) and PostgreSQL refused it."""
    response = client.post("/accounts/login/", {"username": "a" * length, "password": "x"})
    assert response.status_code == 200
    assert "Usernames are at most 150 characters." in response.content.decode()
    assert not AccessAttempt.objects.exists()


def test_logout_by_get_only_asks_to_confirm(client, intake_staff):
    sign_in(client, intake_staff)
    response = client.get("/accounts/logout/")
    assert response.status_code == 200
    assert "Sign out of Ellie on this device?" in response.content.decode()
    assert SESSION_KEY in client.session


def test_logout_by_post_signs_out_and_says_so(client, intake_staff):
    sign_in(client, intake_staff)
    response = client.post("/accounts/logout/", follow=True)
    assert response.redirect_chain == [("/accounts/login/", 302)]
    assert "You are signed out." in response.content.decode()
    assert SESSION_KEY not in client.session


def test_admin_login_sends_people_to_the_site_login(client):
    response = client.get("/admin/login/?next=/admin/auth/user/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/auth/user/"


def test_admin_login_form_cannot_sign_anyone_in(client, django_user_model):
    django_user_model.objects.create_superuser("root", password="a-long-test-password-0")
    response = client.post(
        "/admin/login/", {"username": "root", "password": "a-long-test-password-0"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert SESSION_KEY not in client.session


def test_admin_login_ignores_a_next_page_on_another_site(client):
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response["Location"] == "/accounts/login/?next=/admin/"


def test_admin_logout_signs_out_through_the_site(client, editor):
    sign_in(client, editor)
    response = client.post("/admin/logout/")
    assert response["Location"] == "/accounts/login/"
    assert SESSION_KEY not in client.session
