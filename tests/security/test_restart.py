"""The app survives a PostgreSQL restart: 503 from /healthz while it is away, then back.

Starts its own throwaway cluster (initdb, pg_ctl) and a real gunicorn. Skipped when the
PostgreSQL server programs are missing, unless CI or E2E_REQUIRED=1 requires it.
"""

import os

import pytest

from tests.security.pgcluster import AppServer, ThrowawayPostgres, missing_reason

pytestmark = pytest.mark.pgcluster

REQUIRED = os.environ.get("E2E_REQUIRED") == "1" or bool(os.environ.get("CI"))


@pytest.fixture(scope="module")
def cluster():
    reason = missing_reason()
    if reason:
        if REQUIRED:
            pytest.fail(f"the PostgreSQL restart test is required here: {reason}")
        pytest.skip(reason)
    postgres = ThrowawayPostgres().create()
    postgres.start()
    yield postgres
    postgres.destroy()


@pytest.fixture(scope="module")
def app(cluster):
    server = AppServer(cluster.url, workers=2)
    server.migrate()
    server.start()
    yield server
    server.stop()


def test_the_app_answers_503_while_the_database_is_away_and_recovers_after(cluster, app):
    assert app.get("/healthz") == (200, b"ok\n")

    cluster.stop()
    for _ in range(6):  # every worker, each with a broken kept-alive connection
        status, body = app.get("/healthz")
        assert (status, body) == (503, b"database unavailable\n")
    assert app.get("/crisis/")[0] == 200, "crisis help never depends on the database"

    cluster.start()
    for _ in range(10):
        assert app.get("/healthz") == (200, b"ok\n")
    assert app.get("/accounts/login/")[0] == 200
