"""Referrals with a deadline (docs/clinicians.md): offer, answer, expire, move on.

A referral offers a person's request to one clinician. They accept (and say when they
will reach out) or decline, before a deadline on the practice's business calendar: the
close of the second business day after it was sent (REFERRAL_BUSINESS_DAYS), or, for an
urgent request, 4 business hours (REFERRAL_URGENT_BUSINESS_HOURS). A decline, or a deadline
passing, offers the request to the next clinician at once and tells the intake team. A
clinician who lets a referral expire, or declines for "no capacity" while listed as
accepting, has their availability treated as unconfirmed (so they are not offered as a
match until they confirm again) and shows on the staff list.

Emails to clinicians say only that a referral waits, with the sign-in address: nothing
about the person.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from clinicians.models import ClinicianEvent, Referral
from clinicians.services import _locked, record
from intake.models import AuditEvent, MatchRequest
from matching import scoring
from matching.models import Clinician
from matching.services import save_clinician
from outbox import services as outbox
from outbox.models import OutboxMessage
from practice import calendar as bc
from practice.models import Practice

log = logging.getLogger(__name__)
Action = ClinicianEvent.Action


def deadline_for(*, sent_at: datetime.datetime, urgent: bool, cal=None) -> datetime.datetime:
    """When a referral sent at `sent_at` expires without an answer."""
    cal = cal or Practice.current().calendar
    if urgent:
        hours = settings.REFERRAL_URGENT_BUSINESS_HOURS
        return bc.add_business_hours(cal, sent_at, datetime.timedelta(hours=hours))
    day = bc.add_business_days(cal, cal.local_date(sent_at), settings.REFERRAL_BUSINESS_DAYS)
    return bc.closing_time(cal, day)


def still_fits(clinician: Clinician, today: datetime.date) -> bool:
    return (
        clinician.is_active
        and clinician.accepting_new_clients
        and bool(clinician.email)
        and not scoring.is_unconfirmed(clinician.availability_confirmed_on, today)
    )


def next_clinician(request: MatchRequest) -> Clinician | None:
    """Who is offered the request next: the person's (or staff's) chosen clinicians in
    their order, then the other matches they were shown, best first; never a relaxed one,
    never anyone already offered it, and only clinicians who still fit."""
    today = timezone.localdate()
    offered = set(request.referrals.values_list("clinician_id", flat=True))
    rows = (
        request.matches.filter(relaxed=False, clinician__isnull=False)
        .select_related("clinician")
        .order_by("-chosen", "rank")
    )
    for row in rows:
        if row.clinician_id not in offered and still_fits(row.clinician, today):
            return row.clinician
    return None


def _notify_clinician(referral: Referral) -> None:
    outbox.queue_email(
        kind=OutboxMessage.Kind.CLINICIAN_REFERRAL,
        to=[referral.clinician.email],
        subject="A referral is waiting for you",
        body=render_to_string(
            "clinicians/email/referral.txt",
            {
                "clinician": referral.clinician,
                "practice": Practice.current(),
                "sign_in_url": f"{settings.SITE_URL}/for-clinicians/",
                "deadline": timezone.localtime(referral.deadline_at),
            },
        ),
    )


def _notify_staff(request: MatchRequest, what: str, next_referral: Referral | None) -> None:
    outbox.queue_email(
        kind=OutboxMessage.Kind.STAFF_REFERRAL,
        to=list(settings.INTAKE_NOTIFY_EMAILS),
        subject=f"Referral {what}: {request.reference}",
        body=render_to_string(
            "clinicians/email/staff_referral.txt",
            {
                "request": request,
                "what": what,
                "next_referral": next_referral,
                "url": f"{settings.SITE_URL}/staff/requests/{request.pk}/",
            },
        ),
        request=request,
    )


def _audit(request_id: int, detail: str, *, actor=None, ip=None) -> None:
    AuditEvent.objects.create(
        action=AuditEvent.Action.REFERRAL,
        request_id=request_id,
        detail=detail[:200],
        actor=actor,
        actor_username=actor.get_username() if actor is not None else "",
        ip=ip,
    )


def offer(
    *,
    request: MatchRequest,
    clinician: Clinician | None = None,
    staff=None,
    automatic: bool = False,
    now: datetime.datetime | None = None,
) -> Referral | None:
    """Offer the request to `clinician` (or the next one who fits). None when it already
    waits on someone, or nobody is left."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(MatchRequest.objects.filter(pk=request.pk)).first()
        if locked is None or locked.referrals.open().exists():
            return None
        clinician = clinician or next_clinician(locked)
        if clinician is None:
            return None
        try:
            with transaction.atomic():
                referral = Referral.objects.create(
                    request=locked,
                    clinician=clinician,
                    offered_at=now,
                    deadline_at=deadline_for(sent_at=now, urgent=locked.urgent),
                    automatic=automatic,
                    sent_by=staff,
                )
        except IntegrityError:  # offered before, or another process just offered it
            return None
        _notify_clinician(referral)
        record(clinician=clinician, action=Action.REFERRAL_SENT, detail=locked.reference)
        _audit(locked.pk, f"Referral sent to {clinician.full_name}", actor=staff)
    return referral


