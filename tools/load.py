#!/usr/bin/env python3
"""Bounded load against a local production-style server: `make load`.

1. Makes sure the PostgreSQL database (default `ellie_load` on 127.0.0.1:5432) exists, migrates
   it and fills it with 100,000 clinicians (`manage.py generate_clinicians --count 100000
   --seed 1`, skipped when they are already there), then ANALYZEs it.
2. Starts gunicorn with production settings (DEBUG off, hashed static files) on a free port of
   127.0.0.1. Plain HTTP, so SECURE_SSL_REDIRECT and the Secure cookie flags are turned off
   through the environment; and since every load-test person comes from 127.0.0.1, the
   per-address submission limit is lifted the same way (INTAKE_RATE_LIMIT). Nothing else.
3. For a fixed time, N threads request the condition page, the directory and whole intake
   visits (GET the form, read the CSRF token and the form token, POST one of PEOPLE, GET the
   results, choose a therapist, GET the confirmation), plus the crisis page as a baseline.
4. Prints requests, throughput, p50/p95/p99 and errors per endpoint (a Markdown table for
   docs/performance.md) and exits 1 if any request errored.

Only 127.0.0.1 is ever requested. If a page the run needs answers 404 before it starts, the
run stops there and says which.
"""

from __future__ import annotations

import argparse
import http.client
import math
import os
import re
import secrets
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a file: python tools/load.py
    sys.path.insert(0, str(ROOT))

from tools.appserver import HOST, ServerError, free_port, start_gunicorn, stop  # noqa: E402

CONDITION_PAGE = "/conditions/self-harm/"
DIRECTORY_PAGE = "/clinicians/?state=MN"
INTAKE_FORM = "/get-matched/"
BASELINE_PAGE = "/crisis/"


# --- The intake submission ---------------------------------------------------------------
# The payload matches intake/forms.py (MatchRequestForm): the page's hidden inputs (the CSRF
# token and the form token) plus one of a few people below, the honeypot left empty.
# tests/security/test_load_script.py checks that each person is valid for the real form.

HONEYPOT = "website"

# Who the load-test people are: telehealth and in-person, insurance and self-pay, an adult
# and a teen with a guardian, in different states, so the ranking does its different kinds
# of work. Values are exactly what the form's inputs send.
PEOPLE: list[dict[str, str | list[str]]] = [
    {
        "concerns": ["anxiety"],
        "format": "telehealth",
        "state": "MN",
        "payment": "insurance",
        "carrier": "aetna",
        "date_of_birth": "1990-04-17",
        "modalities": ["cbt"],
        "available_days": ["mon", "wed"],
        "available_times": ["evening"],
        "contact_method": "email",
    },
    {
        "concerns": ["depression"],
        "format": "either",
        "state": "MN",
        "zip_code": "55401",
        "distance_miles": "25",
        "payment": "self_pay",
        "budget": "150",
        "sliding_scale": "on",
        "date_of_birth": "1984-11-02",
        "contact_method": "phone",
        "voicemail_ok": "no",
    },
    {
        "concerns": ["trauma-ptsd", "grief"],
        "format": "telehealth",
        "state": "CA",
        "payment": "insurance",
        "carrier": "cigna",
        "out_of_network_ok": "on",
        "date_of_birth": "1975-06-30",
        "language": "spanish",
        "clinician_gender": "woman",
        "contact_method": "text",
        "voicemail_ok": "yes",
    },
    {
        "concerns": ["ocd"],
        "format": "in_person",
        "state": "NY",
        "zip_code": "10001",
        "distance_miles": "10",
        "payment": "insurance",
        "carrier": "unitedhealthcare",
        "date_of_birth": "1961-01-09",
        "contact_method": "email",
    },
    {
        "concerns": ["adhd"],
        "format": "telehealth",
        "state": "TX",
        "payment": "insurance",
        "carrier": "blue-cross-blue-shield",
        "date_of_birth": "2011-08-21",
        "guardian_name": "Load Test Guardian",
        "guardian_phone": "512-555-0100",
        "contact_method": "phone",
        "voicemail_ok": "no",
    },
]
EVERYONE: dict[str, str | list[str]] = {
    "asq_wished_dead": "no",
    "asq_better_off_dead": "no",
    "asq_thoughts_of_suicide": "no",
    "asq_ever_attempted": "no",
    "asq_right_now": "no",
    "distance_miles": "25",
    "voicemail_ok": "no",
    "consent_to_contact": "on",
}


