from django.core.management.base import BaseCommand

from clinicians.services import send_availability_checks


class Command(BaseCommand):
    help = (
        "Email an availability check-in to every active clinician confirmed more than "
        "CHECK_IN_EVERY_DAYS days ago and not asked within as many (docs/clinicians.md). "
        "The schedule process (run_schedule) runs this too."
    )

    def handle(self, *args, **options):
        sent = send_availability_checks()
        self.stdout.write(f"{sent} check-in(s) queued.")
