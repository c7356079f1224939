#!/usr/bin/env python3
"""Lighthouse on the main pages, served production-style: `make lighthouse`.

1. Installs the pinned Lighthouse (`tools/npm/package.json` and its lock file) with
   `npm ci` when `tools/npm/node_modules` is missing or older than the lock file.
2. Makes sure the PostgreSQL database (default `ellie_lighthouse` on 127.0.0.1:5432) exists,
   migrates it, loads the demo content (`load_demo --force`: a throwaway local database) and
   collects static files.
3. Starts gunicorn with production settings (DEBUG off, hashed static files, WhiteNoise,
   compression) on 127.0.0.1. Plain HTTP, so the HTTPS redirect and the Secure cookie flags
   are turned off through the environment, as `make load` does; nothing else.
4. Runs Lighthouse (mobile: its default phone, slow 4G and CPU slowdown) on `/`, the
   self-harm page, `/get-matched/`, `/clinicians/` and the first demo clinician's profile,
   with headless Chromium (`CHROME_PATH`, else /usr/bin/chromium).
   Each page is measured `--runs` times (3), in turns, and each category's median is kept,
   as Lighthouse's own guidance on variability advises: the performance score follows how
   busy the machine's CPU is.
5. Prints the four median scores (performance, accessibility, best practices, SEO) per page,
   every run's performance score, the audits that cost points in the median run and the
   bytes the page moved; exits 1 if any median score is under 100 (or `--min-score`).

The JSON reports and the server's log are kept in `--output-dir` (default: a temporary
directory, printed).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a file: python tools/lighthouse.py
    sys.path.insert(0, str(ROOT))

from tools.appserver import HOST, ServerError, free_port, get, start_gunicorn, stop  # noqa: E402
from tools.load import ensure_database, manage, production_env  # noqa: E402

PACKAGE = ROOT / "tools" / "npm"
LIGHTHOUSE = PACKAGE / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = [
    ("/", "/"),
    ("self-harm page", "/conditions/self-harm/"),
    ("/get-matched/", "/get-matched/"),
    ("/clinicians/", "/clinicians/"),
    ("a profile", None),  # the first demo clinician's /clinicians/<slug>/
]


def install_lighthouse() -> None:
    lock = PACKAGE / "package-lock.json"
    if LIGHTHOUSE.exists() and LIGHTHOUSE.stat().st_mtime >= lock.stat().st_mtime:
        return
    npm = shutil.which("npm")
    if not npm:
        sys.exit("npm is not installed (Lighthouse needs Node 18.20 or newer and npm).")
    print("Installing the pinned Lighthouse (npm ci in tools/npm) ...", flush=True)
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=PACKAGE, check=True)
    LIGHTHOUSE.touch()


def chrome_path() -> str:
    path = os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        sys.exit(f"Chromium not found at {path} (set CHROME_PATH, or apt-get install chromium).")
    return path


def first_clinician(env) -> str:
    code = (
        "from matching.models import Clinician; "
        "print(Clinician.objects.active().order_by('last_name', 'first_name', 'pk')"
        ".values_list('slug', flat=True)[0])"
    )
    return manage(env, "shell", "--no-imports", "-c", code).stdout.strip().splitlines()[-1]


def run_lighthouse(url: str, report: Path, chrome: str) -> dict:
    """One mobile Lighthouse run of `url`; its JSON report, also written to `report`."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run",
        "--max-wait-for-load=60000",
    ]
    env = {**os.environ, "CHROME_PATH": chrome}
    # A run can fail for reasons of its own on a busy machine (NO_NAVSTART, a trace that was
    # not recorded): such a run measured nothing, so it is tried again, twice at most.
    for attempt in range(3):
        finished = subprocess.run(command, env=env)
        if finished.returncode == 0:
            result = json.loads(report.read_text())
            if not result.get("runtimeError"):
                return result
        print(f"Lighthouse failed on {url} (attempt {attempt + 1} of 3).", flush=True)
    sys.exit(f"Lighthouse could not measure {url}.")


