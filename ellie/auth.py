"""Who may see a staff page: the group check, the second factor, and the client address.

Every staff view uses `staff_required` (functions) or `StaffRequiredMixin` (classes):

    @staff_required                      # Intake staff
    def queue(request): ...

    @staff_required(group="Content editors")
    def drafts(request): ...

    class RequestDetail(StaffRequiredMixin, DetailView): ...

Anonymous people go to the login page; a signed-in user outside the group gets the 403 page;
with REQUIRE_2FA on, a member who has not entered a code from their authenticator app yet is
sent to /accounts/verify/.
"""

from __future__ import annotations

import ipaddress
from functools import wraps
from urllib.parse import urlencode

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

INTAKE_STAFF = "Intake staff"
CONTENT_EDITORS = "Content editors"
VERIFY_URL = "/accounts/verify/"


def client_ip(request: HttpRequest) -> str:
    """The address of the person making the request.

    Without a proxy this is REMOTE_ADDR. With BEHIND_PROXY on, each trusted proxy appends the
    address it saw to X-Forwarded-For, so the client is TRUSTED_PROXY_COUNT hops from the right;
    anything further left was written by the client and is ignored. Used by django-axes to key
    lockouts and available to anything that records "from where".
    """
    remote = request.META.get("REMOTE_ADDR", "")
    if not settings.BEHIND_PROXY:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    count = max(settings.TRUSTED_PROXY_COUNT, 1)
    if len(hops) < count:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-count]))
    except ValueError:
        return remote


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for sign-ins that come with a request.

    Every sign-in over HTTP passes the request (our login form does). Calls without one (the
    test client's `login()`, a shell) have no address to key a lockout on, so they go straight
    to the password check instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def is_member(user, group: str) -> bool:
    return user.is_authenticated and user.groups.filter(name=group).exists()


def is_verified(request: HttpRequest) -> bool:
    """True when this session's user has entered a code (django-otp's OTPMiddleware)."""
    verified = getattr(request.user, "is_verified", None)
    return bool(verified and verified())


def needs_second_factor(request: HttpRequest) -> bool:
    """True when REQUIRE_2FA is on and this signed-in user has not entered a code yet."""
    return settings.REQUIRE_2FA and not is_verified(request)


def redirect_to_verify(request: HttpRequest) -> HttpResponse:
    return HttpResponseRedirect(f"{VERIFY_URL}?{urlencode({'next': request.get_full_path()})}")


def refuse_unless_member(request: HttpRequest, group: str) -> HttpResponse | None:
    """The response that refuses this request, or None when the user may go on."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
    if not is_member(request.user, group):
        raise PermissionDenied
    if needs_second_factor(request):
        return redirect_to_verify(request)
    return None


def staff_required(view=None, *, group: str = INTAKE_STAFF):
    """Decorate a view so only verified members of `group` reach it."""

    def decorator(view_func):
        @wraps(view_func)
        def wrapper(request, *args, **kwargs):
            refusal = refuse_unless_member(request, group)
            if refusal is not None:
                return refusal
            return view_func(request, *args, **kwargs)

        wrapper.staff_group = group
        return wrapper

    if view is None:
        return decorator
    return decorator(view)


class StaffRequiredMixin:
    """The class-based form of `staff_required`; set `staff_group` to change the group."""

    staff_group = INTAKE_STAFF

    def dispatch(self, request, *args, **kwargs):
        refusal = refuse_unless_member(request, self.staff_group)
        if refusal is not None:
            return refusal
        return super().dispatch(request, *args, **kwargs)


def reset_demo_account(
    username: str, *, first_name: str, last_name: str, group: str, is_staff: bool = False
) -> str:
    """A demo account (``load_demo``, development only) with a fresh random password.

    Returns the password, to be printed once; it is stored nowhere else.
    """
    import secrets

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import transaction

    with transaction.atomic():
        user, _ = get_user_model().objects.get_or_create(
            username=username, defaults={"first_name": first_name, "last_name": last_name}
        )
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.is_active = True
        user.is_staff = is_staff
        user.is_superuser = False
        user.save()
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    return password