def intake_payload(form: ParsedForm, n: int) -> dict[str, str | list[str]]:
    """What load-test person n sends: the page's hidden inputs and one of PEOPLE."""
    data: dict[str, str | list[str]] = dict(form.hidden)
    data.update(EVERYONE)
    data.update(PEOPLE[n % len(PEOPLE)])
    data["first_name"] = "Load"
    data["email"] = f"load.test+{n}@example.org"
    data["phone"] = "612-555-0100"
    data[HONEYPOT] = ""
    return data


def choice_payload(form: ParsedForm) -> dict[str, str | list[str]]:
    """On the results page: ask for the first therapist shown, or let staff choose."""
    data: dict[str, str | list[str]] = dict(form.hidden)
    shown = [v for v in form.options.get("clinicians", []) if v]
    if shown:
        data.update(clinicians=shown[:1], action="choose")
    else:
        data["action"] = "staff"
    return data


# --- Form parsing ------------------------------------------------------------------------


@dataclass
class ParsedForm:
    action: str = ""
    hidden: dict[str, str] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)  # name -> input type
    options: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


class _FormParser(HTMLParser):
    """The first POST form on a page that is not the sign-out button or the site-wide
    "Leave this site" button."""

    def __init__(self):
        super().__init__()
        self.form: ParsedForm | None = None
        self.done = False
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if self.done:
            return
        if tag == "form" and self.form is None and a.get("method", "").lower() == "post":
            action = a.get("action", "")
            if "logout" not in action and not action.endswith("/leave/"):
                self.form = ParsedForm(action=a.get("action", ""))
            return
        if self.form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind == "hidden":
                self.form.hidden[name] = a.get("value", "")
            elif kind in ("radio", "checkbox"):
                self.form.fields[name] = kind
                self.form.options[name].append(a.get("value", "on"))
            elif kind not in ("submit", "button", "reset", "image", "file"):
                self.form.fields[name] = kind
        elif tag == "textarea" and name:
            self.form.fields[name] = "textarea"
        elif tag == "select" and name:
            self.form.fields[name] = "select"
            self._select = name
        elif tag == "option" and self._select:
            self.form.options[self._select].append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "form" and self.form is not None:
            self.done = True


def parse_form(html: str) -> ParsedForm | None:
    parser = _FormParser()
    parser.feed(html)
    return parser.form


# --- A client with a cookie jar ----------------------------------------------------------


class Client:
    def __init__(self, port: int, timeout: float = 30):
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        """(status, headers, body); reconnects once if a kept-alive connection was closed."""
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
                continue
            for value in response.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie()
                cookie.load(value)
                for key, morsel in cookie.items():
                    self.cookies[key] = morsel.value
            return response.status, response.headers, content
        raise RuntimeError("unreachable")


# --- Measuring ---------------------------------------------------------------------------


@dataclass
class Sample:
    endpoint: str
    seconds: float
    error: str = ""


class Recorder:
    def __init__(self):
        self.samples: list[Sample] = []
        self.lock = threading.Lock()

    def timed(self, endpoint: str, call, check) -> tuple | None:
        start = time.perf_counter()
        try:
            result = call()
            error = check(result)
        except Exception as exc:  # noqa: BLE001 - every failure is an error in the report
            result, error = None, f"{type(exc).__name__}: {exc}"
        with self.lock:
            self.samples.append(Sample(endpoint, time.perf_counter() - start, error))
        return None if error else result


def expect_status(*allowed):
    def check(result):
        status = result[0]
        return "" if status in allowed else f"HTTP {status}"

    return check


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return 0.0
    rank = math.ceil(p / 100 * len(sorted_values))  # nearest rank
    return sorted_values[min(len(sorted_values), max(rank, 1)) - 1]


