"""The outbox and its worker: a mail outage delays a notice and loses none."""

import logging
import smtplib
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from intake.models import MatchRequest
from intake.services import submit_request
from outbox import services as outbox
from outbox.models import OutboxMessage
from tests.intake.test_services import TOKEN, answers

pytestmark = pytest.mark.django_db


class BrokenBackend:
    """A mail server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")


class RefusingBackend(BrokenBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"quillonax@example.org": (550, b"no such user")})


def deliver(*args) -> str:
    out = StringIO()
    call_command("deliver_outbox", *args, stdout=out)
    return out.getvalue()


def test_the_staff_notice_says_a_request_is_waiting_and_links_to_the_queue(clinicians, settings):
    settings.SITE_URL = "https://ellie.example.org"
    settings.INTAKE_NOTIFY_EMAILS = ["intake@ellie.example.org", "lead@ellie.example.org"]
    request = submit_request(form_token=TOKEN, answers=answers(concerns=("anxiety",))).request
    message = OutboxMessage.objects.get(kind="staff_new_request")
    assert message.to == ["intake@ellie.example.org", "lead@ellie.example.org"]
    assert message.subject == "A new request is waiting"
    assert "https://ellie.example.org/staff/" in message.body
    assert request.reference in message.body
    assert message.status == "pending"


def test_an_urgent_request_says_urgent_in_the_subject(clinicians):
    submit_request(form_token=TOKEN, answers=answers(asq_wished_dead=True))
    message = OutboxMessage.objects.get(kind="staff_new_request")
    assert message.subject.startswith("Urgent")
    assert "URGENT" in message.body


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"email_confirmation": True}, 1),
        ({"email_confirmation": False}, 0),
        ({"email_confirmation": True, "email": "", "phone": "+16125550147"}, 0),
    ],
)
def test_the_person_gets_a_confirmation_only_when_they_asked_and_gave_an_email(
    clinicians, overrides, expected
):
    submit_request(form_token=TOKEN, answers=answers(**overrides))
    assert OutboxMessage.objects.filter(kind="confirmation").count() == expected


def test_one_address_gets_at_most_one_confirmation_a_day(clinicians):
    def ask(n, email):
        return submit_request(
            form_token=f"{TOKEN}-{n}", answers=answers(email_confirmation=True, email=email)
        )

    ask(1, "stranger@example.org")
    ask(2, "Stranger@Example.org")  # the same mailbox, written another way
    ask(3, "someone.else@example.org")
    assert sorted(m.to[0] for m in OutboxMessage.objects.filter(kind="confirmation")) == [
        "someone.else@example.org",
        "stranger@example.org",
    ]
    assert MatchRequest.objects.count() == 3, "every request is kept; only the mail is held back"
    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        ask(4, "stranger@example.org")
    assert OutboxMessage.objects.filter(kind="confirmation").count() == 3


def test_the_confirmation_carries_only_the_reference_code(clinicians):
    request = submit_request(
        form_token=TOKEN, answers=answers(email_confirmation=True, asq_right_now=True)
    ).request
    message = OutboxMessage.objects.get(kind="confirmation")
    assert message.to == ["quillonax@example.org"]
    assert request.reference in message.subject
    assert request.reference in message.body
    for secret in ("Quillonax", "self-harm", "Self-harm", "DBT", "Aetna", "urgent", "today"):
        assert secret not in message.body
        assert secret not in message.subject
    assert "if you call us at (612) 555-0142." in message.body


def test_a_right_now_request_is_announced_at_once_after_it_is_saved(
    clinicians, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        request = submit_request(form_token=TOKEN, answers=answers(asq_right_now=True)).request
        assert mail.outbox == [], "nothing is sent before the request is committed"
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    notice = OutboxMessage.objects.get(kind="staff_new_request")
    assert (notice.status, notice.attempts) == ("sent", 1)
    assert deliver() == "", "the worker does not send it again"
    assert len(mail.outbox) == 1
    # It says only that an urgent request waits: the same words as any urgent request.
    sent = mail.outbox[0]
    assert sent.subject == "Urgent: a new request is waiting"
    assert request.reference in sent.body
    for secret in ("right now", "suicid", "Quillonax", "self-harm", "crisis", "988"):
        assert secret not in sent.body.lower() and secret not in sent.subject.lower()


@pytest.mark.parametrize("overrides", [{}, {"asq_wished_dead": True}, {"concerns": ("anxiety",)}])
def test_other_requests_wait_for_the_worker(
    clinicians, django_capture_on_commit_callbacks, overrides
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        submit_request(form_token=TOKEN, answers=answers(**overrides))
    assert callbacks == []
    assert mail.outbox == []
    assert OutboxMessage.objects.get(kind="staff_new_request").status == "pending"


def test_with_mail_down_a_right_now_notice_falls_back_to_the_worker(
    clinicians, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.intake.test_outbox.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        submitted = submit_request(form_token=TOKEN, answers=answers(asq_right_now=True))
    assert submitted.created
    notice = OutboxMessage.objects.get(kind="staff_new_request")
    assert (notice.status, notice.attempts, notice.last_error) == (
        "pending",
        1,
        "ConnectionRefusedError",
    )
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(notice.next_attempt_at + timedelta(seconds=1)):
        deliver()
    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == ("sent", 2)


def test_sending_at_once_leaves_a_message_already_sent_alone(clinicians):
    message = outbox.queue_email(
        kind="staff_new_request", to=["a@example.org"], subject="1", body=""
    )
    assert outbox.deliver_now(message.pk).status == "sent"
    assert outbox.deliver_now(message.pk) is None
    assert len(mail.outbox) == 1


def test_sending_at_once_never_breaks_the_page_when_the_database_fails(monkeypatch, caplog):
    from django.db import OperationalError

    def broken(*args, **kwargs):
        raise OperationalError("server closed the connection")

    monkeypatch.setattr(outbox, "_locked", broken)
    assert outbox.deliver_now(12345) is None
    assert "Outbox message 12345 not sent at once: OperationalError" in caplog.text


def test_deliver_outbox_sends_pending_messages_and_marks_them_sent(clinicians):
    submit_request(form_token=TOKEN, answers=answers(email_confirmation=True))
    output = deliver()
    assert "2 sent" in output
    assert len(mail.outbox) == 2
    assert {tuple(m.to) for m in mail.outbox} == {("intake@localhost",), ("quillonax@example.org",)}
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}
    assert all(m.sent_at for m in OutboxMessage.objects.all())
    assert deliver() == ""
    assert len(mail.outbox) == 2, "nothing is sent twice"


def test_with_the_mail_server_down_the_request_is_saved_and_the_message_waits(clinicians, settings):
    settings.EMAIL_BACKEND = "tests.intake.test_outbox.BrokenBackend"
    submitted = submit_request(form_token=TOKEN, answers=answers())
    assert submitted.created
    before = timezone.now()
    deliver()
    message = OutboxMessage.objects.get()
    assert message.status == "pending"
    assert message.attempts == 1
    assert message.last_error == "ConnectionRefusedError"
    assert message.next_attempt_at >= before + timedelta(seconds=59)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    deliver()
    assert OutboxMessage.objects.get().status == "pending", "it waits for its next attempt"
    assert mail.outbox == []
    with time_machine.travel(message.next_attempt_at + timedelta(seconds=1)):
        deliver()
    message.refresh_from_db()
    assert message.status == "sent"
    assert message.attempts == 2
    assert len(mail.outbox) == 1


def test_submitting_through_the_form_with_mail_down_still_shows_the_results(
    client, post_data, clinicians, settings
):
    settings.EMAIL_BACKEND = "tests.intake.test_outbox.BrokenBackend"
    response = client.post("/get-matched/", post_data())
    assert response.status_code == 302
    deliver()
    assert client.get("/get-matched/results/").status_code == 200
    assert OutboxMessage.objects.get().status == "pending"


@pytest.mark.parametrize(
    ("attempts", "seconds"), [(1, 60), (2, 120), (3, 240), (6, 1920), (7, 3600), (12, 3600)]
)
def test_retries_back_off_exponentially_up_to_a_cap(attempts, seconds):
    assert outbox.backoff(attempts) == timedelta(seconds=seconds)


def test_after_the_last_attempt_the_message_is_failed_and_logged_without_content(
    clinicians, settings, caplog
):
    settings.EMAIL_BACKEND = "tests.intake.test_outbox.RefusingBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 3
    submit_request(form_token=TOKEN, answers=answers())
    caplog.set_level(logging.DEBUG)
    message = OutboxMessage.objects.get()
    for day in (1, 2, 3):
        with time_machine.travel(timezone.now() + timedelta(days=day)):
            deliver()
    message.refresh_from_db()
    assert message.status == "failed"
    assert message.attempts == 3
    assert message.last_error == "SMTPRecipientsRefused"
    failed = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(failed) == 1
    line = failed[0].getMessage()
    assert f"Outbox message {message.pk}" in line
    for secret in ("quillonax", "intake@localhost", message.subject, "550"):
        assert secret not in line


def test_failed_messages_can_be_given_fresh_attempts(clinicians, settings):
    submit_request(form_token=TOKEN, answers=answers())
    OutboxMessage.objects.update(status="failed", attempts=10)
    output = deliver("--retry-failed")
    assert "1 failed message(s) queued again." in output
    assert OutboxMessage.objects.get().status == "sent"


def test_deliver_next_picks_the_oldest_due_message_first(clinicians):
    old = outbox.queue_email(kind="staff_new_request", to=["a@example.org"], subject="1", body="")
    new = outbox.queue_email(kind="staff_new_request", to=["b@example.org"], subject="2", body="")
    OutboxMessage.objects.filter(pk=new.pk).update(
        next_attempt_at=timezone.now() - timedelta(hours=1)
    )
    assert outbox.deliver_next().pk == new.pk
    assert outbox.deliver_next().pk == old.pk
    assert outbox.deliver_next() is None


@pytest.mark.skipif(
    not connection.features.has_select_for_update_skip_locked,
    reason="SKIP LOCKED is a PostgreSQL feature; SQLite runs one worker",
)
def test_the_worker_skips_rows_another_worker_has_locked():
    from django.test.utils import CaptureQueriesContext

    outbox.queue_email(kind="staff_new_request", to=["a@example.org"], subject="1", body="")
    with CaptureQueriesContext(connection) as queries:
        outbox.deliver_next()
    assert any("FOR UPDATE SKIP LOCKED" in q["sql"] for q in queries.captured_queries)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    not connection.features.has_select_for_update_skip_locked,
    reason="SKIP LOCKED is a PostgreSQL feature; SQLite runs one worker",
)
def test_two_workers_never_take_the_same_message():
    import threading

    from django.db import connections, transaction

    first = outbox.queue_email(kind="staff_new_request", to=["a@example.org"], subject="1", body="")
    second = outbox.queue_email(
        kind="staff_new_request", to=["b@example.org"], subject="2", body=""
    )
    locked, release = threading.Event(), threading.Event()

    def other_worker_sending_the_first():
        try:
            with transaction.atomic():
                list(OutboxMessage.objects.select_for_update().filter(pk=first.pk))
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    worker = threading.Thread(target=other_worker_sending_the_first)
    worker.start()
    try:
        assert locked.wait(10)
        assert outbox.deliver_next().pk == second.pk
        assert outbox.deliver_next() is None, "the locked message is left to its worker"
    finally:
        release.set()
        worker.join()
    assert outbox.deliver_next().pk == first.pk
    assert len(mail.outbox) == 2
