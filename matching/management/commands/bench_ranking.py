"""`make bench`: time the ranking on a PostgreSQL database of generated clinicians.

With --recreate-database the database named in DATABASE_URL is dropped and created
again first (it must not be a database you care about: `make bench` uses ellie_bench).
"""

from __future__ import annotations

import random
import statistics
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from matching.generate import STATE_WEIGHTS, pick_zip
from matching.models import Clinician
from matching.ranking import Preferences, rank

CONCERNS = [
    ("self-harm", "dbt"),
    ("depression", "cbt"),
    ("anxiety", "cbt"),
    ("trauma-ptsd", "emdr"),
    ("suicidal-thoughts", "dbt"),
    ("grief", ""),
    ("ocd", "cbt"),
    ("eating-disorders", ""),
    ("relationships", ""),
    ("adhd", ""),
]
CARRIERS = [
    "aetna",
    "blue-cross-blue-shield",
    "cigna",
    "unitedhealthcare",
    "medica",
    "healthpartners",
    "medicaid",
]
MODALITIES = ["dbt", "cbt", "emdr", "act", "psychodynamic"]


def _state(rng: random.Random) -> str:
    return rng.choices(list(STATE_WEIGHTS), list(STATE_WEIGHTS.values()))[0]


def typical(rng: random.Random, session_format: str) -> Preferences:
    state = _state(rng)
    picked = rng.sample(CONCERNS, rng.choice([1, 2]))
    zip_code = ""
    if session_format == "in_person":
        place = pick_zip(rng, state)
        zip_code = place[0] if place else ""
    return Preferences(
        state=state,
        format=session_format,
        zip_code=zip_code,
        age_group="adult",
        concerns=tuple(slug for slug, _ in picked),
        recommended_modalities=tuple(sorted({m for _, m in picked if m})),
        modalities=(rng.choice(MODALITIES),),
        carrier=rng.choice(CARRIERS),
        seed=str(rng.random()),
    )


def broad(rng: random.Random) -> Preferences:
    state = _state(rng)
    place = pick_zip(rng, state)
    return Preferences(
        state=state,
        format="either",
        zip_code=place[0] if place else "",
        distance_miles=50,
        age_group="adult",
        concerns=(rng.choice(CONCERNS)[0],),
        out_of_network_ok=True,
        carrier=rng.choice(CARRIERS),
        seed=str(rng.random()),
    )


SETS = {
    "typical, telehealth": lambda rng: typical(rng, "telehealth"),
    "typical, in person": lambda rng: typical(rng, "in_person"),
    "broad": broad,
}


class Command(BaseCommand):
    help = "Benchmark the ranking on generated rosters (PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", default="10000,100000")
        parser.add_argument("--requests", type=int, default=300, help="per set and size")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--recreate-database", action="store_true")

    def handle(self, *args, sizes: str, requests: int, seed: int, recreate_database: bool, **o):
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark runs on PostgreSQL: set DATABASE_URL.")
        if recreate_database:
            self._recreate()
        call_command("migrate", verbosity=0)
        results = []
        for size in [int(s) for s in sizes.split(",")]:
            have = Clinician.objects.count()
            if have < size:
                self.stdout.write(f"Generating {size - have} clinicians …")
                started = time.perf_counter()
                call_command("generate_clinicians", count=size - have, seed=seed + have)
                self.stdout.write(f"  took {time.perf_counter() - started:.0f} s")
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            for name, make in SETS.items():
                results.append((size, name, *self._run(make, requests, seed)))
        self._print(results)

    def _recreate(self) -> None:
        import psycopg2
        from psycopg2 import sql

        settings = connection.settings_dict
        name = settings["NAME"]
        connection.close()
        admin = psycopg2.connect(
            dbname="postgres",
            user=settings["USER"] or None,
            password=settings["PASSWORD"] or None,
            host=settings["HOST"] or None,
            port=settings["PORT"] or None,
        )
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        admin.close()
        self.stdout.write(f"Recreated database {name}.")

    def _run(self, make, requests: int, seed: int):
        rng = random.Random(seed)
        prefs = [make(rng) for _ in range(requests)]
        for p in prefs[:20]:  # warm the caches and the connection
            rank(p)
        timings, queries, matched = [], [], []
        counter = {"n": 0}

        def count(execute, sql, params, many, context):
            counter["n"] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            for p in prefs:
                counter["n"] = 0
                started = time.perf_counter()
                result = rank(p)
                timings.append((time.perf_counter() - started) * 1000)
                queries.append(counter["n"])
                matched.append(len(result.matches))
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        return (
            statistics.median(timings),
            p95,
            timings[-1],
            min(queries),
            max(queries),
            statistics.median(matched),
            sum(1 for m in matched if m < 3) / len(matched),
        )

    def _print(self, results) -> None:
        header = (
            f"{'clinicians':>10}  {'preference set':<20} {'median ms':>9} {'p95 ms':>7} "
            f"{'max ms':>7} {'queries':>8} {'matches':>7} {'relaxed':>7}"
        )
        self.stdout.write("")
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for size, name, median, p95, worst, qmin, qmax, matches, relaxed in results:
            q = f"{qmin}" if qmin == qmax else f"{qmin}-{qmax}"
            self.stdout.write(
                f"{size:>10,}  {name:<20} {median:>9.1f} {p95:>7.1f} {worst:>7.1f} {q:>8} "
                f"{matches:>7.0f} {relaxed:>6.0%}"
            )
