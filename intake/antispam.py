"""Spam defences for the public form: a per-address submission limit.

(The honeypot is a form field: `MatchRequestForm.is_spam`.)
Addresses are hashed with the secret key before they touch the cache.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


def _key(address: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"intake:submissions:{digest}"


def is_rate_limited(address: str) -> bool:
    return cache.get(_key(address), 0) >= settings.INTAKE_RATE_LIMIT


def count_submission(address: str) -> None:
    key = _key(address)
    cache.add(key, 0, timeout=settings.INTAKE_RATE_LIMIT_WINDOW)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=settings.INTAKE_RATE_LIMIT_WINDOW)
