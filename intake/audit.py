"""The audit trail of staff work on requests: who, when, from where, what.

An event names the request by its id only and carries a short detail such as
"status: new → in_review". Answers, names, notes and contact details never go in.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The address the request came from.

    Behind our own proxy (``BEHIND_PROXY``) the proxy appends the real client to
    ``X-Forwarded-For``; the right-most entry is the one it wrote, so that is the one we
    trust (entries further left are whatever the client sent). Otherwise ``REMOTE_ADDR``.
    """
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if forwarded:
            return forwarded[-1][:45]
    return (request.META.get("REMOTE_ADDR") or "")[:45] or None
