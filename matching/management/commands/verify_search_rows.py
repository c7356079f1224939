from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from matching.models import Clinician, SearchRow
from matching.search_rows import drift, refresh_search_rows


class Command(BaseCommand):
    help = (
        "Recompute every clinician's search rows from the canonical tables and report what "
        "differs from the stored ones; exits 1 on any drift (docs/matching.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fix",
            action="store_true",
            help="Rebuild the search rows of the clinicians that drifted, then check again.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, fix: bool, database: str, **options):
        found = drift(using=database)
        if found and fix:
            self._report(found)
            # Also gives reference items without a bit their bit.
            rebuilt = refresh_search_rows(
                clinician_ids={d.clinician_id for d in found if d.clinician_id is not None},
                using=database,
            )
            self.stdout.write(f"Rebuilt {rebuilt} search rows.")
            found = drift(using=database)
        if found:
            self._report(found)
            clinicians = len({d.clinician_id for d in found if d.clinician_id is not None})
            raise CommandError(
                f"The search rows have drifted: {len(found)} difference(s), "
                f"{clinicians} clinician(s). Rebuild them with --fix."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Search rows match the roster: "
                f"{Clinician.objects.using(database).count()} clinicians, "
                f"{SearchRow.objects.using(database).count()} rows."
            )
        )

    def _report(self, found) -> None:
        for difference in found:
            self.stdout.write(str(difference))
