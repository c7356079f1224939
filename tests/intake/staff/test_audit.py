"""The audit trail: one event per view and per change, who/when/where, never the answers."""

import datetime as dt

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from intake.models import AuditEvent, MatchRequest
from tests.factories import ClinicianFactory, IntakeRequestFactory

pytestmark = pytest.mark.django_db

CANARY_NAME = "Zebulon"
CANARY_EMAIL = "canary-zebulon@example.org"
CANARY_PHONE = "+16125550199"
CANARY_NOTE = "CANARY-NOTE-text-about-their-sister"


@pytest.fixture
def staff_client(client, intake_staff):
    client.force_login(intake_staff)
    return client


@pytest.fixture
def canary_request():
    return IntakeRequestFactory(
        first_name=CANARY_NAME,
        email=CANARY_EMAIL,
        phone=CANARY_PHONE,
        zip_code="55408",
        concerns=["self-harm"],
        guardian_name="Guardian Canary",
        right_now=True,
        created_at=timezone.now() - dt.timedelta(hours=1),
    )


def events(match_request) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(request_id=match_request.pk).order_by("at", "id"))


def test_viewing_a_request_records_who_when_and_from_where(
    staff_client, intake_staff, canary_request
):
    before = timezone.now()
    staff_client.get(
        reverse("staff:review", kwargs={"pk": canary_request.pk}), REMOTE_ADDR="203.0.113.9"
    )
    [event] = events(canary_request)
    assert event.action == "view"
    assert event.actor == intake_staff
    assert event.actor_username == "ivy"
    assert event.ip == "203.0.113.9"
    assert event.at >= before


def test_behind_the_proxy_the_forwarded_address_is_recorded(staff_client, canary_request, settings):
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXY_COUNT = 1
    staff_client.get(
        reverse("staff:review", kwargs={"pk": canary_request.pk}),
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7",
    )
    assert events(canary_request)[0].ip == "198.51.100.7"


def test_every_view_and_every_change_records_one_event_without_answers(
    staff_client, canary_request
):
    clinician = ClinicianFactory()
    url = lambda name: reverse(name, kwargs={"pk": canary_request.pk})  # noqa: E731

    def version():
        return MatchRequest.objects.get(pk=canary_request.pk).version

    steps = [
        ("view", lambda: staff_client.get(url("staff:review"))),
        ("rerun", lambda: staff_client.get(url("staff:review"), {"rerun": "1"})),
        (
            "assign",
            lambda: staff_client.post(url("staff:assign"), {"version": version(), "me": "1"}),
        ),
        (
            "assign_clinician",
            lambda: staff_client.post(
                url("staff:assign_clinician"), {"version": version(), "clinician": clinician.pk}
            ),
        ),
        (
            "contact",
            lambda: staff_client.post(
                url("staff:contact_attempt"),
                {
                    "version": version(),
                    "attempted_at": (timezone.localtime() - dt.timedelta(minutes=5)).strftime(
                        "%Y-%m-%dT%H:%M"
                    ),
                    "method": "phone",
                    "result": "reached",
                },
            ),
        ),
        (
            "note",
            lambda: staff_client.post(
                url("staff:add_note"), {"version": version(), "text": CANARY_NOTE}
            ),
        ),
        (
            "coverage",
            lambda: staff_client.post(
                url("staff:coverage_check"),
                {"version": version(), "in_network": "yes", "estimated_cost": "40"},
            ),
        ),
        (
            "status",
            lambda: staff_client.post(
                url("staff:change_status"), {"version": version(), "to": "scheduled"}
            ),
        ),
        (
            "status",
            lambda: staff_client.post(
                url("staff:close"), {"version": version(), "outcome": "booked"}
            ),
        ),
    ]
    for expected, step in steps:
        count = AuditEvent.objects.count()
        response = step()
        assert response.status_code in (200, 302), expected
        assert AuditEvent.objects.count() == count + 1, expected
        assert AuditEvent.objects.latest("id").action == expected

    details = [e.detail for e in events(canary_request)]
    assert "status: contacted → scheduled" in details
    assert "status: scheduled → closed (booked)" in details

    # The canary: nothing the person told us, and no note text, is in any audit row.
    canaries = [CANARY_NAME, CANARY_EMAIL, CANARY_PHONE, CANARY_NOTE, "55408", "Guardian"]
    canaries += ["self-harm", "Self-harm", "right_now", "suicide"]
    assert AuditEvent.objects.count() == len(steps)
    for event in AuditEvent.objects.all():
        row = " ".join(str(value) for value in model_to_dict(event).values())
        for canary in canaries:
            assert canary.lower() not in row.lower(), (canary, row)


