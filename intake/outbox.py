"""The durable outbox: emails are rows first, and a worker sends them.

A message is written in the same transaction as the request it announces. The worker
(`manage.py deliver_outbox`) sends due messages one row at a time, each in its own
transaction holding a row lock (`SKIP LOCKED` where the database has it), so two workers
never send the same message. A failure waits longer each time (exponential backoff) and,
after `OUTBOX_MAX_ATTEMPTS`, the message is marked failed and kept for a person to retry.

Log lines name the message id, its kind and the error class: never an address, a subject
or a body.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.utils import timezone

from ellie.mail import automatic_headers
from intake.models import MatchRequest, OutboxMessage

log = logging.getLogger(__name__)


def queue_email(
    *,
    kind: str,
    to: list[str],
    subject: str,
    body: str,
    request: MatchRequest | None = None,
) -> OutboxMessage:
    """Add a message to the outbox; the caller's transaction decides whether it exists."""
    return OutboxMessage.objects.create(
        kind=kind, to=list(to), subject=subject, body=body, request=request
    )


def backoff(attempts: int) -> timedelta:
    """Wait before the next try: 1, 2, 4, 8 ... minutes, never more than the cap."""
    base = settings.OUTBOX_RETRY_BASE_SECONDS
    cap = settings.OUTBOX_RETRY_MAX_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), cap))


def describe_error(exc: BaseException) -> str:
    """The error's class (and SMTP code): SMTP messages can quote addresses, so no text."""
    code = getattr(exc, "smtp_code", None)
    name = type(exc).__name__
    return f"{name} {code}" if code else name


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0

    @property
    def handled(self) -> int:
        return self.sent + self.retrying + self.failed


def _send(message: OutboxMessage) -> None:
    EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=message.to,
        # Auto-Submitted (no out-of-office replies to intake), a Message-ID at SITE_URL's domain.
        headers=automatic_headers(settings.SITE_URL),
    ).send(fail_silently=False)


def deliver_next(*, now: datetime | None = None) -> OutboxMessage | None:
    """Send the oldest due message, if any; returns it with its new status."""
    with transaction.atomic():
        due = OutboxMessage.objects.due(now).order_by("next_attempt_at", "id")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        message = due.first()
        if message is None:
            return None
        message.attempts += 1
        try:
            _send(message)
        except Exception as exc:  # any mail failure: keep the row, try again later
            message.last_error = describe_error(exc)
            if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                message.status = OutboxMessage.Status.FAILED
                log.error(
                    "Outbox message %s (%s) failed after %s attempts: %s",
                    message.pk,
                    message.kind,
                    message.attempts,
                    message.last_error,
                )
            else:
                message.next_attempt_at = timezone.now() + backoff(message.attempts)
                log.warning(
                    "Outbox message %s (%s) not sent on attempt %s, will retry: %s",
                    message.pk,
                    message.kind,
                    message.attempts,
                    message.last_error,
                )
        else:
            message.status = OutboxMessage.Status.SENT
            message.sent_at = timezone.now()
            message.last_error = ""
            log.info("Outbox message %s (%s) sent", message.pk, message.kind)
        message.save(
            update_fields=["attempts", "status", "sent_at", "next_attempt_at", "last_error"]
        )
        return message


def deliver_due(*, limit: int = 100) -> DeliveryReport:
    """Send up to `limit` due messages."""
    report = DeliveryReport()
    now = timezone.now()
    for _ in range(limit):
        message = deliver_next(now=now)
        if message is None:
            break
        if message.status == OutboxMessage.Status.SENT:
            report.sent += 1
        elif message.status == OutboxMessage.Status.FAILED:
            report.failed += 1
        else:
            report.retrying += 1
    return report


def retry_failed() -> int:
    """Give failed messages a fresh set of attempts (after the mail problem is fixed)."""
    return OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED).update(
        status=OutboxMessage.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
