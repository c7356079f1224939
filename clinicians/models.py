"""The clinicians' side: one-time links, clinician sessions and what clinicians did.

Links and sessions keep only the SHA-256 of their tokens (clinicians.tokens). Nothing here
holds anything about the people asking for care.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class LinkQuerySet(models.QuerySet):
    def usable(self, now=None):
        return self.filter(used_at=None, expires_at__gt=now or timezone.now())


class ClinicianLink(models.Model):
    """A one-time link emailed to a clinician: to sign in, or to answer a check-in."""

    class Purpose(models.TextChoices):
        SIGN_IN = "sign_in", "Sign in"
        CHECK_IN = "check_in", "Availability check-in"

    clinician = models.ForeignKey(
        "matching.Clinician", on_delete=models.CASCADE, related_name="links"
    )
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    objects = LinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["clinician", "purpose", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} link for clinician {self.clinician_id}"


class ClinicianSession(models.Model):
    """A signed-in clinician: a cookie of its own, apart from staff sessions."""

    clinician = models.ForeignKey(
        "matching.Clinician", on_delete=models.CASCADE, related_name="sessions"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Session of clinician {self.clinician_id}"


class ClinicianEvent(models.Model):
    """What a clinician did, or was sent, and when. Append-only; never a client's details."""

    class Action(models.TextChoices):
        SIGN_IN_LINK = "sign_in_link", "Sign-in link sent"
        SIGNED_IN = "signed_in", "Signed in"
        SIGNED_OUT = "signed_out", "Signed out"
        CHECK_IN_SENT = "check_in_sent", "Availability check-in sent"
        NOTHING_CHANGED = "nothing_changed", "Confirmed: nothing changed"
        AVAILABILITY = "availability", "Updated availability"
        REFERRAL_SENT = "referral_sent", "Referral sent"
        REFERRAL_ACCEPTED = "referral_accepted", "Referral accepted"
        REFERRAL_DECLINED = "referral_declined", "Referral declined"
        REFERRAL_EXPIRED = "referral_expired", "Referral expired"
        FLAGGED = "flagged", "Flagged: availability treated as unconfirmed"

    clinician = models.ForeignKey(
        "matching.Clinician", null=True, on_delete=models.SET_NULL, related_name="events"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    action = models.CharField(max_length=20, choices=Action.choices)
    detail = models.CharField(max_length=200, blank=True)
    # A clinician's short note to the intake team with a check-in (about availability).
    note = models.TextField(max_length=500, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["clinician", "action", "at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.clinician_id})"


class ReferralQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Referral.Status.OFFERED)

    def overdue(self, now=None):
        return self.open().filter(deadline_at__lte=now or timezone.now())


class Referral(models.Model):
    """A request offered to one clinician, who accepts or declines before a deadline.

    When it expires or is declined, the next chosen clinician (or the next-ranked match who
    still fits) is offered automatically (clinicians.referrals).
    """

    class Status(models.TextChoices):
        OFFERED = "offered", "Waiting for the clinician"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        EXPIRED = "expired", "Expired: no answer by the deadline"

    class DeclineReason(models.TextChoices):
        NO_CAPACITY = "no_capacity", "No capacity right now"
        NOT_A_FIT = "not_a_fit", "Not a good fit for this person"
        OTHER = "other", "Another reason"

    class ReachOut(models.TextChoices):
        TODAY = "today", "Today"
        NEXT_BUSINESS_DAY = "next_business_day", "By the next business day"
        TWO_BUSINESS_DAYS = "two_business_days", "Within 2 business days"

    request = models.ForeignKey(
        "intake.MatchRequest", on_delete=models.CASCADE, related_name="referrals"
    )
    clinician = models.ForeignKey(
        "matching.Clinician", on_delete=models.CASCADE, related_name="referrals"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OFFERED)
    offered_at = models.DateTimeField(default=timezone.now)
    deadline_at = models.DateTimeField(db_index=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    reach_out = models.CharField(max_length=20, choices=ReachOut.choices, blank=True)
    decline_reason = models.CharField(max_length=20, choices=DeclineReason.choices, blank=True)
    # True when the practice's automatic sending, rather than a person, offered it.
    automatic = models.BooleanField(default=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["offered_at", "id"]
        indexes = [models.Index(fields=["status", "deadline_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=models.Q(status="offered"),
                name="one_open_referral_per_request",
            ),
            models.UniqueConstraint(
                fields=["request", "clinician"], name="one_referral_per_clinician_and_request"
            ),
        ]

    def __str__(self) -> str:
        return f"Referral of {self.request_id} to {self.clinician_id} ({self.status})"
