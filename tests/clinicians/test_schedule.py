"""One long-running schedule process: check-ins, deadlines and the outbox, never twice."""

import datetime
import io
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

from clinicians.models import ClinicianLink
from clinicians.schedule import Job, jobs, run_round
from outbox.models import OutboxMessage
from tests.factories import ClinicianFactory

ROOT_MAKEFILE = __import__("pathlib").Path(__file__).resolve().parents[2] / "Makefile"


def stale(n=1):
    return [
        ClinicianFactory(availability_confirmed_on=timezone.localdate() - datetime.timedelta(30))
        for _ in range(n)
    ]


@pytest.mark.django_db
def test_one_round_asks_stale_clinicians_and_delivers_the_mail():
    stale(2)
    done = run_round(jobs())
    assert done["availability check-ins"] == 2
    assert done["outbox delivery"] == 2
    assert len(mail.outbox) == 2
    assert not OutboxMessage.objects.filter(status="pending").exists()


def test_each_job_keeps_its_own_interval():
    calls = []
    fast = Job("fast", lambda: 5, lambda: calls.append("fast") or 0)
    slow = Job("slow", lambda: 3600, lambda: calls.append("slow") or 0)
    for now in (0, 5, 10, 3600):
        run_round([fast, slow], now=now)
    assert calls == ["fast", "slow", "fast", "fast", "fast", "slow"]


def test_a_failing_job_does_not_stop_the_others(caplog):
    def broken():
        raise RuntimeError("database went away")

    ran = []
    schedule = [Job("broken", lambda: 1, broken), Job("fine", lambda: 1, lambda: ran.append(1))]
    run_round(schedule, now=0)
    assert ran == [1]
    assert "'broken' failed" in caplog.text and "database went away" not in caplog.text
    assert schedule[0].last_run is None, "tried again next round"


@pytest.mark.django_db
def test_the_command_runs_one_round():
    stale(1)
    out = io.StringIO()
    call_command("run_schedule", stdout=out)
    assert "availability check-ins: 1" in out.getvalue()
    assert len(mail.outbox) == 1


def test_make_run_and_make_worker_start_the_schedule_and_say_where_mail_appears():
    makefile = ROOT_MAKEFILE.read_text()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    worker = makefile.split("\nworker:", 1)[1].split("\n\n", 1)[0]
    assert "run_schedule --loop" in run and "run_schedule --loop" in worker
    assert "deliver_outbox" not in run + worker
    assert "printed in this console" in run


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    not connection.features.has_select_for_update_skip_locked,
    reason="SKIP LOCKED is a PostgreSQL feature; on SQLite run one schedule process",
)
def test_two_schedule_loops_at_once_never_send_anything_twice():
    clinicians = stale(25)
    start = threading.Barrier(2)
    errors = []

    def loop():
        try:
            schedule = jobs()
            start.wait(10)
            for tick in range(3):
                run_round(schedule, now=tick * 3600.0)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=loop) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    assert ClinicianLink.objects.filter(purpose="check_in").count() == 25
    for clinician in clinicians:
        assert ClinicianLink.objects.filter(clinician=clinician).count() == 1
    sent_to = sorted(address for message in mail.outbox for address in message.to)
    assert sent_to == sorted(c.email for c in clinicians), "each email sent exactly once"
    assert OutboxMessage.objects.filter(status="sent").count() == 25


@pytest.mark.django_db
def test_with_debug_off_the_schedule_refuses_to_print_mail_to_the_console(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    stale(1)
    with pytest.raises(CommandError, match="Not running: EMAIL_BACKEND"):
        call_command("run_schedule", stdout=io.StringIO())
    assert not ClinicianLink.objects.exists(), "nothing was done"
