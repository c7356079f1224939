"""Spam defences for the public form: a per-address submission limit.

(The honeypot is a form field: `MatchRequestForm.is_spam`.)

The limit is one counter per address and fixed window, shared by every worker and server:

- with Redis configured (``REDIS_URL``), the cache's atomic ``incr``;
- otherwise a row of ``intake.RateCounter`` per address and window, bumped with one
  ``INSERT … ON CONFLICT … DO UPDATE … RETURNING`` (PostgreSQL, and SQLite 3.35 or later
  for ``make run``), so no extra service is needed and two posts can never read the same
  count.

Counting comes first and refusing second: a submission is counted, and refused when its
count is over the limit. Addresses are hashed with the secret key before they are kept.
The same counter keeps one confirmation email per address per day (``first_today``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

# The table and columns of ``intake.models.RateCounter`` (kept in step by a test).
_UPSERT = (
    "INSERT INTO intake_ratecounter (key, bucket, count, expires_at) VALUES (%s, %s, 1, %s) "
    "ON CONFLICT (key, bucket) DO UPDATE SET count = intake_ratecounter.count + 1 "
    "RETURNING count"
)
DAY = 24 * 3600


def hashed(kind: str, value: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{kind}:{value}".encode()).hexdigest()
    return f"{kind}:{digest[:40]}"


def uses_cache() -> bool:
    """Redis is shared by every server: count there. A per-process cache is not."""
    backend = settings.CACHES["default"]["BACKEND"]
    return backend.endswith("RedisCache")


def bump(key: str, *, window_seconds: int, now: float | None = None) -> int:
    """Add one to ``key``'s count in the current window and return the new count, atomically."""
    now = time.time() if now is None else now
    bucket = int(now // window_seconds)
    if uses_cache():
        cache_key = f"intake:count:{key}:{bucket}"
        cache.add(cache_key, 0, timeout=window_seconds + 60)
        try:
            return cache.incr(cache_key)
        except ValueError:  # expired between add and incr: this is the first of a new one
            cache.add(cache_key, 0, timeout=window_seconds + 60)
            return cache.incr(cache_key)
    expires = dt.datetime.fromtimestamp((bucket + 1) * window_seconds, tz=dt.timezone.utc)
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT, [key, bucket, expires])
        return cursor.fetchone()[0]


def count_submission(address: str) -> int:
    """Count one more submission from ``address``; the count in this window, this one included."""
    return bump(hashed("submit", address), window_seconds=settings.INTAKE_RATE_LIMIT_WINDOW)


def over_limit(count: int) -> bool:
    return count > settings.INTAKE_RATE_LIMIT


def first_today(kind: str, value: str) -> bool:
    """True the first time ``value`` is counted for ``kind`` in this (UTC) day, else False."""
    return bump(hashed(kind, value), window_seconds=DAY) == 1


def forget_old_windows(now: dt.datetime | None = None) -> int:
    """Delete database counters whose window has ended; how many went."""
    from intake.models import RateCounter

    now = now or timezone.now()
    return RateCounter.objects.filter(expires_at__lt=now).delete()[0]
