"""Spam defences for the public form: a per-address submission limit.

(The honeypot is a form field: `MatchRequestForm.is_spam`.)
Addresses are hashed with the secret key before they touch the cache.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


def _key(scope: str, address: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"{scope}:{digest}"


def over_limit(scope: str, address: str, *, limit: int) -> bool:
    """Whether `address` has been counted `limit` times in `scope`'s current window."""
    return cache.get(_key(scope, address), 0) >= limit


def count(scope: str, address: str, *, window: int) -> None:
    """Count one more for `address` in `scope`; the count lasts `window` seconds."""
    key = _key(scope, address)
    cache.add(key, 0, timeout=window)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)


def is_rate_limited(address: str) -> bool:
    return over_limit("intake:submissions", address, limit=settings.INTAKE_RATE_LIMIT)


def count_submission(address: str) -> None:
    count("intake:submissions", address, window=settings.INTAKE_RATE_LIMIT_WINDOW)
