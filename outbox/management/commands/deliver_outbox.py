"""Send pending outbox emails: once, or (with --loop) as a long-running worker."""

import logging
import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from ellie.mail import refuse_without_delivery
from outbox import services as outbox

log = logging.getLogger("outbox.services")


class Command(BaseCommand):
    help = "Send due outbox emails, retrying failures with backoff. --loop keeps running."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running until stopped.")
        parser.add_argument(
            "--interval",
            type=float,
            default=5.0,
            help="Seconds to wait between rounds with --loop (default 5).",
        )
        parser.add_argument(
            "--limit", type=int, default=100, help="Most messages sent per round (default 100)."
        )
        parser.add_argument(
            "--retry-failed",
            action="store_true",
            help="First give failed messages a fresh set of attempts.",
        )

    def handle(self, *args, loop=False, interval=5.0, limit=100, retry_failed=False, **options):
        # Before anything is sent: the console backend would print each message, recipients
        # included, into the logs. Messages wait in the outbox until mail is configured.
        refuse_without_delivery(settings.EMAIL_BACKEND, debug=settings.DEBUG)
        if retry_failed:
            count = outbox.retry_failed()
            self.stdout.write(f"{count} failed message(s) queued again.")
        if not loop:
            self._round(limit)
            return
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        self.stdout.write(f"Delivering the outbox every {interval:g}s; stop with Ctrl-C.")
        while not stop.is_set():
            close_old_connections()
            try:
                self._round(limit)
            except Exception as exc:  # a database blip must not stop the worker
                log.error("Outbox round failed, will try again: %s", type(exc).__name__)
            stop.wait(interval)
        close_old_connections()

    def _round(self, limit: int) -> None:
        report = outbox.deliver_due(limit=limit)
        if report.handled:
            self.stdout.write(
                f"Outbox: {report.sent} sent, {report.retrying} to retry, {report.failed} failed."
            )
