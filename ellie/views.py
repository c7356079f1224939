import re

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.core.files.storage import FileSystemStorage, storages
from django.db import DatabaseError, connection
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseRedirect,
    HttpResponseServerError,
)
from django.shortcuts import render
from django.template import loader
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, requires_csrf_token
from django.views.decorators.http import require_http_methods, require_safe

from conditions.models import Condition
from ellie.pagecache import public_page
from intake.views import forget_results
from practice.models import Practice

# Search engines may read the public pages. Staff and admin pages are private, and so is
# everything under /get-matched/ except the form itself (results live there, by token).
ROBOTS_RULES = """User-agent: *
Disallow: /admin/
Disallow: /staff/
Disallow: /accounts/
Disallow: /get-matched/
Allow: /get-matched/$
Disallow: /es/get-matched/
Allow: /es/get-matched/$
Allow: /
"""


@require_safe
@public_page
def home(request):
    conditions = Condition.objects.published().listing_in(get_language())
    return render(request, "ellie/home.html", {"conditions": conditions})


@require_safe
@public_page
def crisis(request):
    return render(request, "ellie/crisis.html")


@never_cache
@require_safe
def healthz(request):
    """200 when the app and its database answer, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


# The only uploaded files the app serves: photo renditions, named by their content.
MEDIA_NAME = re.compile(r"clinicians/[0-9a-f]{20}-[0-9]{2,4}\.(webp|jpg)")
MEDIA_TYPES = {"webp": "image/webp", "jpg": "image/jpeg"}


@require_safe
def media_file(request, name: str):
    """A photo from local storage (WhiteNoise serves static files only).

    The name must be a photo rendition's, so nothing else under MEDIA_ROOT can be reached;
    the name changes whenever the photo does, so browsers keep it for a year. With a bucket
    configured, pages link to the bucket and this answers 404. A proxy in front may serve
    the same folder itself (docs/operations.md).
    """
    match = MEDIA_NAME.fullmatch(name)
    storage = storages["default"]
    if match is None or not isinstance(storage, FileSystemStorage):
        raise Http404
    try:
        handle = storage.open(name, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=MEDIA_TYPES[match[1]])
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


@require_safe
def robots_txt(request):
    sitemap_url = request.build_absolute_uri("/sitemap.xml")
    return HttpResponse(f"{ROBOTS_RULES}\nSitemap: {sitemap_url}\n", content_type="text/plain")


# What a browser may forget for this site when someone leaves: its cookies (results, a
# session) and anything stored. Not "cache": Chromium can stall the navigation clearing it.
CLEAR_SITE_DATA = '"cookies", "storage"'


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def leave(request):
    """ "Leave this site": forget this device's results and session, then go elsewhere.

    The crisis strip posts here (its button works without JavaScript; with it, Esc or the
    button post in the background and replace this page in the history). There is no CSRF
    token: public pages set no cookie to hold one, and the only effect is forgetting. Even
    so, only a POST from one of our own pages forgets anything (``Sec-Fetch-Site``); a GET,
    or a request another site started, is just sent on to ``QUICK_EXIT_URL``.
    """
    if request.headers.get("Sec-Fetch-Mode", "navigate") == "navigate":
        response = HttpResponseRedirect(settings.QUICK_EXIT_URL)
        response.status_code = 303
    else:  # a background request from ellie.js: it navigates away itself
        response = HttpResponse(status=204)
    ours = request.headers.get("Sec-Fetch-Site", "same-origin") in {"same-origin", "none"}
    if request.method == "POST" and ours:
        forget_results(response)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            logout(request)  # flushes the session; its cookie is deleted on the way out
        response["Clear-Site-Data"] = CLEAR_SITE_DATA
    return response


@requires_csrf_token
def server_error(request):
    """500 with the crisis strip, the way out and the practice's phone, whatever broke.

    Rendered without the context processors (one of them may be what failed), from values
    that cannot fail; the practice comes from the cache or, failing that, is left out.
    """
    try:
        practice = Practice.current()
    except Exception:  # the database may be what is down
        practice = None
    staff_page = request.path.startswith(settings.STAFF_PATH_PREFIXES)
    context = {
        "request": request,
        "practice": practice,
        "QUICK_EXIT_URL": settings.QUICK_EXIT_URL,
        "base_template": "staff_base.html" if staff_page else "base.html",
    }
    return HttpResponseServerError(loader.get_template("500.html").render(context))


def bad_request(request, exception=None):
    """400, or 413 when the request was larger than we accept."""
    if isinstance(exception, RequestDataTooBig):
        return render(request, "413.html", status=413)
    context = {"too_many_fields": isinstance(exception, TooManyFieldsSent)}
    return render(request, "400.html", context, status=400)
