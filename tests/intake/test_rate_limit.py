"""The per-address intake limit: one atomic counter shared by every worker and server."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from intake import antispam
from intake.models import MatchRequest, RateCounter
from tests.intake.conftest import form_data

URL = "/get-matched/"


@pytest.mark.django_db
def test_the_counter_counts_in_the_database_without_a_shared_cache(settings):
    key = antispam.hashed("submit", "192.0.2.10")
    assert [antispam.bump(key, window_seconds=3600, now=7200.0) for _ in range(3)] == [1, 2, 3]
    row = RateCounter.objects.get()
    assert (row.key, row.bucket, row.count) == (key, 2, 3)
    assert "192.0.2.10" not in row.key
    # The next window starts again at one.
    assert antispam.bump(key, window_seconds=3600, now=10800.0) == 1


@pytest.mark.django_db
def test_the_counter_is_one_statement_that_counts_and_returns():
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        antispam.count_submission("192.0.2.11")
    [query] = queries.captured_queries
    assert "ON CONFLICT" in query["sql"]
    assert "RETURNING" in query["sql"]


@pytest.mark.django_db
def test_a_new_process_sees_the_counts_of_the_others(client, settings, clinicians):
    """Counts live in the database, not in a worker's memory: a cleared cache changes nothing."""
    from django.core.cache import cache

    settings.INTAKE_RATE_LIMIT = 2
    for n in range(2):
        assert (
            client.post(URL, form_data(form_token=f"token-number-{n}-abcdefghij")).status_code
            == 302
        )
        cache.clear()  # as if the next post reached another worker
    assert client.post(URL, form_data(form_token="token-number-9-abcdefghij")).status_code == 429
    assert MatchRequest.objects.count() == 2


@pytest.mark.django_db
def test_with_redis_the_cache_counts(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/1",
        }
    }
    from django.core.cache import cache

    try:
        cache.clear()
    except Exception:  # noqa: BLE001 - no Redis on this machine
        pytest.skip("Redis is not running")
    key = antispam.hashed("submit", "192.0.2.12")
    assert [antispam.bump(key, window_seconds=3600) for _ in range(3)] == [1, 2, 3]
    assert not RateCounter.objects.exists()
    cache.clear()


def test_expired_counters_are_forgotten(db):
    import datetime as dt

    from django.utils import timezone

    antispam.bump("submit:old", window_seconds=3600, now=0.0)
    antispam.count_submission("192.0.2.13")
    assert antispam.forget_old_windows(now=timezone.now() + dt.timedelta(seconds=1)) == 1
    assert RateCounter.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_concurrent_posts_from_one_address_never_make_more_than_the_limit(settings, clinicians):
    settings.INTAKE_RATE_LIMIT = 3
    posts = 12
    start = threading.Barrier(posts)
    statuses = []

    def post(n):
        try:
            client = Client(REMOTE_ADDR="192.0.2.50")
            start.wait(10)
            response = client.post(URL, form_data(form_token=f"concurrent-token-{n:02d}-abcdef"))
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(n,)) for n in range(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [302] * 3 + [429] * 9
    assert MatchRequest.objects.count() == 3
    assert RateCounter.objects.get().count == posts
