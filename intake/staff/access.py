"""Who may use /staff/: verified members of Intake staff (``ellie.auth.staff_required``).

Anonymous people go to the login page, anyone else signed in gets 403, and a member who
has not entered their second factor (when required) is sent to verify. Every staff
response is also ``Cache-Control: no-store``: these pages carry health information.
"""

from __future__ import annotations

from django.views.decorators.cache import never_cache

from ellie.auth import INTAKE_STAFF, is_member, staff_required

__all__ = ["INTAKE_STAFF", "intake_staff_required", "is_intake_staff"]


def is_intake_staff(user) -> bool:
    return bool(user.is_active) and is_member(user, INTAKE_STAFF)


def intake_staff_required(view):
    return never_cache(staff_required(view, group=INTAKE_STAFF))
