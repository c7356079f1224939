"""Working a request: assignment, the status workflow, contact attempts, notes, coverage,
and the guard against two people changing the same request at once."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from intake.models import AuditEvent, ContactAttempt, MatchRequest
from intake.staff import services as staff
from intake.staff import workflow
from tests.factories import ClinicianFactory, IntakeRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, intake_staff):
    client.force_login(intake_staff)
    return client


def post(client, name, match_request, **data):
    data.setdefault("version", MatchRequest.objects.get(pk=match_request.pk).version)
    return client.post(reverse(name, kwargs={"pk": match_request.pk}), data)


def fresh(match_request) -> MatchRequest:
    return MatchRequest.objects.get(pk=match_request.pk)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


ALLOWED = {
    ("new", "in_review"),
    ("new", "closed"),
    ("in_review", "contacted"),
    ("in_review", "closed"),
    ("contacted", "scheduled"),
    ("contacted", "closed"),
    ("scheduled", "contacted"),
    ("scheduled", "closed"),
    ("closed", "in_review"),
}
STATUSES = ["new", "in_review", "contacted", "scheduled", "closed"]


@pytest.mark.parametrize(("current", "target"), list(itertools.product(STATUSES, STATUSES)))
def test_each_status_change_is_allowed_or_refused_with_a_message(staff_client, current, target):
    match_request = IntakeRequestFactory(
        status=current, outcome="booked" if current == "closed" else ""
    )
    if target == "closed":
        response = post(staff_client, "staff:close", match_request, outcome="waitlisted")
    else:
        response = post(staff_client, "staff:change_status", match_request, to=target)
    after = fresh(match_request)
    if (current, target) in ALLOWED:
        assert response.status_code == 302
        assert after.status == target
        assert after.version == 2
    else:
        assert response.status_code == 400
        assert after.status == current
        assert after.version == 1
        [message] = messages_of(response)
        assert "cannot move" in message or "already" in message


def test_closing_needs_an_outcome(staff_client):
    match_request = IntakeRequestFactory(status="contacted")
    response = post(staff_client, "staff:close", match_request, outcome="")
    assert response.status_code == 400
    assert fresh(match_request).status == "contacted"
    assert "outcome" in response.content.decode().lower()


def test_closing_records_the_outcome_and_when_and_reopening_clears_them(staff_client):
    match_request = IntakeRequestFactory(status="scheduled")
    post(staff_client, "staff:close", match_request, outcome="booked")
    closed = fresh(match_request)
    assert (closed.status, closed.outcome) == ("closed", "booked")
    assert closed.closed_at is not None
    post(staff_client, "staff:change_status", match_request, to="in_review")
    reopened = fresh(match_request)
    assert (reopened.status, reopened.outcome, reopened.closed_at) == ("in_review", "", None)


def test_assign_to_me_starts_the_review(staff_client, intake_staff):
    match_request = IntakeRequestFactory()
    response = post(staff_client, "staff:assign", match_request, me="1")
    assert response.status_code == 302
    after = fresh(match_request)
    assert after.assigned_to == intake_staff
    assert after.status == "in_review"


def test_staff_can_assign_a_colleague_from_intake_staff(staff_client, django_user_model):
    from django.contrib.auth.models import Group

    colleague = django_user_model.objects.create_user("cole")
    colleague.groups.add(Group.objects.get(name="Intake staff"))
    match_request = IntakeRequestFactory(status="in_review")
    post(staff_client, "staff:assign", match_request, assignee=colleague.pk)
    assert fresh(match_request).assigned_to == colleague


def test_a_request_cannot_be_assigned_to_someone_outside_intake_staff(staff_client, editor):
    match_request = IntakeRequestFactory()
    response = post(staff_client, "staff:assign", match_request, assignee=editor.pk)
    assert response.status_code == 400
    assert fresh(match_request).assigned_to is None
    with pytest.raises(staff.StaffActionError):
        staff.assign_staff(
            request_id=match_request.pk, version=1, assignee=editor, actor=editor, ip=None
        )


def test_staff_assign_an_active_clinician_and_not_an_inactive_one(staff_client):
    active = ClinicianFactory()
    gone = ClinicianFactory(inactive=True)
    match_request = IntakeRequestFactory()
    assert (
        post(staff_client, "staff:assign_clinician", match_request, clinician=active.pk).status_code
        == 302
    )
    assert fresh(match_request).assigned_clinician == active
    response = post(staff_client, "staff:assign_clinician", match_request, clinician=gone.pk)
    assert response.status_code == 400
    assert fresh(match_request).assigned_clinician == active


def test_a_contact_attempt_is_recorded_and_meets_the_target(staff_client, intake_staff):
    match_request = IntakeRequestFactory(
        status="in_review", created_at=timezone.now() - dt.timedelta(hours=1)
    )
    when = timezone.localtime().replace(second=0, microsecond=0) - dt.timedelta(minutes=10)
    response = post(
        staff_client,
        "staff:contact_attempt",
        match_request,
        attempted_at=when.strftime("%Y-%m-%dT%H:%M"),
        method="phone",
        result="voicemail",
    )
    assert response.status_code == 302
    attempt = ContactAttempt.objects.get(request=match_request)
    assert (attempt.method, attempt.result, attempt.staff) == ("phone", "voicemail", intake_staff)
    after = fresh(match_request)
    assert after.first_contact_at == when
    assert after.status == "contacted"


def test_a_later_attempt_keeps_the_first_contact_time(intake_staff):
    first = timezone.now() - dt.timedelta(hours=3)
    match_request = IntakeRequestFactory(status="contacted", first_contact_at=first)
    staff.record_contact_attempt(
        request_id=match_request.pk,
        version=1,
        attempted_at=timezone.now(),
        method="text",
        result="message_sent",
        actor=intake_staff,
        ip=None,
    )
    after = fresh(match_request)
    assert after.first_contact_at == first
    assert after.status == "contacted"


def test_a_contact_attempt_cannot_be_in_the_future(intake_staff):
    match_request = IntakeRequestFactory()
    with pytest.raises(staff.StaffActionError, match="future"):
        staff.record_contact_attempt(
            request_id=match_request.pk,
            version=1,
            attempted_at=timezone.now() + dt.timedelta(days=1),
            method="phone",
            result="reached",
            actor=intake_staff,
            ip=None,
        )


def test_a_contact_attempt_cannot_be_before_the_request_arrived(intake_staff):
    match_request = IntakeRequestFactory(urgent=True, created_at=timezone.now())
    with pytest.raises(staff.StaffActionError, match="before the request arrived") as refused:
        staff.record_contact_attempt(
            request_id=match_request.pk,
            version=1,
            attempted_at=dt.datetime(1999, 1, 1, 9, 0, tzinfo=dt.timezone.utc),
            method="phone",
            result="reached",
            actor=intake_staff,
            ip=None,
        )
    assert refused.value.field == "attempted_at"
    after = fresh(match_request)
    assert (after.first_contact_at, after.status, after.version) == (None, "new", 1)
    assert not ContactAttempt.objects.exists()
    assert after.target_state().value != "met", "an urgent request does not look handled"


def test_a_contact_attempt_in_the_minute_the_request_arrived_is_fine(intake_staff):
    arrived = timezone.now().replace(second=40)
    match_request = IntakeRequestFactory(created_at=arrived)
    staff.record_contact_attempt(
        request_id=match_request.pk,
        version=1,
        attempted_at=arrived.replace(second=0, microsecond=0),
        method="phone",
        result="reached",
        actor=intake_staff,
        ip=None,
    )
    assert fresh(match_request).first_contact_at == arrived.replace(second=0, microsecond=0)


def test_an_attempt_dated_before_the_request_is_refused_beside_the_field_keeping_what_was_typed(
    staff_client,
):
    match_request = IntakeRequestFactory(urgent=True, status="in_review")
    response = post(
        staff_client,
        "staff:contact_attempt",
        match_request,
        attempted_at="1999-01-01T09:00",
        method="text",
        result="message_sent",
    )
    assert response.status_code == 400
    body = response.content.decode()
    form = response.context["forms"]["contact"]
    assert "before the request arrived" in " ".join(form.errors["attempted_at"])
    assert 'value="1999-01-01T09:00"' in body
    assert (form["method"].value(), form["result"].value()) == ("text", "message_sent")
    arrived = timezone.localtime(match_request.created_at).strftime("%Y-%m-%dT%H:%M")
    assert f'min="{arrived}"' in body
    after = fresh(match_request)
    assert (after.first_contact_at, after.status) == (None, "in_review")
    assert not ContactAttempt.objects.exists()


def test_notes_and_coverage_checks_are_saved_and_shown(staff_client, intake_staff):
    match_request = IntakeRequestFactory()
    post(staff_client, "staff:add_note", match_request, text="Prefers afternoons.")
    post(
        staff_client,
        "staff:coverage_check",
        match_request,
        carrier=match_request.carrier_id,
        in_network="yes",
        estimated_cost="25.00",
    )
    check = match_request.coverage_checks.get()
    assert (check.in_network, check.estimated_cost, check.checked_by) == (
        True,
        Decimal("25.00"),
        intake_staff,
    )
    body = staff_client.get(reverse("staff:review", kwargs={"pk": match_request.pk})).content
    assert b"Prefers afternoons." in body
    assert b"about $25.00 a session" in body
    assert fresh(match_request).version == 3


def test_marking_contacted_by_hand_meets_the_target(intake_staff):
    match_request = IntakeRequestFactory(status="in_review")
    staff.change_status(
        request_id=match_request.pk, version=1, to="contacted", actor=intake_staff, ip=None
    )
    assert fresh(match_request).first_contact_at is not None


# --- two people at once ------------------------------------------------------------------


def test_a_change_from_a_stale_page_is_refused_and_overwrites_nothing(staff_client, intake_staff):
    match_request = IntakeRequestFactory(status="in_review")
    # Someone else closes it while our page still shows version 1.
    staff.change_status(
        request_id=match_request.pk,
        version=1,
        to="closed",
        outcome="declined",
        actor=intake_staff,
        ip=None,
    )
    response = post(
        staff_client, "staff:add_note", match_request, version=1, text="Left a message."
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else changed this request" in body
    assert "Left a message." in body  # what they typed is still in the form
    after = fresh(match_request)
    assert (after.status, after.outcome, after.version) == ("closed", "declined", 2)
    assert not after.notes.exists()
    assert AuditEvent.objects.filter(request_id=match_request.pk, action="conflict").count() == 1


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("staff:assign", {"me": "1"}),
        ("staff:change_status", {"to": "in_review"}),
        ("staff:close", {"outcome": "booked"}),
        ("staff:add_note", {"text": "hello"}),
        ("staff:coverage_check", {"in_network": "no", "estimated_cost": "90"}),
        (
            "staff:contact_attempt",
            {"attempted_at": "2020-01-01T10:00", "method": "email", "result": "message_sent"},
        ),
    ],
)
def test_every_action_is_guarded_by_the_version(staff_client, name, data):
    match_request = IntakeRequestFactory()
    MatchRequest.objects.filter(pk=match_request.pk).update(version=5)
    response = post(staff_client, name, match_request, version=4, **data)
    assert response.status_code == 409
    after = fresh(match_request)
    assert after.version == 5
    assert (after.status, after.assigned_to_id) == ("new", None)


def test_the_update_only_applies_to_the_version_it_read(intake_staff, monkeypatch):
    """The guard is in the UPDATE itself, so a change between read and write loses too."""
    match_request = IntakeRequestFactory(status="new")
    real_current = staff._current
    writes = []

    def read_then_someone_else_writes(request_id, version):
        current = real_current(request_id, version)
        writes.append(MatchRequest.objects.filter(pk=request_id).update(version=version + 1))
        return current

    monkeypatch.setattr(staff, "_current", read_then_someone_else_writes)
    with pytest.raises(staff.StaleRequest):
        staff.change_status(
            request_id=match_request.pk, version=1, to="in_review", actor=intake_staff, ip=None
        )
    assert writes == [1]
    assert fresh(match_request).status == "new"
    assert not AuditEvent.objects.filter(request_id=match_request.pk, action="status").exists()


def test_the_stale_guard_works_on_any_action(intake_staff):
    match_request = IntakeRequestFactory()
    staff.add_note(request_id=match_request.pk, version=1, text="one", actor=intake_staff, ip=None)
    with pytest.raises(staff.StaleRequest):
        staff.add_note(
            request_id=match_request.pk, version=1, text="two", actor=intake_staff, ip=None
        )
    assert list(fresh(match_request).notes.values_list("text", flat=True)) == ["one"]


def test_the_workflow_table_drives_the_buttons_on_the_page(staff_client):
    match_request = IntakeRequestFactory(status="contacted")
    body = staff_client.get(
        reverse("staff:review", kwargs={"pk": match_request.pk})
    ).content.decode()
    assert workflow.ACTION_LABELS[("contacted", "scheduled")] in body
    assert "Start review" not in body
    assert "Close request" in body


def test_re_running_matching_shows_who_matches_now(staff_client):
    ClinicianFactory(first_name="Noor", last_name="Haddad", carriers=["aetna"])
    match_request = IntakeRequestFactory()
    url = reverse("staff:review", kwargs={"pk": match_request.pk})
    assert "Noor Haddad" not in staff_client.get(url).content.decode()
    response = staff_client.get(url, {"rerun": "1"})
    assert "Noor Haddad" in response.content.decode()
    assert AuditEvent.objects.filter(request_id=match_request.pk, action="rerun").count() == 1
