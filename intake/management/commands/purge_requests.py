"""Delete match requests older than the retention period (``INTAKE_RETENTION_DAYS``).

A request goes with everything hanging off it: its match snapshot, notes, contact
attempts, coverage checks and outbox messages. Its audit trail stays, naming only the
request's id, with one more event saying it was purged. Run it daily (cron or a
scheduler); ``--dry-run`` only reports. Expired rate counters (``intake.antispam``) go
too.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from intake import antispam
from intake.staff import services as staff


class Command(BaseCommand):
    help = "Delete match requests older than INTAKE_RETENTION_DAYS (see docs/staff.md)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would be deleted; delete nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        days = settings.INTAKE_RETENTION_DAYS
        report = staff.purge_requests(retention_days=days, dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {report.requests} request(s) older than {days} days "
            f"(before {report.cutoff:%Y-%m-%d %H:%M %Z}), with "
            f"{report.matches} match snapshot row(s), {report.notes} note(s), "
            f"{report.attempts} contact attempt(s), {report.coverage_checks} coverage check(s) "
            f"and {report.outbox} outbox message(s). Audit events keep only the request ids."
        )
        if not dry_run:
            gone = antispam.forget_old_windows()
            self.stdout.write(f"Deleted {gone} expired rate counter(s).")
