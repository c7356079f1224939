"""One-time link tokens and session tokens: random, shown once, stored only as hashes.

A token is 32 random bytes (43 URL-safe characters). The database keeps its SHA-256, so a
copy of the database opens nothing; a looked-up hash is compared again in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{32,64}")


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def looks_like_token(value) -> bool:
    """Whether a value from a URL or a cookie could be one of ours (else: look nothing up)."""
    return isinstance(value, str) and TOKEN_RE.fullmatch(value) is not None


def same(stored_hash: str, token: str) -> bool:
    return hmac.compare_digest(stored_hash, token_hash(token))
