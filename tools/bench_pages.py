#!/usr/bin/env python3
"""The public pages against Django's own floor: `make bench-pages`.

1. Makes sure the PostgreSQL database (default `ellie_bench_pages` on 127.0.0.1:5432) exists,
   migrates it and fills it with 100,000 generated clinicians (once), ANALYZEs it and
   collects static files.
2. Starts two gunicorns, 2 sync workers each, production settings (DEBUG off): the app, and
   the floor (tools/floor.py: Django answering "Hello, world" with no middleware).
3. Warms every page, then for each round and each page runs `wrk -t2 -c16` for a few
   seconds against the floor, then against the page (interleaved: a busy machine slows both
   alike), with `Accept-Encoding: gzip` as browsers send it.
4. Prints, per page, requests per second of the app and of the floor run beside it, their
   ratio (the median over rounds), p50 latencies, the load average before and after, and the
   RSS of each app worker after the run.

Bounded: about (pages x 2 x rounds x seconds) plus the first generation of the roster;
the defaults (8 pages, 3 rounds, 5 s) take about 5 minutes once the database exists.
Only 127.0.0.1 is ever requested.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a file: python tools/bench_pages.py
    sys.path.insert(0, str(ROOT))

from tools.appserver import HOST, ServerError, free_port, get, start_gunicorn, stop  # noqa: E402
from tools.load import (  # noqa: E402
    FORM_HEADERS,
    INTAKE_FORM,
    Client,
    ensure_database,
    intake_payload,
    manage,
    parse_form,
    percentile,
    prepare_data,
    production_env,
    refresh_statistics,
)

WORKERS = 2
DIRECTORY = "/clinicians/?state=MN&format=telehealth&carrier=aetna"
DIRECTORY_RENDERED = f"{DIRECTORY}&ref=bench"
PAGES = [
    ("/", "/"),
    ("/conditions/", "/conditions/"),
    ("/conditions/self-harm/", "/conditions/self-harm/"),
    ("/crisis/", "/crisis/"),
    ("/clinicians/<slug>/", None),  # the first active clinician, found at start
    ("/get-matched/", "/get-matched/"),
    (DIRECTORY, DIRECTORY),
    # The same filters with a parameter the directory does not know: rendered every time
    # (never kept), from the kept lists, count, order and cards.
    (f"{DIRECTORY}&ref=x (rendered)", DIRECTORY_RENDERED),
]


def wrk(port: int, path: str, seconds: float) -> tuple[float, float, int]:
    """(requests per second, p50 ms, errors) of one `wrk -t2 -c16` run."""
    result = subprocess.run(
        [
            WRK,
            "-t2",
            "-c16",
            f"-d{seconds:g}s",
            "--latency",
            "-H",
            "Accept-Encoding: gzip",
            f"http://{HOST}:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    out = result.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE).group(1))
    errors = 0
    for pattern in (r"Non-2xx or 3xx responses:\s+(\d+)", r"Socket errors:.*timeout (\d+)"):
        match = re.search(pattern, out)
        errors += int(match.group(1)) if match else 0
    return rps, p50, errors


def _ms(text: str) -> float:
    value = float(re.match(r"[\d.]+", text).group(0))
    unit = text[len(re.match(r"[\d.]+", text).group(0)) :]
    return value * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def worker_rss_mb(master: subprocess.Popen) -> list[float]:
    """Resident memory of each gunicorn worker (the master's children), in MB."""
    result = subprocess.run(
        ["ps", "--ppid", str(master.pid), "-o", "rss="], capture_output=True, text=True
    )
    return [int(line) / 1024 for line in result.stdout.split()]


def first_clinician(env) -> str:
    code = (
        "from matching.models import Clinician; "
        "print(Clinician.objects.active().order_by('pk').values_list('slug', flat=True)[0])"
    )
    return manage(env, "shell", "--no-imports", "-c", code).stdout.strip().splitlines()[-1]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5, help="of each wrk run (5)")
    parser.add_argument("--clinicians", type=int, default=100_000)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_PAGES_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ellie_bench_pages"
        ),
    )
    parser.add_argument(
        "--redis",
        metavar="URL",
        default="",
        help="serve the app with this REDIS_URL (its database is emptied first), e.g. "
        "redis://127.0.0.1:6379/5; by default no shared cache",
    )
    parser.add_argument(
        "--sequential", type=int, default=200, help="one-at-a-time requests per timing (200)"
    )
    parser.add_argument("--app-port", type=int, default=0, help="(a free one)")
    parser.add_argument("--floor-port", type=int, default=0, help="(a free one)")
    args = parser.parse_args(argv)
    if not WRK:
        sys.exit("wrk is not installed (Debian: apt-get install wrk).")

    env = {
        **production_env(args.database_url),
        # Every submission comes from 127.0.0.1: lift the per-address limit for this server.
        "INTAKE_RATE_LIMIT": "1000000000",
    }
    env.pop("REDIS_URL", None)
    if args.redis:
        env["REDIS_URL"] = args.redis
        manage(
            env, "shell", "--no-imports", "-c", "from django.core.cache import cache; cache.clear()"
        )
    ensure_database(args.database_url, prefixes=("ellie_bench", "ellie_load"))
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    clinicians = prepare_data(env, args.clinicians)
    refresh_statistics(args.database_url)
    pages = [(name, path or f"/clinicians/{first_clinician(env)}/") for name, path in PAGES]

    app_port, floor_port = args.app_port or free_port(), args.floor_port or free_port()
    try:
        app = start_gunicorn(env=env, port=app_port, workers=WORKERS, timeout=60)
        floor = start_gunicorn(
            env=env, port=floor_port, workers=WORKERS, app="tools.floor:application", ready_path="/"
        )
    except ServerError as error:
        sys.exit(str(error))
    try:
        return run(args, pages, app, app_port, floor_port, clinicians)
    finally:
        stop(app)
        stop(floor)


