"""Every write on the clinicians' side (docs/clinicians.md): links, sessions, check-ins.

Each service is keyword-only and runs in one transaction. A change to a clinician goes
through `matching.services.save_clinician`, which rebuilds their search rows in that same
transaction. Emails are rows in the outbox (the outbox app), sent by the schedule process.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.utils import timezone

from clinicians.models import ClinicianEvent, ClinicianLink, ClinicianSession
from clinicians.tokens import looks_like_token, new_token, same, token_hash
from matching.models import Clinician, normal_email
from matching.services import save_clinician
from outbox import services as outbox
from outbox.models import OutboxMessage
from practice.models import Practice

Purpose = ClinicianLink.Purpose
Action = ClinicianEvent.Action


def _locked(queryset):
    """Rows another process holds are skipped, never waited for (``SKIP LOCKED``)."""
    if connection.features.has_select_for_update_skip_locked:
        return queryset.select_for_update(skip_locked=True)
    return queryset.select_for_update()


def record(*, clinician: Clinician | None, action: str, detail: str = "", note: str = "", ip=None):
    return ClinicianEvent.objects.create(
        clinician=clinician, action=action, detail=detail[:200], note=note, ip=ip or None
    )


def _new_link(*, clinician: Clinician, purpose: str, lifetime: datetime.timedelta) -> str:
    token = new_token()
    now = timezone.now()
    ClinicianLink.objects.create(
        clinician=clinician,
        purpose=purpose,
        token_hash=token_hash(token),
        created_at=now,
        expires_at=now + lifetime,
    )
    return token


def sign_in_url(token: str) -> str:
    return f"{settings.SITE_URL}/for-clinicians/sign-in/{token}/"


def check_in_url(token: str) -> str:
    return f"{settings.SITE_URL}/for-clinicians/check-in/{token}/"


def _email(*, kind: str, clinician: Clinician, subject: str, template: str, context: dict):
    outbox.queue_email(
        kind=kind,
        to=[clinician.email],
        subject=subject,
        body=render_to_string(
            template, {"clinician": clinician, "practice": Practice.current(), **context}
        ),
    )


# --- Signing in -----------------------------------------------------------------------


def request_sign_in_link(*, email: str, ip: str | None = None) -> bool:
    """Email a sign-in link to the active clinician with this address, if there is one.

    The caller answers the same either way; the return value (a link was queued) is for
    tests. At most CLINICIAN_LINKS_PER_HOUR links go to one clinician in an hour.
    """
    address = normal_email(email)
    if not address:
        return False
    with transaction.atomic():
        clinician = _locked(Clinician.objects.active().filter(email=address)).first()
        if clinician is None:
            return False
        hour_ago = timezone.now() - datetime.timedelta(hours=1)
        recent = ClinicianLink.objects.filter(
            clinician=clinician, purpose=Purpose.SIGN_IN, created_at__gte=hour_ago
        ).count()
        if recent >= settings.CLINICIAN_LINKS_PER_HOUR:
            return False
        minutes = settings.CLINICIAN_SIGN_IN_LINK_MINUTES
        token = _new_link(
            clinician=clinician,
            purpose=Purpose.SIGN_IN,
            lifetime=datetime.timedelta(minutes=minutes),
        )
        _email(
            kind=OutboxMessage.Kind.CLINICIAN_SIGN_IN,
            clinician=clinician,
            subject="Your sign-in link",
            template="clinicians/email/sign_in.txt",
            context={"url": sign_in_url(token), "minutes": minutes},
        )
        record(clinician=clinician, action=Action.SIGN_IN_LINK, ip=ip)
    return True


def usable_link(*, token, purpose: str) -> ClinicianLink | None:
    """The unused, unexpired link of this purpose for this token, or None."""
    if not looks_like_token(token):
        return None
    link = (
        ClinicianLink.objects.usable()
        .filter(token_hash=token_hash(token), purpose=purpose, clinician__is_active=True)
        .select_related("clinician")
        .first()
    )
    return link if link is not None and same(link.token_hash, token) else None


def _use(link: ClinicianLink) -> bool:
    """Mark a link used, exactly once across every process."""
    return bool(
        ClinicianLink.objects.filter(pk=link.pk, used_at=None).update(used_at=timezone.now())
    )


@dataclass(frozen=True)
class SignedIn:
    session: ClinicianSession
    token: str  # for the cookie; only its hash is stored


def sign_in(*, token, ip: str | None = None) -> SignedIn | None:
    """Use a sign-in link: a new clinician session, or None when the link cannot be used."""
    with transaction.atomic():
        link = usable_link(token=token, purpose=Purpose.SIGN_IN)
        if link is None or not _use(link):
            return None
        session_token = new_token()
        now = timezone.now()
        session = ClinicianSession.objects.create(
            clinician=link.clinician,
            token_hash=token_hash(session_token),
            created_at=now,
            expires_at=now + datetime.timedelta(hours=settings.CLINICIAN_SESSION_HOURS),
        )
        record(clinician=link.clinician, action=Action.SIGNED_IN, ip=ip)
    return SignedIn(session=session, token=session_token)


def current_session(token) -> ClinicianSession | None:
    """The live session this cookie value opens, with its clinician, or None."""
    if not looks_like_token(token):
        return None
    session = (
        ClinicianSession.objects.filter(
            token_hash=token_hash(token),
            ended_at=None,
            expires_at__gt=timezone.now(),
            clinician__is_active=True,
        )
        .select_related("clinician")
        .first()
    )
    return session if session is not None and same(session.token_hash, token) else None


def sign_out(*, session: ClinicianSession, ip: str | None = None) -> None:
    with transaction.atomic():
        ClinicianSession.objects.filter(pk=session.pk, ended_at=None).update(
            ended_at=timezone.now()
        )
        record(clinician=session.clinician, action=Action.SIGNED_OUT, ip=ip)


# --- Availability check-ins -------------------------------------------------------------


def due_for_check_in(*, today: datetime.date | None = None):
    """Active clinicians with an address, confirmed more than CHECK_IN_EVERY_DAYS ago (or
    never), and not asked within as many days."""
    today = today or timezone.localdate()
    days = settings.CHECK_IN_EVERY_DAYS
    since = timezone.now() - datetime.timedelta(days=days)
    asked = ClinicianLink.objects.filter(
        clinician=OuterRef("pk"), purpose=Purpose.CHECK_IN, created_at__gte=since
    )
    return (
        Clinician.objects.active()
        .exclude(email="")
        .filter(
            Q(availability_confirmed_on=None)
            | Q(availability_confirmed_on__lt=today - datetime.timedelta(days=days))
        )
        .exclude(Exists(asked))
    )


def send_check_in(*, clinician_id: int, today: datetime.date | None = None) -> bool:
    """Ask one clinician to confirm their availability, unless another process just did
    (or holds them right now). True when a check-in was queued."""
    with transaction.atomic():
        clinician = _locked(
            due_for_check_in(today=today).filter(pk=clinician_id).order_by()
        ).first()
        if clinician is None:
            return False
        token = _new_link(
            clinician=clinician,
            purpose=Purpose.CHECK_IN,
            lifetime=datetime.timedelta(days=settings.CHECK_IN_LINK_DAYS),
        )
        _email(
            kind=OutboxMessage.Kind.CLINICIAN_CHECK_IN,
            clinician=clinician,
            subject="Are you still taking new clients?",
            template="clinicians/email/check_in.txt",
            context={
                "url": check_in_url(token),
                "days": settings.CHECK_IN_LINK_DAYS,
                "sign_in_url": f"{settings.SITE_URL}/for-clinicians/",
            },
        )
        record(clinician=clinician, action=Action.CHECK_IN_SENT)
    return True


def send_availability_checks(*, today: datetime.date | None = None) -> int:
    """Queue a check-in for every clinician due one; returns how many were queued."""
    ids = list(due_for_check_in(today=today).order_by("pk").values_list("pk", flat=True))
    return sum(send_check_in(clinician_id=pk, today=today) for pk in ids)


@dataclass(frozen=True)
class Availability:
    """A clinician's answer: None for "nothing changed", else the new values."""

    accepting_new_clients: bool
    waitlist_weeks: int | None
    telehealth: bool
    in_person: bool
    note: str = ""


