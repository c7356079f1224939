from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from matching.services import generate_roster


class Command(BaseCommand):
    help = "Add generated, fictional clinicians (for demos and the benchmark)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help="How many to add.")
        parser.add_argument("--seed", type=int, default=0, help="Same seed, same roster.")

    def handle(self, *args, count: int, seed: int, **options):
        if count < 1:
            raise CommandError("--count must be at least 1.")
        created = generate_roster(count=count, seed=seed, stdout=self.stdout)
        analyzed = refresh_statistics()
        self.stdout.write(self.style.SUCCESS(f"Added {created} generated clinicians."))
        if analyzed:
            self.stdout.write(f"Refreshed the planner's statistics of {analyzed} tables.")


def refresh_statistics() -> int:
    """ANALYZE the matching tables on PostgreSQL, so its planner knows they just grew.

    Autovacuum would get there eventually (if it is on); until then the planner plans for
    the tables as they were, e.g. a hash join over every clinician for a directory count.
    """
    if connection.vendor != "postgresql":
        return 0
    tables = [m._meta.db_table for m in apps.get_app_config("matching").get_models()]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'ANALYZE "{table}"')
    return len(tables)
