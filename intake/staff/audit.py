"""The address an audit event records: ``ellie.auth.client_ip`` (proxy-aware).

Behind our own proxy (``BEHIND_PROXY``) the client is read from ``X-Forwarded-For``,
counting ``TRUSTED_PROXY_COUNT`` hops from the right; otherwise ``REMOTE_ADDR``.
"""

from __future__ import annotations

from django.http import HttpRequest

from ellie.auth import client_ip as _client_ip


def client_ip(request: HttpRequest) -> str | None:
    return _client_ip(request) or None
