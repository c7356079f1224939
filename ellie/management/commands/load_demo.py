"""Load demo content for a laptop: never run in production."""

import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# Each module has a load(stdout) -> None that is safe to run twice.
DEMO_MODULES = ["matching.demo", "intake.demo", "conditions.demo", "clinicians.demo"]


class Command(BaseCommand):
    help = "Load demo clinicians and demo staff and editor accounts (only with DEBUG on)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even when DEBUG is off (never in production).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo content is for development only (DEBUG=1).")
        for name in DEMO_MODULES:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
                continue
            module.load(self.stdout)
