"""Who may open /staff/: Intake staff only. Anonymous → login; anyone else → 403."""

import pytest
from django.urls import reverse

from tests.factories import IntakeRequestFactory

pytestmark = pytest.mark.django_db

GET_URLS = ["staff:queue", "staff:dashboard", "staff:review"]
POST_URLS = [
    "staff:assign",
    "staff:assign_clinician",
    "staff:change_status",
    "staff:close",
    "staff:contact_attempt",
    "staff:add_note",
    "staff:coverage_check",
]


def url(name: str, pk: int) -> str:
    if name in ("staff:queue", "staff:dashboard"):
        return reverse(name)
    return reverse(name, kwargs={"pk": pk})


@pytest.fixture
def match_request():
    return IntakeRequestFactory()


@pytest.mark.parametrize("name", GET_URLS + POST_URLS)
def test_anonymous_people_are_sent_to_log_in(client, match_request, name):
    path = url(name, match_request.pk)
    response = client.post(path) if name in POST_URLS else client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("name", GET_URLS + POST_URLS)
@pytest.mark.parametrize("person", ["editor", "stranger"])
def test_people_outside_intake_staff_are_refused(client, match_request, request, name, person):
    client.force_login(request.getfixturevalue(person))
    path = url(name, match_request.pk)
    response = client.post(path, {"version": 1}) if name in POST_URLS else client.get(path)
    assert response.status_code == 403
    match_request.refresh_from_db()
    assert match_request.version == 1


@pytest.mark.parametrize("name", GET_URLS)
def test_intake_staff_see_every_staff_page_uncached(client, intake_staff, match_request, name):
    client.force_login(intake_staff)
    response = client.get(url(name, match_request.pk))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("name", POST_URLS)
def test_intake_staff_can_post_every_action(client, intake_staff, match_request, name):
    client.force_login(intake_staff)
    response = client.post(url(name, match_request.pk), {"version": 1})
    # Empty forms are refused with the page again (400), never a crash or a 403.
    assert response.status_code in (302, 400)
    assert "no-store" in response["Cache-Control"]


def test_a_missing_request_is_404_for_staff(client, intake_staff):
    client.force_login(intake_staff)
    assert client.get(reverse("staff:review", kwargs={"pk": 999999})).status_code == 404


def test_an_inactive_member_of_intake_staff_is_refused(client, intake_staff, match_request):
    intake_staff.is_active = False
    intake_staff.save()
    client.force_login(intake_staff)
    assert client.get(reverse("staff:queue")).status_code in (302, 403)