def report(recorder: Recorder, seconds: float) -> tuple[str, int]:
    by_endpoint: dict[str, list[Sample]] = defaultdict(list)
    for sample in recorder.samples:
        by_endpoint[sample.endpoint].append(sample)
    lines = [
        "| endpoint | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    total_errors = 0
    for endpoint, samples in by_endpoint.items():
        times = sorted(s.seconds * 1000 for s in samples)
        errors = [s for s in samples if s.error]
        total_errors += len(errors)
        lines.append(
            f"| {endpoint} | {len(samples)} | {len(errors)} | {len(samples) / seconds:.1f} | "
            f"{percentile(times, 50):.0f} | {percentile(times, 95):.0f} | "
            f"{percentile(times, 99):.0f} | {times[-1]:.0f} |"
        )
    errors = [s for s in recorder.samples if s.error]
    if errors:
        lines.append("")
        lines.append("First errors:")
        lines += [f"- {s.endpoint}: {s.error}" for s in errors[:10]]
    return "\n".join(lines), total_errors


# --- Scenarios ---------------------------------------------------------------------------


def page_scenario(name: str, path: str):
    def run(client: Client, recorder: Recorder, n: int):
        recorder.timed(name, lambda: client.request("GET", path), expect_status(200))

    return run


FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}


def _form_errors(content: bytes) -> str:
    text = content.decode(errors="replace")
    errors = re.findall(r'class="[^"]*invalid-feedback[^"]*"[^>]*>\s*(?:<strong>)?([^<]+)', text)
    errors += re.findall(r'class="alert alert-danger"[^>]*>\s*<p[^>]*>([^<]+)', text)
    return "; ".join(e.strip() for e in errors[:3]) or "form shown again"


def redirected(result) -> str:
    """A form post succeeded when it redirects (302/303); anything else is an error."""
    status, _, content = result
    if status in (302, 303):
        return ""
    if status == 200:
        return f"not accepted ({_form_errors(content)}): adjust PEOPLE in tools/load.py"
    return f"HTTP {status}"


def _location(result) -> str:
    location = urlsplit(result[1]["Location"])
    return location.path + (f"?{location.query}" if location.query else "")


def intake_scenario(client: Client, recorder: Recorder, n: int):
    """One person's whole visit: the form, submit, the results, choose, the confirmation.

    Each visit starts without cookies, as a new person on a new device would.
    """
    client.cookies.clear()
    page = recorder.timed(
        "intake form", lambda: client.request("GET", INTAKE_FORM), expect_status(200)
    )
    if page is None:
        return
    form = parse_form(page[2].decode(errors="replace"))
    if form is None:
        recorder.timed("intake submit", lambda: None, lambda _: "no POST form on the page")
        return
    body = urlencode(intake_payload(form, n), doseq=True).encode()
    action = form.action or INTAKE_FORM
    result = recorder.timed(
        "intake submit", lambda: client.request("POST", action, body, FORM_HEADERS), redirected
    )
    if result is None:
        return
    results_url = _location(result)
    page = recorder.timed(
        "intake results", lambda: client.request("GET", results_url), expect_status(200)
    )
    if page is None:
        return
    choices = parse_form(page[2].decode(errors="replace"))
    if choices is None:
        recorder.timed("intake choose", lambda: None, lambda _: "no choice form on the results")
        return
    body = urlencode(choice_payload(choices), doseq=True).encode()
    result = recorder.timed(
        "intake choose",
        lambda: client.request("POST", choices.action or results_url, body, FORM_HEADERS),
        redirected,
    )
    if result is None:
        return
    done_url = _location(result)
    recorder.timed("intake done", lambda: client.request("GET", done_url), expect_status(200))


# --- Setting up ---------------------------------------------------------------------------


