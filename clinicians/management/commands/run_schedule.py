"""The one long-running process: availability check-ins, referral deadlines, the outbox."""

import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from clinicians.schedule import jobs, run_round
from ellie.mail import refuse_without_delivery


class Command(BaseCommand):
    help = (
        "Run the periodic jobs (availability check-ins, referral deadlines, outbox "
        "delivery) once, or with --loop until stopped. Several may run at once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running until stopped.")
        parser.add_argument(
            "--tick",
            type=float,
            default=5.0,
            help="Seconds between rounds with --loop (default 5); each job keeps its own "
            "interval (settings SCHEDULE_*_SECONDS).",
        )

    def handle(self, *args, loop=False, tick=5.0, **options):
        refuse_without_delivery(settings.EMAIL_BACKEND, debug=settings.DEBUG, doing="Not running")
        schedule = jobs()
        if not loop:
            self._report(run_round(schedule))
            return
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        names = ", ".join(job.name for job in schedule)
        self.stdout.write(f"Running the schedule ({names}); stop with Ctrl-C.")
        if settings.EMAIL_BACKEND.endswith("console.EmailBackend"):
            self.stdout.write("Emails are printed here, in this console.")
        while not stop.is_set():
            close_old_connections()
            self._report(run_round(schedule))
            stop.wait(tick)
        close_old_connections()

    def _report(self, done: dict[str, int]) -> None:
        busy = {name: count for name, count in done.items() if count}
        if busy:
            self.stdout.write("; ".join(f"{name}: {count}" for name, count in busy.items()))
