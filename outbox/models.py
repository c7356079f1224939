"""The outbox: every email is a row first, sent by `manage.py deliver_outbox` (services.py).

Infrastructure below the apps that send mail: it imports none of them.
"""

from django.db import models
from django.utils import timezone


class OutboxMessageQuerySet(models.QuerySet):
    def due(self, now=None):
        now = now or timezone.now()
        return self.filter(status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now)


class OutboxMessage(models.Model):
    """An email waiting to be sent by `manage.py deliver_outbox`.

    Written in the same transaction as the request it announces, so a mail outage
    delays a notice and never loses one.
    """

    class Kind(models.TextChoices):
        STAFF_NEW_REQUEST = "staff_new_request", "Staff: a new request is waiting"
        CONFIRMATION = "confirmation", "Person: confirmation with the reference code"
        CLINICIAN_SIGN_IN = "clinician_sign_in", "Clinician: a sign-in link"
        CLINICIAN_CHECK_IN = "clinician_check_in", "Clinician: confirm your availability"
        CLINICIAN_REFERRAL = "clinician_referral", "Clinician: a referral waits"
        STAFF_CLINICIAN_NOTE = "staff_clinician_note", "Staff: a clinician left a note"
        STAFF_REFERRAL = "staff_referral", "Staff: a referral expired or was declined"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    request = models.ForeignKey(
        # Named, never imported: the outbox sits below intake (docs/architecture.md).
        "intake.MatchRequest",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outbox_messages",
    )
    to = models.JSONField(default=list, help_text="Recipient addresses")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        # The table keeps the name it had when the outbox lived in intake: no data moved.
        db_table = "intake_outboxmessage"
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="intake_outb_status_cc325c_idx")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.status})"