def _flag(clinician: Clinician, why: str) -> None:
    """Treat the clinician's availability as unconfirmed from now (docs/clinicians.md)."""
    clinician = Clinician.objects.select_for_update().get(pk=clinician.pk)
    clinician.availability_confirmed_on = None
    save_clinician(clinician=clinician, update_fields=["availability_confirmed_on"])
    record(clinician=clinician, action=Action.FLAGGED, detail=why)


def _move_on(referral: Referral, what: str, now: datetime.datetime) -> Referral | None:
    """After a decline or an expiry: offer the next clinician and tell the intake team."""
    request = referral.request
    next_referral = offer(request=request, automatic=True, now=now)
    _notify_staff(request, what, next_referral)
    return next_referral


def _answerable(referral_id: int, clinician: Clinician, now) -> Referral | None:
    """The clinician's own open referral, locked, while its deadline has not passed."""
    referral = (
        Referral.objects.select_for_update()
        .filter(pk=referral_id, clinician=clinician, status=Referral.Status.OFFERED)
        .select_related("request")
        .first()
    )
    return None if referral is None or referral.deadline_at <= now else referral


def accept(*, referral_id: int, clinician: Clinician, reach_out: str) -> Referral | None:
    """The clinician takes the request; None when it is not theirs or no longer open."""
    now = timezone.now()
    with transaction.atomic():
        referral = _answerable(referral_id, clinician, now)
        if referral is None:
            return None
        referral.status = Referral.Status.ACCEPTED
        referral.answered_at = now
        referral.reach_out = reach_out
        referral.save(update_fields=["status", "answered_at", "reach_out"])
        MatchRequest.objects.filter(pk=referral.request_id).update(
            assigned_clinician=clinician, version=F("version") + 1, updated_at=now
        )
        record(
            clinician=clinician, action=Action.REFERRAL_ACCEPTED, detail=referral.request.reference
        )
        _audit(referral.request_id, f"Referral accepted by {clinician.full_name}")
    return referral


def decline(*, referral_id: int, clinician: Clinician, reason: str) -> Referral | None:
    """The clinician passes; the next clinician is offered at once."""
    now = timezone.now()
    with transaction.atomic():
        referral = _answerable(referral_id, clinician, now)
        if referral is None:
            return None
        referral.status = Referral.Status.DECLINED
        referral.answered_at = now
        referral.decline_reason = reason
        referral.save(update_fields=["status", "answered_at", "decline_reason"])
        record(clinician=clinician, action=Action.REFERRAL_DECLINED, detail=reason)
        _audit(
            referral.request_id,
            f"Referral declined by {clinician.full_name}: {referral.get_decline_reason_display()}",
        )
        if reason == Referral.DeclineReason.NO_CAPACITY and clinician.accepting_new_clients:
            _flag(clinician, "declined for no capacity while listed as accepting")
        _move_on(referral, "declined", now)
    return referral


def expire_overdue_referrals(*, now: datetime.datetime | None = None) -> int:
    """Expire every referral past its deadline, flag its clinician and move each request on;
    then, when REFERRAL_AUTO_SEND is on, offer waiting non-urgent requests. Returns how many
    referrals were expired or sent."""
    now = now or timezone.now()
    done = 0
    ids = list(Referral.objects.overdue(now).values_list("pk", flat=True))
    for pk in ids:
        with transaction.atomic():
            referral = (
                _locked(Referral.objects.overdue(now).filter(pk=pk))
                .select_related("request", "clinician")
                .first()
            )
            if referral is None:
                continue  # answered, or another process has it
            referral.status = Referral.Status.EXPIRED
            referral.save(update_fields=["status"])
            clinician = referral.clinician
            record(
                clinician=clinician,
                action=Action.REFERRAL_EXPIRED,
                detail=referral.request.reference,
            )
            _audit(referral.request_id, f"Referral to {clinician.full_name} expired")
            if clinician.accepting_new_clients:
                _flag(clinician, "let a referral expire while listed as accepting")
            _move_on(referral, "expired", now)
            done += 1
    if settings.REFERRAL_AUTO_SEND:
        done += auto_send(now=now)
    return done


def auto_send(*, now: datetime.datetime | None = None) -> int:
    """Offer every open, non-urgent request whose person has chosen, and that has never
    been referred, to its first choice."""
    waiting = (
        MatchRequest.objects.open()
        .filter(urgent=False, chosen_at__isnull=False, referrals__isnull=True)
        .exclude(safety=MatchRequest.Safety.RIGHT_NOW)
        .order_by("created_at")
    )
    return sum(offer(request=r, automatic=True, now=now) is not None for r in waiting[:100])
