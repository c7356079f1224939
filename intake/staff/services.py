"""Staff work on a request: services with keyword-only arguments, one transaction each.

Every change is guarded by the request's ``version``: the caller passes the version it
showed to the person, and the change is an ``UPDATE … WHERE version = that`` which also
bumps it. If someone else changed the request in between, nothing is written and
``StaleRequest`` is raised, so two people never silently overwrite each other.

Every change, and every view, writes one ``AuditEvent`` with a short detail that never
carries answers, names, notes or contact details.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format

from intake.models import (
    AuditEvent,
    ContactAttempt,
    CoverageCheck,
    MatchRequest,
    Note,
    RequestMatch,
)
from intake.staff import workflow
from intake.staff.access import is_intake_staff
from intake.staff.workflow import TransitionError
from outbox.models import OutboxMessage

__all__ = [
    "fresh_matches",
    "purge_requests",
    "StaleRequest",
    "StaffActionError",
    "TransitionError",
    "add_note",
    "assign_clinician",
    "assign_staff",
    "change_status",
    "record_audit",
    "record_contact_attempt",
    "record_coverage_check",
    "record_view",
]


def fresh_matches(match_request: MatchRequest, *, limit: int = 10):
    """Matching as it would answer today, for staff to compare with the snapshot."""
    from matching.ranking import rank

    return rank(match_request.ranking_preferences(), limit=limit)


@dataclass(frozen=True)
class PurgeReport:
    cutoff: dt.datetime
    requests: int
    matches: int
    notes: int
    attempts: int
    coverage_checks: int
    outbox: int


def purge_requests(
    *, retention_days: int, dry_run: bool = False, batch_size: int = 500
) -> PurgeReport:
    """Delete requests that arrived more than ``retention_days`` ago, with all they own.

    Audit events are kept (they name the request by id only) and one more is added per
    purged request. With ``dry_run`` nothing is deleted and the counts say what would be.
    Deletes in batches, one transaction each, so a years-long backlog never holds one
    huge transaction.
    """
    cutoff = timezone.now() - dt.timedelta(days=retention_days)
    old = {"request__created_at__lt": cutoff}
    report = PurgeReport(
        cutoff=timezone.localtime(cutoff),
        requests=MatchRequest.objects.filter(created_at__lt=cutoff).count(),
        matches=RequestMatch.objects.filter(**old).count(),
        notes=Note.objects.filter(**old).count(),
        attempts=ContactAttempt.objects.filter(**old).count(),
        coverage_checks=CoverageCheck.objects.filter(**old).count(),
        outbox=OutboxMessage.objects.filter(**old).count(),
    )
    if dry_run:
        return report
    while True:
        with transaction.atomic():
            ids = list(
                MatchRequest.objects.filter(created_at__lt=cutoff)
                .order_by("pk")
                .values_list("pk", flat=True)[:batch_size]
            )
            if not ids:
                break
            MatchRequest.objects.filter(pk__in=ids).delete()
            AuditEvent.objects.bulk_create(
                AuditEvent(
                    action=AuditEvent.Action.PURGE,
                    request_id=pk,
                    detail=f"retention {retention_days} days",
                )
                for pk in ids
            )
    return report


class StaleRequest(Exception):
    """The request changed since the person loaded it; nothing was written."""


class StaffActionError(ValueError):
    """A change that is not allowed; the message is shown to staff as is (beside ``field``
    when it is about one field of the form)."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def record_audit(
    *,
    actor: AbstractBaseUser | None,
    ip: str | None,
    action: str,
    request_id: int,
    detail: str = "",
) -> AuditEvent:
    """Append one event to the audit trail."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_username=actor.get_username() if actor is not None else "",
        ip=ip or None,
        action=action,
        request_id=request_id,
        detail=detail[:200],
    )


def record_view(
    *, match_request: MatchRequest, actor: AbstractBaseUser, ip: str | None, rerun: bool = False
) -> AuditEvent:
    """A member of staff opened the request (and maybe re-ran matching for it)."""
    with transaction.atomic():
        return record_audit(
            actor=actor,
            ip=ip,
            action=AuditEvent.Action.RERUN if rerun else AuditEvent.Action.VIEW,
            request_id=match_request.pk,
        )


def record_conflict(*, request_id: int, actor: AbstractBaseUser, ip: str | None, what: str) -> None:
    """A change refused because the request had changed meanwhile (nothing was written)."""
    with transaction.atomic():
        record_audit(
            actor=actor,
            ip=ip,
            action=AuditEvent.Action.CONFLICT,
            request_id=request_id,
            detail=f"refused {what}: stale version",
        )


def _locked_update(*, request_id: int, version: int, **changes) -> None:
    """``UPDATE … SET version = version + 1 … WHERE id = … AND version = …``."""
    updated = MatchRequest.objects.filter(pk=request_id, version=version).update(
        version=F("version") + 1, updated_at=timezone.now(), **changes
    )
    if updated != 1:
        raise StaleRequest


def _current(request_id: int, version: int) -> MatchRequest:
    """The request as it is now, refusing early when the version has already moved on."""
    match_request = MatchRequest.objects.get(pk=request_id)
    if match_request.version != version:
        raise StaleRequest
    return match_request


def _name(user: AbstractBaseUser | None) -> str:
    return user.get_username() if user is not None else "nobody"


def assign_staff(
    *,
    request_id: int,
    version: int,
    assignee: AbstractBaseUser | None,
    actor: AbstractBaseUser,
    ip: str | None,
) -> None:
    """Assign the request to a member of Intake staff (or to nobody).

    Assigning a new request starts its review (new → in review).
    """
    if assignee is not None and not is_intake_staff(assignee):
        raise StaffActionError("Requests can only be assigned to members of Intake staff.")
    with transaction.atomic():
        current = _current(request_id, version)
        before = current.assigned_to
        changes: dict = {"assigned_to": assignee}
        detail = f"assigned: {_name(before)} → {_name(assignee)}"
        if assignee is not None and current.status == workflow.NEW:
            changes["status"] = workflow.IN_REVIEW
            detail += f"; status: {workflow.NEW} → {workflow.IN_REVIEW}"
        _locked_update(request_id=request_id, version=version, **changes)
        record_audit(
            actor=actor,
            ip=ip,
            action=AuditEvent.Action.ASSIGN,
            request_id=request_id,
            detail=detail,
        )


def assign_clinician(
    *,
    request_id: int,
    version: int,
    clinician_id: int | None,
    actor: AbstractBaseUser,
    ip: str | None,
) -> None:
    """Assign the clinician the person will see (or clear it)."""
    from matching.models import Clinician

    if (
        clinician_id is not None
        and not Clinician.objects.filter(pk=clinician_id, is_active=True).exists()
    ):
        raise StaffActionError("That clinician is not active; choose another.")
    with transaction.atomic():
        current = _current(request_id, version)
        before = current.assigned_clinician_id
        _locked_update(request_id=request_id, version=version, assigned_clinician_id=clinician_id)
        record_audit(
            actor=actor,
            ip=ip,
            action=AuditEvent.Action.ASSIGN_CLINICIAN,
            request_id=request_id,
            detail=f"clinician: {before or 'none'} → {clinician_id or 'none'}",
        )


def change_status(
    *,
    request_id: int,
    version: int,
    to: str,
    outcome: str = "",
    actor: AbstractBaseUser,
    ip: str | None,
) -> None:
    """Move the request through the workflow (``intake.staff.workflow.TRANSITIONS``).

    Closing needs an outcome; reopening clears it. Refused moves raise
    ``TransitionError`` with a message for staff.
    """
    with transaction.atomic():
        current = _current(request_id, version)
        workflow.check_transition(current.status, to, outcome=outcome)
        changes: dict = {"status": to}
        detail = f"status: {current.status} → {to}"
        if to == workflow.CLOSED:
            changes.update(outcome=outcome, closed_at=timezone.now())
            detail += f" ({outcome})"
        elif current.status == workflow.CLOSED:
            changes.update(outcome="", closed_at=None)
        if to == workflow.CONTACTED and current.first_contact_at is None:
            # Marked contacted without an attempt on record: the target is met now.
            changes["first_contact_at"] = timezone.now()
        _locked_update(request_id=request_id, version=version, **changes)
        record_audit(
            actor=actor,
            ip=ip,
            action=AuditEvent.Action.STATUS,
            request_id=request_id,
            detail=detail,
        )


def record_contact_attempt(
    *,
    request_id: int,
    version: int,
    attempted_at: dt.datetime,
    method: str,
    result: str,
    actor: AbstractBaseUser,
    ip: str | None,
) -> ContactAttempt:
    """Record a try at reaching the person.

    The first attempt meets the response target (``first_contact_at``), and a request
    still new or in review moves to contacted.
    """
    if attempted_at > timezone.now() + dt.timedelta(minutes=5):
        raise StaffActionError("A contact attempt cannot be in the future.", field="attempted_at")
    with transaction.atomic():
        current = _current(request_id, version)
        # Times are typed to the minute: the minute the request arrived is allowed.
        if attempted_at < current.created_at.replace(second=0, microsecond=0):
            arrived = date_format(timezone.localtime(current.created_at), "D, M j, Y, g:i A")
            raise StaffActionError(
                f"A contact attempt cannot be before the request arrived ({arrived}). "
                "Check the date and time.",
                field="attempted_at",
            )
        changes: dict = {}
        detail = f"contact attempt: {method}, {result}"
        if current.first_contact_at is None or attempted_at < current.first_contact_at:
            changes["first_contact_at"] = attempted_at
        if current.status in workflow.AWAITING_CONTACT:
            changes["status"] = workflow.CONTACTED
            detail += f"; status: {current.status} → {workflow.CONTACTED}"
        _locked_update(request_id=request_id, version=version, **changes)
        attempt = ContactAttempt.objects.create(
            request_id=request_id,
            staff=actor,
            attempted_at=attempted_at,
            method=method,
            result=result,
        )
        record_audit(
            actor=actor,
            ip=ip,
            action=AuditEvent.Action.CONTACT,
            request_id=request_id,
            detail=detail,
        )
        return attempt


def add_note(
    *, request_id: int, version: int, text: str, actor: AbstractBaseUser, ip: str | None
) -> Note:
    """Add a staff note. The audit says a note was added, never what it says."""
    text = text.strip()
    if not text:
        raise StaffActionError("Write something in the note first.")
    with transaction.atomic():
        _locked_update(request_id=request_id, version=version)
        note = Note.objects.create(request_id=request_id, author=actor, text=text)
        record_audit(
            actor=actor,
            ip=ip,
            action=AuditEvent.Action.NOTE,
            request_id=request_id,
            detail="note added",
        )
        return note


def record_coverage_check(
    *,
    request_id: int,
    version: int,
    carrier_id: int | None,
    in_network: bool,
    estimated_cost: Decimal,
    actor: AbstractBaseUser,
    ip: str | None,
) -> CoverageCheck:
    """Record what the person's coverage means for them, checked before the first session."""
    if estimated_cost < 0:
        raise StaffActionError("The estimated cost cannot be negative.")
    with transaction.atomic():
        _locked_update(request_id=request_id, version=version)
        check = CoverageCheck.objects.create(
            request_id=request_id,
            carrier_id=carrier_id,
            in_network=in_network,
            estimated_cost=estimated_cost,
            checked_by=actor,
        )
        record_audit(
            actor=actor,
            ip=ip,
            action=AuditEvent.Action.COVERAGE,
            request_id=request_id,
            detail="coverage checked",
        )
        return check
