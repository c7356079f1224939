"""Sign-in link requests per address: hashed with the secret key before the cache sees it."""

import hashlib

from django.conf import settings
from django.core.cache import cache


def _key(address: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"clinicians:link-requests:{digest}"


def link_requests_limited(address: str) -> bool:
    return cache.get(_key(address), 0) >= settings.CLINICIAN_LINK_RATE_LIMIT


def count_link_request(address: str) -> None:
    key = _key(address)
    cache.add(key, 0, timeout=settings.CLINICIAN_LINK_RATE_WINDOW)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=settings.CLINICIAN_LINK_RATE_WINDOW)
