"""A throwaway PostgreSQL cluster and a real app server, for fault tests.

The cluster lives in a temporary folder on a free port; the machine's shared PostgreSQL is
never touched. PostgreSQL refuses to run as root, so as root its commands run as the
`postgres` system user (runuser).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


def missing_reason() -> str | None:
    for tool in ("initdb", "pg_ctl", "postgres"):
        if not (PG_BIN / tool).exists():
            return f"{PG_BIN / tool} not found (apt-get install postgresql-15, or set PG_BIN)"
    if os.geteuid() == 0:
        if not shutil.which("runuser"):
            return "running as root and runuser is missing"
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no postgres system user to run PostgreSQL"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ThrowawayPostgres:
    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="ellie-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "postgres.log"
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str, timeout: int = 60):
        command = [str(PG_BIN / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=True, capture_output=True, text=True, timeout=timeout)

    def create(self):
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
        )
        return self

    def start(self):
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} "
            "-c fsync=off -c full_page_writes=off"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.log),
            "-w",
            "-t",
            "30",
            "start",
        )

    def stop(self, mode: str = "fast"):
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def destroy(self):
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


class AppServer:
    """gunicorn serving the app, production-style, against `database_url`."""

    def __init__(self, database_url: str, workers: int = 2):
        self.port = free_port()
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DEBUG": "0",
            "SECRET_KEY": "fault-test-secret-key-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "STATICFILES_MANIFEST": "0",
            "WHITENOISE_USE_FINDERS": "1",
            "DATABASE_CONNECT_TIMEOUT": "3",
        }
        self.workers = workers
        self.process: subprocess.Popen | None = None

    def migrate(self):
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput"],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            timeout=300,
        )

    def start(self):
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "ellie.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--timeout",
                "30",
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.process.stderr.read().decode()}")
            try:
                self.get("/healthz")
                return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start within 60 seconds")

    def get(self, path: str, timeout: float = 15) -> tuple[int, bytes]:
        """(status, body); a hang longer than `timeout` raises."""
        url = f"http://127.0.0.1:{self.port}{path}"
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
