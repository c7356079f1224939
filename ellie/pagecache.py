"""Whole public pages, kept for anonymous visitors until anything they show changes.

One number, the *version*, moves on every change a public page can show: a condition page
or its items, a clinician or anything linked to one, reference data, a roster import,
search rows rebuilt, a photo, the practice's details, hours or holidays. Cached pages are
keyed by it, so after a change the next request on every app process misses and renders
afresh; old entries are never read again and expire.

Where the version lives:

- with a shared cache (``REDIS_URL``): in that cache, one ``GET`` per request;
- without one: a one-row table (``ellie.PageVersion``), one primary-key read per request, so
  several gunicorn workers with their own memory caches still agree.

It is read at most once per request (``version()``; ``VersionMiddleware`` scopes it), and
``Practice.current()`` is kept under it too. ``bump()`` is called by the write services
(matching/services.py, matching/search_rows.py, matching/photos.py) and by signals on every
model of the conditions, matching and practice apps (``ellie.apps``).

Only anonymous ``GET``/``HEAD`` requests without a query string, a session cookie or a
messages cookie are answered from the cache: anyone signed in (staff) has a session cookie
and always gets a fresh page. A response is kept only if it is a plain 200 that set no
cookie, did not touch the session and may be stored (no ``no-store``/``private``); its ETag
is kept with it, so a repeat visit is a 304.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from contextvars import ContextVar
from functools import cache as cache_forever
from functools import wraps
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import cc_delim_re, get_conditional_response, set_response_etag
from django.utils.http import parse_http_date_safe

log = logging.getLogger(__name__)

VERSION_KEY = "pagecache:version"
PAGE_KEY_PREFIX = "pagecache:page"
# Old versions' entries are never read again; this only bounds how long they take space.
PAGE_TIMEOUT = 24 * 60 * 60
# Headers a cached page is answered with (the middleware adds the rest on every response).
KEPT_HEADERS = ("ETag", "Last-Modified", "Cache-Control", "Content-Language")

READ_SQL = "SELECT number FROM ellie_pageversion WHERE id = 1"

_UNREAD = object()
# Per request: [version] once read, [_UNREAD] before; None outside a request.
_this_request: ContextVar[list | None] = ContextVar("pagecache_this_request", default=None)


def _in_cache() -> bool:
    return settings.PAGE_VERSION_STORE == "cache"


def _fresh_number() -> int:
    """A starting number never used before (microseconds since the epoch), for a version
    that was lost (a cache restarted, a table emptied): old entries are never reused."""
    return time.time_ns() // 1000


def _read() -> int | None:
    if _in_cache():
        number = cache.get(VERSION_KEY)
        if number is None:
            cache.add(VERSION_KEY, _fresh_number(), None)
            number = cache.get(VERSION_KEY)
        return number
    try:
        return _read_row()
    except DatabaseError as exc:
        log.warning("Page version unreadable, pages are not cached: %s", type(exc).__name__)
        return None


def _read_row() -> int:
    """The version row, in plain SQL: on a cached page this is most of the work the app does.

    It is the request's first query, so it doubles as the connection's health check
    (``CONN_HEALTH_CHECKS``): one round trip instead of Django's ``SELECT 1`` and then this.
    A persistent connection that has gone away fails here; it is closed and opened again
    once, as the health check would have done.
    """
    from ellie.models import PageVersion

    checking = (
        connection.connection is not None
        and connection.health_check_enabled
        and not connection.health_check_done
        and not connection.in_atomic_block
    )
    if checking:
        connection.health_check_done = True
    try:
        row = _fetch_version()
    except (OperationalError, InterfaceError):
        if not checking:
            raise
        connection.close()
        row = _fetch_version()
    if row is not None:
        return row[0]
    row, _ = PageVersion.objects.get_or_create(pk=1, defaults={"number": _fresh_number()})
    return row.number


def _fetch_version():
    with connection.cursor() as cursor:
        cursor.execute(READ_SQL)
        return cursor.fetchone()


def version() -> int | None:
    """The current version (read once per request); None if it cannot be read (the
    database is away): then nothing is cached or answered from the cache."""
    holder = _this_request.get()
    if holder is None:
        return _read()
    if holder[0] is _UNREAD:
        holder[0] = _read()
    return holder[0]


def _increment_cache() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # lost (a cache restart): start again from a number never used
        cache.set(VERSION_KEY, _fresh_number(), None)


def bump() -> None:
    """Move the version on: every cached page (and the cached practice) is stale.

    In the database, the row is updated in the caller's transaction, so the new version
    becomes visible together with the change. In the shared cache, now and again once the
    transaction commits (a page rendered in between from the old data is never read).
    """
    holder = _this_request.get()
    if holder is not None:
        holder[0] = _UNREAD
    if _in_cache():
        _increment_cache()
        transaction.on_commit(_increment_cache)
        return
    from ellie.models import PageVersion

    with transaction.atomic():
        if not PageVersion.objects.filter(pk=1).update(number=F("number") + 1):
            PageVersion.objects.get_or_create(pk=1, defaults={"number": _fresh_number()})


class VersionMiddleware:
    """Read the version at most once per request, and only if something asks for it; and
    answer a repeat anonymous visit to a public page from the cache before the rest of the
    middleware runs (see ``WholePage``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _this_request.set([_UNREAD])
        try:
            whole = WholePage.of(request)
            if whole is None:
                return self.get_response(request)
            cached = whole.answer(request)
            if cached is not None:
                return cached
            response = self.get_response(request)
            whole.keep(request, response)
            return response
        finally:
            _this_request.reset(token)


# --- Whole pages -------------------------------------------------------------------------


def answers_from_cache(request, *, query_allowed: bool = False) -> bool:
    """An anonymous visitor asking for the plain page: nothing of theirs can be on it.

    ``query_allowed``: for a view that reads its query string itself and keys by it."""
    return (
        request.method in ("GET", "HEAD")
        and (query_allowed or not request.META.get("QUERY_STRING"))
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    session = getattr(request, "session", None)
    if session is not None and session.accessed:
        return False
    cache_control = {
        part.split("=", 1)[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    return not cache_control & {"no-store", "private"}


def page_key(request, *parts: object) -> str | None:
    """The cache key of this page at the current version, or None if it cannot be cached."""
    number = version()
    if number is None:
        return None
    path = hashlib.sha256(request.path.encode()).hexdigest()[:32]
    extra = ":".join(str(part) for part in parts)
    # The language comes from the path (/es/...), and is in the key as well.
    language = translation.get_language()
    return f"{PAGE_KEY_PREFIX}:{release()}:{number}:{language}:{path}:{extra}"


def cached_response(request, render, *key_parts: object):
    """The page from the cache, or ``render()`` (kept for the next anonymous visitor).

    ``key_parts`` tell apart pages at one address (e.g. a condition page's last change).
    """
    if not answers_from_cache(request):
        return render()
    key = page_key(request, *key_parts)
    if key is None:
        return render()
    entry = cache.get(key)
    if entry is not None:
        content, content_type, headers = entry
        response = HttpResponse(content, content_type=content_type)
        for name, value in headers:
            response.headers[name] = value
        response.whole_page = True
        return response
    response = render()
    if _storable(request, response):
        response.whole_page = True
        if not response.has_header("ETag"):
            set_response_etag(response)
        headers = [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)]
        cache.set(key, (response.content, response["Content-Type"], headers), PAGE_TIMEOUT)
    return response


@cache_forever
def release() -> str:
    """Changes when a deploy changes how pages look: our templates, the translation
    catalogues, the static files' hashed names. Part of every page's key and of condition
    pages' ETags, so a shared cache never answers with a page made by the previous code.
    Read once per process."""
    digest = hashlib.sha256()
    roots = [Path(folder) for engine in settings.TEMPLATES for folder in engine["DIRS"]]
    roots += [
        Path(app.path) / "templates"
        for app in apps.get_app_configs()
        if Path(app.path).is_relative_to(settings.BASE_DIR) and "site-packages" not in app.path
    ]
    roots.append(Path(settings.BASE_DIR) / "locale")
    for root in roots:
        for file in sorted(root.rglob("*")):
            if file.is_file() and file.suffix in (".html", ".txt", ".xml", ".mo"):
                digest.update(str(file.relative_to(root)).encode())
                digest.update(file.read_bytes())
    digest.update(getattr(staticfiles_storage, "manifest_hash", "").encode())
    return digest.hexdigest()[:16]


def public_page(view=None, *, stamp=None):
    """A view whose page is the same for every anonymous visitor: cache it whole.

    ``stamp(request, **url_kwargs)``, if given, returns what else the page depends on beyond the
    version (e.g. a condition page's own last change, read in one query), or None when the
    page is not to be cached (it does not exist, or is not published).
    """
    if view is None:
        return lambda view: public_page(view, stamp=stamp)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return cached_response(request, lambda: view(request, *args, **kwargs))

    wrapped.public_page = stamp or _no_stamp
    return wrapped


def _no_stamp(request, **kwargs) -> str:
    return ""


# --- Answered before the middleware ------------------------------------------------------


class WholePage:
    """A public page exactly as it left the app: body and headers after every middleware
    below ``VersionMiddleware`` (the CSP, compression, the ETag), kept per version, address,
    language, compression and stamp. A repeat anonymous visit costs the URL lookup, the
    version read, one cache read and the security headers: no session, CSRF, locale,
    template or compression work.

    Compressed bodies are kept as they are: a public page carries nothing secret (no CSRF
    token, no session: ``_storable``), so there is nothing for a BREACH attack to recover.
    """

    DROPPED = frozenset({"set-cookie", "date"})

    def __init__(self, key: str, number: int):
        self.key = key
        self.number = number

    @classmethod
    def of(cls, request) -> WholePage | None:
        if request.method != "GET" or not answers_from_cache(request):
            return None
        path = request.path_info
        # Every public page is under i18n_patterns: the language is the path's.
        language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
        with translation.override(language):
            try:
                match = resolve(path)
            except Resolver404:
                return None
        stamp = getattr(match.func, "public_page", None)
        if stamp is None:
            return None
        number = version()
        if number is None:
            return None
        extra = stamp(request, **match.kwargs)
        if extra is None:
            return None
        accepts = request.META.get("HTTP_ACCEPT_ENCODING", "")
        gzip = "gz" if re_accepts_gzip.search(accepts) else "id"
        digest = hashlib.sha256(f"{path}\0{extra}".encode()).hexdigest()[:32]
        return cls(
            f"{PAGE_KEY_PREFIX}:whole:{release()}:{number}:{language}:{gzip}:{digest}", number
        )

    def answer(self, request):
        entry = _recent.get(self.key) if _in_cache() else None
        if entry is None:
            entry = cache.get(self.key)
            if entry is None:
                return None
            if _in_cache():
                _recent.put(self.key, entry)
        content, headers = entry
        response = HttpResponse(content)
        for name, value in headers:
            response.headers[name] = value
        if "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META:
            modified = response.get("Last-Modified")
            return get_conditional_response(
                request,
                etag=response.get("ETag"),
                last_modified=parse_http_date_safe(modified) if modified else None,
                response=response,
            )
        return response

    def keep(self, request, response) -> None:
        if (
            getattr(response, "whole_page", False)
            and version() == self.number  # nothing moved it while the page was made
            and _storable(request, response)
        ):
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in self.DROPPED
            ]
            entry = (response.content, headers)
            cache.set(self.key, entry, PAGE_TIMEOUT)
            if _in_cache():
                _recent.put(self.key, entry)


class _Recent:
    """With a shared cache, the last pages this process answered, kept in its memory too:
    an entry's key names its version, so it never changes, and a hit then costs the version
    read alone instead of fetching the page's bytes from the shared cache as well. Bounded
    (least recently used out first); without a shared cache the cache is in this process
    already."""

    ENTRIES = 32

    def __init__(self):
        self._entries: OrderedDict[str, tuple] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str):
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: tuple) -> None:
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.ENTRIES:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_recent = _Recent()
