"""purge_requests: requests past the retention period go, with all they own; the audit stays."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command

from intake.models import (
    AuditEvent,
    ContactAttempt,
    CoverageCheck,
    MatchRequest,
    Note,
    RequestMatch,
)
from intake.staff import services as staff
from outbox.models import OutboxMessage
from tests.factories import ClinicianFactory, IntakeRequestFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.timezone.utc)


def with_everything(created_at, actor):
    match_request = IntakeRequestFactory(created_at=created_at, chosen=[ClinicianFactory()])
    staff.add_note(request_id=match_request.pk, version=1, text="n", actor=actor, ip=None)
    staff.record_contact_attempt(
        request_id=match_request.pk,
        version=2,
        attempted_at=created_at,
        method="phone",
        result="reached",
        actor=actor,
        ip=None,
    )
    staff.record_coverage_check(
        request_id=match_request.pk,
        version=3,
        carrier_id=None,
        in_network=False,
        estimated_cost=100,
        actor=actor,
        ip=None,
    )
    OutboxMessage.objects.create(
        kind="staff_new_request", request=match_request, to=["x@localhost"], subject="s", body="b"
    )
    return match_request


@pytest.fixture
def old_and_new(intake_staff, settings):
    settings.INTAKE_RETENTION_DAYS = 730
    with time_machine.travel(NOW, tick=False):
        old = with_everything(NOW - dt.timedelta(days=731), intake_staff)
        new = with_everything(NOW - dt.timedelta(days=729), intake_staff)
    return old, new


def counts(match_request) -> dict:
    return {
        model.__name__: model.objects.filter(request=match_request).count()
        for model in (RequestMatch, Note, ContactAttempt, CoverageCheck, OutboxMessage)
    }


def run(*args) -> str:
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("purge_requests", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_reports_and_deletes_nothing(old_and_new):
    old, new = old_and_new
    output = run("--dry-run")
    assert "Would delete 1 request(s) older than 730 days" in output
    assert "1 match snapshot row(s), 1 note(s), 1 contact attempt(s), 1 coverage check(s)" in output
    assert "1 outbox message(s)" in output
    assert MatchRequest.objects.count() == 2
    assert not AuditEvent.objects.filter(action="purge").exists()


def test_old_requests_go_with_everything_they_own_and_new_ones_stay(old_and_new):
    old, new = old_and_new
    audit_before = AuditEvent.objects.filter(request_id=old.pk).count()
    output = run()
    assert "Deleted 1 request(s)" in output
    assert not MatchRequest.objects.filter(pk=old.pk).exists()
    assert set(counts(old).values()) == {0}
    assert MatchRequest.objects.filter(pk=new.pk).exists()
    assert set(counts(new).values()) == {1}
    # The audit trail stays, naming only the id, with one more event for the purge.
    trail = AuditEvent.objects.filter(request_id=old.pk)
    assert trail.count() == audit_before + 1
    assert trail.filter(action="purge", actor__isnull=True).count() == 1


def test_the_retention_period_comes_from_settings(old_and_new, settings):
    settings.INTAKE_RETENTION_DAYS = 3000
    assert "Deleted 0 request(s)" in run()
    assert MatchRequest.objects.count() == 2
    settings.INTAKE_RETENTION_DAYS = 1
    assert "Deleted 2 request(s)" in run()
    assert MatchRequest.objects.count() == 0


def test_purging_works_in_batches(intake_staff):
    with time_machine.travel(NOW, tick=False):
        IntakeRequestFactory.create_batch(7, created_at=NOW - dt.timedelta(days=900))
        report = staff.purge_requests(retention_days=730, batch_size=3)
    assert report.requests == 7
    assert MatchRequest.objects.count() == 0
    assert AuditEvent.objects.filter(action="purge").count() == 7
