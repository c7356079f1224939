"""Staff, sign-in and admin pages have their own layout: no crisis strip, no way out on Esc."""

import pytest
from django.urls import reverse

from tests.factories import IntakeRequestFactory

pytestmark = pytest.mark.django_db

# The crisis strip, the quick exit, and the header's "Get matched" button.
PUBLIC_MARKS = ('aria-label="Crisis support"', "data-quick-exit", "nav-cta")


def assert_staff_layout(body: str) -> None:
    for mark in PUBLIC_MARKS:
        assert mark not in body, mark
    assert "staff-shell" in body


def assert_public_layout(body: str) -> None:
    for mark in PUBLIC_MARKS:
        assert mark in body, mark


def test_staff_pages_have_the_staff_layout(client, intake_staff):
    match_request = IntakeRequestFactory()
    client.force_login(intake_staff)
    for url in ("/staff/", "/staff/dashboard/", reverse("staff:review", args=[match_request.pk])):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_staff_layout(response.content.decode())


@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/logout/"])
def test_sign_in_pages_are_staff_pages(client, url):
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert_staff_layout(body)
    # Someone who landed here by mistake still finds help in the page itself.
    if url == "/accounts/login/":
        assert 'href="/crisis/"' in body


def test_the_code_step_and_the_backup_codes_are_staff_pages(client, intake_staff, settings):
    settings.REQUIRE_2FA = True
    client.force_login(intake_staff)
    for url in ("/accounts/verify/", "/accounts/backup-codes/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_staff_layout(response.content.decode())


def test_error_pages_take_the_layout_of_where_they_are(client, stranger):
    assert_public_layout(client.get("/no-such-page/").content.decode())
    missing = client.get("/staff/no-such-page/")
    assert missing.status_code == 404
    assert_staff_layout(missing.content.decode())
    client.force_login(stranger)
    refused = client.get("/staff/")
    assert refused.status_code == 403
    assert_staff_layout(refused.content.decode())


def test_the_admin_carries_no_quick_exit_and_no_script_of_ours(client, editor):
    client.force_login(editor)
    body = client.get("/admin/").content.decode()
    assert "data-quick-exit" not in body
    assert "js/ellie.js" not in body