def production_env(database_url: str) -> dict[str, str]:
    """A production-style server's environment (DEBUG off, hashed static files) over plain
    HTTP on 127.0.0.1: the HTTPS redirect and Secure cookie flags off, nothing else."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "STATICFILES_MANIFEST": "1",
        "WHITENOISE_USE_FINDERS": "0",
        "LOG_LEVEL": "WARNING",
    }


def manage(env, *args, check=True, capture=True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=check,
        capture_output=capture,
        text=True,
    )


def ensure_database(url: str, *, prefixes: tuple[str, ...] = ("ellie_load",)) -> None:
    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.startswith(prefixes) and not name.endswith("_bench"):
        allowed = " or ".join(f"{prefix}*" for prefix in prefixes)
        sys.exit(f"Refusing to use database {name!r}: it must be named {allowed} or *_bench.")
    if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("The load test runs against a local PostgreSQL only.")
    connection = psycopg2.connect(
        dbname="postgres",
        user=parts.username or "postgres",
        password=parts.password or None,
        host=parts.hostname,
        port=parts.port or 5432,
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created database {name}.")
    connection.close()


def clinician_count(env) -> int:
    code = "from matching.models import Clinician; print(Clinician.objects.count())"
    result = manage(env, "shell", "--no-imports", "-c", code, check=False)
    lines = result.stdout.strip().splitlines()  # the count is the last line printed
    if result.returncode != 0 or not lines or not lines[-1].isdigit():
        return -1
    return int(lines[-1])


def prepare_data(env, count: int) -> str:
    existing = clinician_count(env)
    if existing >= count:
        print(f"{existing:,} clinicians already in the database.")
        return f"{existing:,}"
    print(f"Generating {count:,} clinicians (there are {max(existing, 0):,}) ...")
    manage(env, "generate_clinicians", "--count", str(count), "--seed", "1", capture=False)
    return f"{clinician_count(env):,}"


def refresh_statistics(url: str) -> None:
    """ANALYZE the load database: its rows may be new and autovacuum may be off or behind,
    and a planner that thinks the tables are small picks slow plans."""
    import psycopg2

    parts = urlsplit(url)
    connection = psycopg2.connect(
        dbname=parts.path.lstrip("/"),
        user=parts.username or "postgres",
        password=parts.password or None,
        host=parts.hostname,
        port=parts.port or 5432,
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connection.close()


def start_server(env, port: int, workers: int) -> subprocess.Popen:
    try:
        return start_gunicorn(env=env, port=port, workers=workers, timeout=60)
    except ServerError as error:
        sys.exit(f"{error} See its output above.")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60, help="seconds of load (60)")
    parser.add_argument("--threads", type=int, default=8, help="concurrent clients (8)")
    parser.add_argument(
        "--server-workers",
        type=int,
        default=int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1)),
        help="gunicorn workers (WEB_CONCURRENCY, else 2 x CPUs + 1)",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ellie_load"
        ),
    )
    parser.add_argument("--clinicians", type=int, default=100_000)
    parser.add_argument("--port", type=int, default=0, help="the server's port (a free one)")
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="extra environment for the server, e.g. a higher submission rate limit",
    )
    args = parser.parse_args(argv)

    env = {
        **production_env(args.database_url),
        # Every load-test person comes from 127.0.0.1: lift the per-address submission
        # limit for this server only (settings read it from the environment).
        "INTAKE_RATE_LIMIT": "1000000000",
    }
    for item in args.env:
        name, _, value = item.partition("=")
        env[name] = value

    ensure_database(args.database_url)
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    clinicians = prepare_data(env, args.clinicians)
    refresh_statistics(args.database_url)

    port = args.port or free_port()
    server = start_server(env, port, args.server_workers)
    try:
        return run_load(args, port, clinicians)
    finally:
        stop(server)


def run_load(args, port: int, clinicians: str) -> int:
    probe = Client(port)
    candidates = [
        ("condition page", CONDITION_PAGE, page_scenario("condition page", CONDITION_PAGE)),
        ("directory", DIRECTORY_PAGE, page_scenario("directory", DIRECTORY_PAGE)),
        ("intake", INTAKE_FORM, intake_scenario),
        ("crisis page (baseline)", BASELINE_PAGE, page_scenario("crisis page", BASELINE_PAGE)),
    ]
    missing = [
        f"{name} ({path})" for name, path, _ in candidates if probe.request("GET", path)[0] == 404
    ]
    if missing:
        print(f"\nA page the load test needs answered 404: {', '.join(missing)}.")
        return 1
    scenarios = [scenario for _, _, scenario in candidates]

    recorder = Recorder()
    deadline = time.monotonic() + args.duration
    counter = iter(range(10**12))
    counter_lock = threading.Lock()

    def worker(offset: int):
        client = Client(port)
        i = offset
        while time.monotonic() < deadline:
            with counter_lock:
                n = next(counter)
            scenarios[i % len(scenarios)](client, recorder, n)
            i += 1

    print(
        f"\nLoad: {args.threads} threads for {args.duration:.0f} s against gunicorn "
        f"({args.server_workers} workers) on {HOST}:{port}; clinicians: {clinicians}."
    )
    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(t,)) for t in range(args.threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    table, errors = report(recorder, time.monotonic() - started)
    print()
    print(table)
    print(f"\n{'FAILED' if errors else 'OK'}: {errors} errors in {len(recorder.samples)} requests.")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