def test_the_audit_trail_is_shown_on_the_request_page(staff_client, canary_request):
    staff_client.get(reverse("staff:review", kwargs={"pk": canary_request.pk}))
    body = staff_client.get(reverse("staff:review", kwargs={"pk": canary_request.pk})).content
    assert b"Audit trail" in body
    assert body.count(b"<td>Viewed</td>") == 2


def test_refused_changes_write_no_change_event(staff_client, canary_request):
    staff_client.post(
        reverse("staff:change_status", kwargs={"pk": canary_request.pk}),
        {"version": 1, "to": "scheduled"},
    )
    assert not AuditEvent.objects.filter(request_id=canary_request.pk, action="status").exists()


# --- the admin ---------------------------------------------------------------------------


@pytest.fixture
def admin_staff(intake_staff):
    intake_staff.is_staff = True
    intake_staff.save()
    return intake_staff


def test_the_audit_trail_is_read_only_in_the_admin(
    client, staff_client, admin_user, canary_request
):
    staff_client.get(reverse("staff:review", kwargs={"pk": canary_request.pk}))
    event = AuditEvent.objects.get()
    client.force_login(admin_user)
    assert client.get(reverse("admin:intake_auditevent_changelist")).status_code == 200
    page = client.get(reverse("admin:intake_auditevent_change", args=[event.pk]))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert client.get(reverse("admin:intake_auditevent_add")).status_code == 403
    assert (
        client.post(
            reverse("admin:intake_auditevent_delete", args=[event.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_intake_staff_see_requests_in_the_admin_and_the_view_is_audited(
    client, admin_staff, canary_request
):
    client.force_login(admin_staff)
    index = client.get(reverse("admin:index")).content.decode()
    assert "Match requests" in index
    page = client.get(reverse("admin:intake_matchrequest_change", args=[canary_request.pk]))
    assert page.status_code == 200
    assert AuditEvent.objects.get(request_id=canary_request.pk).detail == "in the admin"


def test_the_admin_never_shows_a_request_s_tokens(client, admin_staff, admin_user):
    from tests.intake.conftest import form_data

    client.post("/get-matched/", form_data(form_token="admin-shows-no-token-0123456789"))
    request = MatchRequest.objects.get()
    raw = client.cookies["intake_results"].value
    for user in (admin_staff, admin_user):
        client.force_login(user)
        page = client.get(reverse("admin:intake_matchrequest_change", args=[request.pk]))
        body = page.content.decode()
        assert page.status_code == 200
        assert request.reference in body
        for secret in (raw, request.results_token_hash, request.form_token):
            assert secret not in body
        assert "Results token" not in body and "Form token" not in body


def test_content_editors_cannot_see_intake_models_in_the_admin(client, editor, canary_request):
    from django.contrib.auth.models import Permission

    # Even if someone grants them the permission by mistake.
    editor.user_permissions.add(*Permission.objects.filter(content_type__app_label="intake"))
    client.force_login(editor)
    index = client.get(reverse("admin:index")).content.decode()
    assert "Match requests" not in index
    assert "Audit events" not in index
    for name, args in [
        ("admin:intake_matchrequest_changelist", []),
        ("admin:intake_matchrequest_change", [canary_request.pk]),
        ("admin:intake_auditevent_changelist", []),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 403, name
