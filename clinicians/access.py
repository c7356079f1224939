"""Who may open a clinician page: a clinician with a live session cookie of their own.

The clinician's cookie is apart from the staff session: it never signs anyone in to staff
or admin pages (those read `request.user`, which it does not touch), and a staff session
opens no clinician page. Anyone else is sent to the page that emails a sign-in link.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache

from clinicians import services

SIGN_IN_URL = "/for-clinicians/"


def cookie_name() -> str:
    # __Host-: only over HTTPS, for this host and Path=/ (as the staff session cookie).
    return "__Host-clinician" if settings.SESSION_COOKIE_SECURE else "clinician"


def set_session_cookie(response, token: str) -> None:
    response.set_cookie(
        cookie_name(),
        token,
        max_age=settings.CLINICIAN_SESSION_HOURS * 3600,
        path="/",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def clear_session_cookie(response) -> None:
    response.delete_cookie(cookie_name(), path="/", samesite="Lax")


def session_of(request):
    return services.current_session(request.COOKIES.get(cookie_name()))


def clinician_required(view):
    """Only a signed-in clinician reaches the view, as `request.clinician`."""

    @wraps(view)
    @never_cache
    def wrapper(request, *args, **kwargs):
        session = session_of(request)
        if session is None:
            return redirect(SIGN_IN_URL)
        request.clinician_session = session
        request.clinician = session.clinician
        return view(request, *args, **kwargs)

    wrapper.clinician_only = True
    return wrapper