def run(args, pages, app, app_port: int, floor_port: int, clinicians: str) -> int:
    for _, path in pages:
        for _ in range(5):
            status, _ = get(app_port, path)
            if status != 200:
                sys.exit(f"{path} answered {status} before the run.")
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    before = load_average()
    results: dict[str, list[tuple]] = {name: [] for name, _ in pages}
    clock = time.monotonic()
    for _ in range(args.rounds):
        for name, path in pages:
            floor_rps, floor_p50, _ = wrk(floor_port, "/", args.seconds)
            app_rps, app_p50, errors = wrk(app_port, path, args.seconds)
            results[name].append((app_rps, floor_rps, app_p50, floor_p50, errors))
    sequential = one_at_a_time(app_port, args.sequential)
    after = load_average()
    rss = worker_rss_mb(app)

    print()
    print(f"{started}: {clinicians} clinicians, gunicorn {WORKERS} sync workers each, DEBUG off,")
    print(f"Shared cache: {'Redis' if args.redis else 'none (version row in PostgreSQL)'}.")
    print(
        f"wrk -t2 -c16 {args.seconds:g} s per run, {args.rounds} interleaved rounds, "
        f"{os.cpu_count()} CPUs; load average {before} before, {after} after "
        f"({time.monotonic() - clock:.0f} s)."
    )
    print()
    print("| page | app req/s | floor req/s | ratio | app p50 ms | floor p50 ms | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    failed = False
    for name, runs in results.items():
        ratio = statistics.median(app / floor for app, floor, *_ in runs)
        app_rps = statistics.median(r[0] for r in runs)
        floor_rps = statistics.median(r[1] for r in runs)
        app_p50 = statistics.median(r[2] for r in runs)
        floor_p50 = statistics.median(r[3] for r in runs)
        errors = sum(r[4] for r in runs)
        failed |= errors > 0
        print(
            f"| `{name}` | {app_rps:,.0f} | {floor_rps:,.0f} | {ratio:.2f} | "
            f"{app_p50:.1f} | {floor_p50:.1f} | {errors} |"
        )
    print()
    print(f"One request at a time ({args.sequential} each), ms:")
    print()
    print("| timing | p50 | p95 | max | errors |")
    print("|---|---:|---:|---:|---:|")
    for name, (times, errors) in sequential.items():
        times.sort()
        failed |= errors > 0
        print(
            f"| {name} | {percentile(times, 50):.1f} | {percentile(times, 95):.1f} | "
            f"{times[-1] if times else 0:.1f} | {errors} |"
        )
    print()
    print("App workers' RSS after the run: " + ", ".join(f"{mb:.0f} MB" for mb in rss))
    return 1 if failed else 0


# Filters for the varied directory timing: states by population, a few carriers and formats,
# so most requests show cards not seen before (read and rendered, not from the cache).
STATES = ["CA", "TX", "FL", "NY", "PA", "IL", "OH", "GA", "NC", "MI", "NJ", "VA", "WA", "AZ"]
CARRIERS = ["", "aetna", "cigna", "unitedhealthcare", "medicaid"]
FORMATS = ["", "telehealth", "in_person"]


def one_at_a_time(port: int, n: int) -> dict[str, tuple[list[float], int]]:
    """Sequential timings, ms: the filtered directory warm (the same page again: the kept
    page), the same filters rendered (a parameter it does not know), the directory over
    varied filters and pages, and an intake submission with its ranking (the POST alone;
    each after a GET of the form, as a new person)."""
    timings: dict[str, tuple[list[float], int]] = {}

    def timed(name, call, ok):
        times, errors = timings.setdefault(name, ([], 0))
        start = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - start) * 1000)
        if not ok(result):
            timings[name] = (times, errors + 1)

    client = Client(port)
    for _ in range(n):
        timed("directory, filtered, warm", lambda: client.request("GET", DIRECTORY), _is_200)
    for _ in range(n):
        timed(
            "directory, filtered, rendered warm",
            lambda: client.request("GET", DIRECTORY_RENDERED),
            _is_200,
        )
    for i in range(n):
        query = f"state={STATES[i % len(STATES)]}&carrier={CARRIERS[i % len(CARRIERS)]}"
        query += f"&format={FORMATS[i % len(FORMATS)]}&page={1 + (i // len(STATES)) % 5}"
        timed(
            "directory, varied filters",
            lambda q=query: client.request("GET", f"/clinicians/?{q}"),
            _is_200,
        )
    for i in range(n):
        client.cookies.clear()
        status, _, body = client.request("GET", INTAKE_FORM)
        form = parse_form(body.decode(errors="replace")) if status == 200 else None
        if form is None:
            times, errors = timings.setdefault(SUBMISSION, ([], 0))
            timings[SUBMISSION] = (times, errors + 1)
            continue
        payload = urlencode(intake_payload(form, i), doseq=True).encode()
        timed(
            SUBMISSION,
            lambda p=payload, a=form.action or INTAKE_FORM: client.request(
                "POST", a, p, FORM_HEADERS
            ),
            lambda result: result[0] == 302,
        )
    return timings


SUBMISSION = "intake submission (with ranking)"


def _is_200(result) -> bool:
    return result[0] == 200


WRK = shutil.which("wrk") or ("/usr/bin/wrk" if Path("/usr/bin/wrk").exists() else "")

if __name__ == "__main__":
    sys.exit(main())