def lost_points(result: dict) -> list[str]:
    """The audits that cost a category points, as 'category: audit (score)' lines."""
    lines = []
    for name, category in result["categories"].items():
        for ref in category["auditRefs"]:
            if not ref["weight"]:
                continue
            audit = result["audits"][ref["id"]]
            score = audit.get("score")
            if score is not None and score < 1:
                value = audit.get("displayValue") or ""
                lines.append(f"    {name}: {audit['title']} ({score:.2f}) {value}".rstrip())
    return lines


def score(result: dict, category: str) -> int:
    return round((result["categories"][category]["score"] or 0) * 100)


def transfer_kb(result: dict) -> float:
    items = result["audits"]["network-requests"]["details"]["items"]
    return sum(item.get("transferSize") or 0 for item in items) / 1024


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "LIGHTHOUSE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ellie_lighthouse"
        ),
    )
    parser.add_argument("--port", type=int, default=0, help="(a free one)")
    parser.add_argument("--min-score", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3, help="per page; medians are kept (3)")
    parser.add_argument("--output-dir", type=Path, help="where the JSON reports go")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    args = parser.parse_args(argv)

    install_lighthouse()
    chrome = chrome_path()
    env = production_env(args.database_url)
    ensure_database(args.database_url, prefixes=("ellie_lighthouse",))
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo", "--force")
    manage(env, "collectstatic", "--noinput")
    pages = [(name, path or f"/clinicians/{first_clinician(env)}/") for name, path in PAGES]
    output = args.output_dir or Path(tempfile.mkdtemp(prefix="ellie-lighthouse-"))
    output.mkdir(parents=True, exist_ok=True)

    port = args.port or free_port()
    log = (output / "gunicorn.log").open("wb")
    try:
        server = start_gunicorn(env=env, port=port, workers=args.workers, stdout=log, stderr=log)
    except ServerError as error:
        sys.exit(f"{error} See {output / 'gunicorn.log'}.")
    try:
        for _, path in pages:  # warm each page (and each worker's cache) before measuring
            for _ in range(args.workers * 2):
                status, _ = get(port, path)
                if status != 200:
                    sys.exit(f"{path} answered {status} before the run.")
        before = os.getloadavg()
        runs: dict[str, list[dict]] = {path: [] for _, path in pages}
        for n in range(1, args.runs + 1):
            for _, path in pages:
                slug = path.strip("/").replace("/", "-") or "home"
                report = output / f"{slug}-{n}.json"
                runs[path].append(run_lighthouse(f"http://{HOST}:{port}{path}", report, chrome))
    finally:
        stop(server)
        log.close()

    first = runs[pages[0][1]][0]
    browser = first["environment"]["hostUserAgent"].split("HeadlessChrome/")[-1].split(" ")[0]
    print()
    print(
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: Lighthouse "
        f"{first['lighthouseVersion']}, mobile ({first['configSettings']['throttlingMethod']} "
        f"throttling), Chromium {browser}, {os.cpu_count()} CPUs, load average (1 minute) "
        f"{before[0]:.1f} before and {os.getloadavg()[0]:.1f} after."
    )
    print()
    print("| page | performance | accessibility | best practices | SEO | runs | transfer KB |")
    print("|---|---:|---:|---:|---:|---|---:|")
    failed = False
    details = []
    for name, path in pages:
        results = runs[path]
        medians = [statistics.median_low(score(r, c) for r in results) for c in CATEGORIES]
        failed |= min(medians) < args.min_score
        median_run = sorted(results, key=lambda r: score(r, "performance"))[(len(results) - 1) // 2]
        each = "/".join(str(score(r, "performance")) for r in results)
        print(
            f"| {name} (`{path}`) | "
            + " | ".join(str(s) for s in medians)
            + f" | {each} | {transfer_kb(median_run):.1f} |"
        )
        lost = lost_points(median_run)
        if lost:
            details.append(f"  {path}:")
            details.extend(lost)
    if details:
        print()
        print("What cost points (in each page's median run):")
        print("\n".join(details))
    print()
    print(f"Reports: {output}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
