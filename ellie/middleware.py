import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import add_never_cache_headers

LAST_ACTIVITY_SESSION_KEY = "ellie_last_activity"
# When the user signed in (seconds since the epoch): a session ends SESSION_COOKIE_AGE after
# this, however active it has been. Set by `record_sign_in` below.
SIGNED_IN_SESSION_KEY = "ellie_signed_in_at"
# Write the timestamp at most this often, so staff browsing does not save the session on
# every request. The timeout is therefore exact to within this many seconds.
ACTIVITY_RESOLUTION_SECONDS = 60


log = logging.getLogger(__name__)


class ForwardedForWarningMiddleware:
    """Warn once per process when requests come through a proxy that BEHIND_PROXY ignores.

    Without BEHIND_PROXY every visitor seems to come from the proxy's own address, so one
    sign-in lockout or one intake limit would stop everyone at once. First in the chain, so
    it sees requests that an HTTPS redirect answers early. The header's value (people's
    addresses) is never logged.
    """

    warned = False  # per process: class-wide, since each test client builds its own chain

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            not ForwardedForWarningMiddleware.warned
            and not settings.BEHIND_PROXY
            and "HTTP_X_FORWARDED_FOR" in request.META
        ):
            ForwardedForWarningMiddleware.warned = True
            log.warning(
                "Requests arrive with an X-Forwarded-For header but BEHIND_PROXY is off: every "
                "visitor appears to come from the proxy's address, so one sign-in lockout or "
                "intake limit applies to everyone. Behind your own proxy set BEHIND_PROXY=1 "
                "(and TRUSTED_PROXY_COUNT); see docs/operations.md. Said once per process."
            )
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Turn off browser features the site never uses (camera, location, ...)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def record_sign_in(sender, request, user, **kwargs):
    """`user_logged_in` receiver: start the session's absolute clock (ellie.apps)."""
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_SESSION_KEY] = int(time.time())


class IdleTimeoutMiddleware:
    """Sign out a signed-in user after STAFF_IDLE_TIMEOUT_MINUTES without a request, and
    SESSION_COOKIE_AGE (12 hours) after signing in, however active they have been.

    Django's own session expiry slides (each save moves it on), so the absolute end is
    kept here, from the sign-in time recorded in the session. A session without one (made
    before this rule) ends at once. Only staff have accounts on this site, so this applies to
    every signed-in session. The next protected page then sends them to the login page,
    which says why.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Without a session cookie there is nobody to sign out; skip the session lookup so
        # public pages keep working even while the database is away.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            self._sign_out_if_idle(request)
        response = self.get_response(request)
        # After the view, so the request that signs someone in starts their clock. Without a
        # session cookie, and no sign-in in this request, nobody is signed in: the session is
        # left untouched, so an anonymous page says no "Vary: Cookie" and may be cached.
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        signing_in = session is not None and session.modified
        if (
            user is not None
            and (settings.SESSION_COOKIE_NAME in request.COOKIES or signing_in)
            and user.is_authenticated
        ):
            self._touch(request)
        return response

    def _sign_out_if_idle(self, request):
        now = int(time.time())
        signed_in = request.session.get(SIGNED_IN_SESSION_KEY)
        if not isinstance(signed_in, int) or now - signed_in >= settings.SESSION_COOKIE_AGE:
            logout(request)
            hours = settings.SESSION_COOKIE_AGE / 3600
            messages.info(
                request,
                f"You were signed out {hours:g} hours after signing in. Please sign in again.",
            )
            return
        last = request.session.get(LAST_ACTIVITY_SESSION_KEY)
        limit = settings.STAFF_IDLE_TIMEOUT_MINUTES * 60
        if isinstance(last, int) and now - last > limit:
            logout(request)
            messages.info(
                request,
                f"You were signed out after {settings.STAFF_IDLE_TIMEOUT_MINUTES} minutes "
                "without activity. Please sign in again.",
            )

    def _touch(self, request):
        now = int(time.time())
        last = request.session.get(LAST_ACTIVITY_SESSION_KEY)
        if not isinstance(last, int) or now - last >= ACTIVITY_RESOLUTION_SECONDS:
            request.session[LAST_ACTIVITY_SESSION_KEY] = now


class NoStoreMiddleware:
    """`Cache-Control: no-store` for intake, staff and account pages, and for anyone signed in.

    Neither the browser (back button on a shared computer) nor a proxy may keep a copy.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        private = request.path.startswith(settings.NO_STORE_PATH_PREFIXES)
        if not private and settings.SESSION_COOKIE_NAME in request.COOKIES:
            private = request.user.is_authenticated
        if private:
            add_never_cache_headers(response)  # max-age=0, no-cache, no-store, private
        return response


# What is worth compressing: pages and text. Photos (webp, jpeg) are compressed already.
COMPRESSIBLE_TYPES = ("text/", "application/json", "application/xml", "application/javascript")


class TextGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware (with its BREACH mitigation) for text responses only."""

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "")
        if not content_type.startswith(COMPRESSIBLE_TYPES):
            return response
        return super().process_response(request, response)