def confirm_own_availability(
    *,
    clinician: Clinician,
    answer: Availability | None,
    link: ClinicianLink | None = None,
    ip: str | None = None,
) -> bool:
    """Record a clinician's answer to a check-in (from its link, or signed in).

    Updates the clinician, sets availability confirmed today, rebuilds the search rows and
    writes an event, all in one transaction. With a link, the link is used up: False when
    it already was (nothing is changed then).
    """
    with transaction.atomic():
        if link is not None and not _use(link):
            return False
        clinician = Clinician.objects.select_for_update().get(pk=clinician.pk)
        fields = ["availability_confirmed_on"]
        clinician.availability_confirmed_on = timezone.localdate()
        changes = []
        if answer is not None:
            for name in ("accepting_new_clients", "waitlist_weeks", "telehealth", "in_person"):
                if getattr(clinician, name) != getattr(answer, name):
                    changes.append(name)
                    setattr(clinician, name, getattr(answer, name))
            fields += changes
        save_clinician(clinician=clinician, update_fields=fields)
        if answer is None:
            record(clinician=clinician, action=Action.NOTHING_CHANGED, ip=ip)
        else:
            detail = "changed: " + ", ".join(changes) if changes else "no field changed"
            record(
                clinician=clinician,
                action=Action.AVAILABILITY,
                detail=detail,
                note=answer.note.strip(),
                ip=ip,
            )
            if answer.note.strip():
                outbox.queue_email(
                    kind=OutboxMessage.Kind.STAFF_CLINICIAN_NOTE,
                    to=list(settings.INTAKE_NOTIFY_EMAILS),
                    subject=f"{clinician.full_name} left a note with their availability",
                    body=render_to_string(
                        "clinicians/email/staff_note.txt",
                        {
                            "clinician": clinician,
                            "events_url": f"{settings.SITE_URL}/admin/clinicians/"
                            f"clinicianevent/?clinician__id__exact={clinician.pk}",
                        },
                    ),
                )
    return True
