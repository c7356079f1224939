"""A throwaway PostgreSQL cluster and a real app server, for fault tests.

The cluster lives in a temporary folder on a free port; the machine's shared PostgreSQL is
never touched. PostgreSQL refuses to run as root, so as root its commands run as the
`postgres` system user (runuser).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tools import appserver

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


class ThrowawayPostgres:
    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="ellie-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "postgres.log"
        self.port = appserver.free_port()
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
        self.port = appserver.free_port()
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
        self.process = appserver.start_gunicorn(
            env=self.env,
            port=self.port,
            workers=self.workers,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        return self

    def get(self, path: str, timeout: float = 15) -> tuple[int, bytes]:
        """(status, body); a hang longer than `timeout` raises."""
        return appserver.get(self.port, path, timeout=timeout)

    def stop(self):
        if self.process:
            appserver.stop(self.process)
