"""Sign-in lockouts: one username from one address, and one address trying many usernames.

django-axes locks a username from an address after AXES_FAILURE_LIMIT failures. It has one
failure limit for all its lockout parameters, so an address-only lock beside it would lock
an office after five typos. This handler (AXES_HANDLER) adds the second, higher limit: an
address with AXES_ADDRESS_FAILURE_LIMIT failures across any usernames within the cool-off
is locked for every username (password spraying), from the same records axes keeps.
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest

from ellie.auth import client_ip


def address_failures(request: HttpRequest) -> int:
    """Failed sign-ins from this request's address within the cool-off, any username."""
    address = getattr(request, "axes_ip_address", None) or client_ip(request)
    if not hasattr(request, "axes_attempt_time"):
        request.axes_attempt_time = None  # axes' threshold then counts back from now
    recent = AccessAttempt.objects.filter(
        ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
    )
    return recent.aggregate(total=Sum("failures_since_start"))["total"] or 0


def address_is_locked(request: HttpRequest) -> bool:
    return address_failures(request) >= settings.AXES_ADDRESS_FAILURE_LIMIT


class LockoutHandler(AxesDatabaseHandler):
    """axes' database handler, with the address-only limit beside the username one."""

    def get_failures(self, request, credentials=None) -> int:
        failures = super().get_failures(request, credentials)
        limit = get_failure_limit(request, credentials)
        if failures < limit and address_is_locked(request):
            return limit  # what axes compares with its limit: locked
        return failures
