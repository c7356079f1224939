from django.core.management.base import BaseCommand, CommandError

from matching.generate import generate


class Command(BaseCommand):
    help = "Add generated, fictional clinicians (for demos and the benchmark)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help="How many to add.")
        parser.add_argument("--seed", type=int, default=0, help="Same seed, same roster.")

    def handle(self, *args, count: int, seed: int, **options):
        if count < 1:
            raise CommandError("--count must be at least 1.")
        created = generate(count=count, seed=seed, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Added {created} generated clinicians."))
