"""A production-style app server for load and fault tests: gunicorn on a free local port.

Shared by `tools/load.py` (`make load`) and the PostgreSQL restart test
(`tests/security/pgcluster.py`). Standard library only; the caller passes the whole
environment (database, DEBUG off, secrets).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"


class ServerError(RuntimeError):
    """gunicorn exited, or did not answer in time."""


def free_port(host: str = HOST) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def get(port: int, path: str, *, timeout: float = 15) -> tuple[int, bytes]:
    """(status, body) of a GET to the local server; a hang longer than `timeout` raises."""
    url = f"http://{HOST}:{port}{path}"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (local only)
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def start_gunicorn(
    *,
    env: dict[str, str],
    port: int,
    workers: int,
    timeout: int = 30,
    ready_within: float = 60,
    stdout=None,
    stderr=None,
    app: str = "ellie.wsgi",
    ready_path: str = "/healthz",
) -> subprocess.Popen:
    """Start `gunicorn ellie.wsgi` (or `app`) on HOST:`port`; return once `ready_path`
    answers 200.

    Raises ServerError (after stopping it) if gunicorn exits or does not answer in time.
    """
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            app,
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--timeout",
            str(timeout),
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=env,
        stdout=stdout,
        stderr=stderr,
    )
    deadline = time.monotonic() + ready_within
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stderr.read().decode(errors="replace") if process.stderr else ""
            raise ServerError(f"gunicorn exited before answering. {output}".strip())
        try:
            if get(port, ready_path, timeout=5)[0] == 200:
                return process
        except OSError:
            pass
        time.sleep(0.2)
    stop(process)
    raise ServerError(f"gunicorn did not answer {ready_path} within {ready_within:.0f} seconds.")


def stop(process: subprocess.Popen, *, wait: float = 30) -> None:
    """Stop gunicorn gently (its workers finish their requests), or kill it."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=wait)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
