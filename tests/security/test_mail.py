"""Mail reaches a mail server or waits: never the console in production, never an address in a
log line; automatic emails say they are automatic."""

import os
import smtplib
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.checks import Error, Warning
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError

from ellie.checks import mail_addresses_are_real, mail_is_delivered
from ellie.mail import automatic_headers, local_addresses, undelivered_reason
from outbox import services as outbox
from outbox.models import OutboxMessage
from tests.security.canary import capture_outputs

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
CONSOLE = "django.core.mail.backends.console.EmailBackend"
RECIPIENT = "zebulon.mailcanary@example.org"


def queue(to=RECIPIENT) -> OutboxMessage:
    return outbox.queue_email(
        kind=OutboxMessage.Kind.CONFIRMATION,
        to=[to],
        subject="We have your request",
        body="Your reference is ELL-TEST.",
    )


def deliver(*args) -> str:
    out = StringIO()
    call_command("deliver_outbox", *args, stdout=out, stderr=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("backend", "debug", "refused"),
    [
        (CONSOLE, False, True),
        ("django.core.mail.backends.filebased.EmailBackend", False, True),
        ("django.core.mail.backends.dummy.EmailBackend", False, True),
        ("django.core.mail.backends.smtp.EmailBackend", False, False),
        ("django.core.mail.backends.locmem.EmailBackend", False, False),
        ("tests.intake.test_outbox.BrokenBackend", False, False),
        (CONSOLE, True, False),
        ("django.core.mail.backends.dummy.EmailBackend", True, False),
    ],
)
def test_backends_that_never_deliver_are_for_debug_only(backend, debug, refused):
    assert (undelivered_reason(backend, debug=debug) is not None) is refused


class Delivered(BaseException):
    """Raised if a round of delivery starts; not an Exception, so --loop cannot swallow it."""


@pytest.mark.parametrize("loop", [False, True], ids=["once", "loop"])
def test_with_debug_off_the_worker_refuses_the_console_and_prints_no_address(
    settings, capsys, monkeypatch, loop
):
    settings.DEBUG = False
    settings.EMAIL_BACKEND = CONSOLE
    message = queue()
    if loop:  # a worker that does not refuse would otherwise run for ever

        def deliver_due(**kwargs):
            raise Delivered

        monkeypatch.setattr(outbox, "deliver_due", deliver_due)
    with capture_outputs() as seen, pytest.raises(CommandError, match="EMAIL_HOST"):
        deliver(*(["--loop", "--interval", "0"] if loop else []))
    printed = capsys.readouterr()
    seen.add("console", printed.out, printed.err)
    seen.assert_absent(RECIPIENT)
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("pending", 0), "it waits for real mail"


def test_with_debug_on_the_console_backend_prints_mail_for_a_laptop(settings, capsys):
    settings.DEBUG = True
    settings.EMAIL_BACKEND = CONSOLE
    queue()
    assert "1 sent" in deliver()
    assert RECIPIENT in capsys.readouterr().out


def test_check_deploy_fails_while_mail_would_go_to_the_console(settings):
    settings.DEBUG = False
    settings.EMAIL_BACKEND = CONSOLE
    (problem,) = mail_is_delivered(None)
    assert isinstance(problem, Error) and problem.id == "ellie.E001"
    with pytest.raises(SystemCheckError, match="ellie.E001"):
        call_command("check", "--deploy", "--tag", "security")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert mail_is_delivered(None) == []


def test_a_production_environment_without_a_mail_server_fails_check_deploy():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "DEBUG"))}
    env.pop("DATABASE_URL", None)
    env.update(
        SECRET_KEY="a-production-style-secret-key-" + "k3y9" * 10,
        ALLOWED_HOSTS="ellie.example.org",
        SITE_URL="https://ellie.example.org",
        DEFAULT_FROM_EMAIL="intake@ellie.example.org",
        INTAKE_NOTIFY_EMAILS="intake@ellie.example.org",
        REQUIRE_2FA="1",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "ellie.E001" in result.stderr
    assert "console" in result.stderr


class RefusingWithText:
    """A mail server whose refusals quote the address, as real ones do."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPDataError(550, f"5.1.1 <{RECIPIENT}>: Recipient address rejected")


def test_worker_logs_and_output_never_carry_a_recipient_address(settings):
    settings.EMAIL_BACKEND = "tests.security.test_mail.RefusingWithText"
    settings.OUTBOX_MAX_ATTEMPTS = 1
    queue()
    with capture_outputs() as seen:
        seen.add("worker output", deliver())
        settings.EMAIL_BACKEND = "tests.intake.test_outbox.RefusingBackend"
        queue()
        seen.add("worker output", deliver())
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        queue()
        seen.add("worker output", deliver())
    assert any("failed after 1 attempts" in line for line in seen.logs), "logs were captured"
    assert any("sent" in line for line in seen.logs)
    seen.assert_absent(RECIPIENT, "quillonax", "example.org")
    assert set(OutboxMessage.objects.values_list("last_error", flat=True)) == {
        "SMTPDataError 550",
        "SMTPRecipientsRefused",
        "",
    }


def test_automatic_emails_say_so_and_carry_a_message_id_at_the_site_domain(settings):
    settings.SITE_URL = "https://ellie.example.org"
    queue()
    queue()
    deliver()
    first, second = (m.message() for m in mail.outbox)
    assert first["Auto-Submitted"] == "auto-generated"
    assert first["X-Auto-Response-Suppress"] == "OOF, AutoReply"
    assert first["Message-ID"].endswith("@ellie.example.org>")
    assert first["Message-ID"] != second["Message-ID"]
    assert list(first.get_all("Message-ID")) == [first["Message-ID"]], "exactly one"


def test_the_message_id_never_names_the_server(settings):
    import socket

    headers = automatic_headers("https://ellie.example.org:8443/")
    assert headers["Message-ID"].endswith("@ellie.example.org>")
    assert socket.getfqdn() not in headers["Message-ID"]


@pytest.mark.parametrize(
    ("address", "local"),
    [
        ("Ellie Mental Health <intake@localhost>", True),
        ("intake@localhost", True),
        ("intake@LOCALHOST.", True),
        ("intake@mail.localhost", True),
        ("intake@localhost.localdomain", True),
        ("intake@[127.0.0.1]", True),
        ("intake", True),
        ("Ellie Mental Health <intake@ellie.example.org>", False),
        ("intake@localhostel.example", False),
    ],
)
def test_a_sender_at_localhost_is_told_apart_from_a_real_one(address, local):
    assert bool(local_addresses([address])) is local


def test_check_deploy_warns_while_addresses_are_still_at_localhost(settings):
    settings.DEFAULT_FROM_EMAIL = "Ellie Mental Health <intake@localhost>"
    settings.INTAKE_NOTIFY_EMAILS = ["intake@localhost"]
    settings.SITE_URL = "http://127.0.0.1:8000"
    problems = mail_addresses_are_real(None)
    assert [p.id for p in problems] == ["ellie.W002", "ellie.W003", "ellie.W004"]
    assert all(isinstance(p, Warning) for p in problems)
    with pytest.raises(SystemCheckError, match="ellie.W002"):
        call_command("check", "--deploy", "--fail-level", "WARNING", "--tag", "security")
    settings.DEFAULT_FROM_EMAIL = "Ellie Mental Health <intake@ellie.example.org>"
    settings.INTAKE_NOTIFY_EMAILS = ["intake@ellie.example.org"]
    settings.SITE_URL = "https://ellie.example.org"
    assert mail_addresses_are_real(None) == []
