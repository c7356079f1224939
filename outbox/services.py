"""The durable outbox: emails are rows first, and a worker sends them.

A message is written in the same transaction as the request it announces. The worker
(`manage.py deliver_outbox`) sends due messages one row at a time, each in its own
transaction holding a row lock (`SKIP LOCKED` where the database has it), so two workers
never send the same message. A failure waits longer each time (exponential backoff) and,
after `OUTBOX_MAX_ATTEMPTS`, the message is marked failed and kept for a person to retry.
A message that cannot wait for the worker's next round (the notice of a "right now"
request) is also sent straight after its transaction commits (`deliver_now`); if that
fails, the worker retries it like any other.

Log lines name the message id, its kind and the error class: never an address, a subject
or a body.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, models, transaction
from django.utils import timezone

from ellie.mail import automatic_headers
from outbox.models import OutboxMessage

log = logging.getLogger(__name__)


def queue_email(
    *,
    kind: str,
    to: list[str],
    subject: str,
    body: str,
    request: models.Model | None = None,
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


def _locked(queryset):
    """Rows another worker holds are skipped, never waited for (``SKIP LOCKED``)."""
    if connection.features.has_select_for_update_skip_locked:
        return queryset.select_for_update(skip_locked=True)
    return queryset


def _attempt(message: OutboxMessage) -> OutboxMessage:
    """One try at sending a locked, pending message; the row records how it went."""
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
    message.save(update_fields=["attempts", "status", "sent_at", "next_attempt_at", "last_error"])
    return message


def deliver_next(*, now: datetime | None = None) -> OutboxMessage | None:
    """Send the oldest due message, if any; returns it with its new status."""
    with transaction.atomic():
        due = OutboxMessage.objects.due(now).order_by("next_attempt_at", "id")
        message = _locked(due).first()
        return None if message is None else _attempt(message)


def deliver_now(message_id: int) -> OutboxMessage | None:
    """Send one message at once, without waiting for the worker's next round.

    Meant to run after the transaction that wrote the message has committed
    (``transaction.on_commit``). A message already sent, or held by a worker at this
    moment, is left alone; a failure is recorded like the worker's, so the worker retries
    it with the usual backoff. Never raises: the caller is answering a person.
    """
    try:
        with transaction.atomic():
            pending = OutboxMessage.objects.filter(
                pk=message_id, status=OutboxMessage.Status.PENDING
            )
            message = _locked(pending).first()
            return None if message is None else _attempt(message)
    except Exception as exc:  # e.g. the database went away: the worker will send it
        log.error("Outbox message %s not sent at once: %s", message_id, type(exc).__name__)
        return None


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
