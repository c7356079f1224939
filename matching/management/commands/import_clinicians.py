from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from matching.roster import FolderPhotos
from matching.services import import_roster


class Command(BaseCommand):
    help = (
        "Create or update clinicians from a roster CSV, or a ZIP of the CSV and its photos "
        "(all or nothing; see docs/matching.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            type=Path,
            help="The roster CSV, with a header row (its photo column names files in the "
            "CSV's folder), or a ZIP holding the CSV and the photos.",
        )

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        with file.open("rb") as handle:
            result = import_roster(file=handle, photos=FolderPhotos(file.parent))
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(result.summary())
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(f"Warning: {warning}"))
        self.stdout.write(self.style.SUCCESS(result.summary()))
