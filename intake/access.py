"""Who may use /staff/: members of Intake staff (and superusers).

Anonymous people go to the login page; anyone else signed in gets 403. Every staff
response is ``Cache-Control: no-store``: these pages carry health information.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.views.decorators.cache import never_cache

INTAKE_STAFF = "Intake staff"


def is_intake_staff(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=INTAKE_STAFF).exists()


def intake_staff_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        if not is_intake_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return never_cache(wrapper)
