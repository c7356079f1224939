"""Whole public pages, kept for anonymous visitors until anything they show changes.

One number, the *version*, moves on every change a public page can show: a condition page
or its items, a clinician or anything linked to one, reference data, a roster import,
search rows rebuilt, a photo, the practice's details, hours or holidays. Cached pages are
keyed by it, so after a change the next request on every app process misses and renders
afresh; old entries are never read again and expire.

Where the version lives:

- with a shared cache (``REDIS_URL``): in that cache, one ``GET`` per request;
- without one: a one-row table (``ellie.PageVersion``), the truth, and a copy of its number
  in a small file the app's processes on one machine share (``_MachineCopy``): a change made
  through the app writes its new number there the moment it commits, so every gunicorn
  worker sees it on its next request without a round trip to the database; each process
  still reads the row at least every ``PAGE_VERSION_RECHECK_MS`` (1 s), which brings in what
  the file cannot see (a write only the triggers counted, a command on another machine).

It is read at most once per request (``version()``; ``VersionMiddleware`` scopes it), and
``Practice.current()`` is kept under it too. ``bump()`` is called by the write services
(matching/services.py, matching/search_rows.py, matching/photos.py) and by signals on every
model of the conditions, matching and practice apps (``ellie.apps``).

Only anonymous ``GET``/``HEAD`` requests without a query string, a session cookie or a
messages cookie are answered from the cache: anyone signed in (staff) has a session cookie
and always gets a fresh page. A response is kept only if it is a plain 200 that set no
cookie, did not touch the session and may be stored (no ``no-store``/``private``); its ETag
is kept with it, so a repeat visit is a 304.

The empty intake form is the same for every such visitor but for its CSRF token and form
token: it is kept with slots for them (``slotted_page``, ``SlottedPage``), and each visit
gets its own values, compressed around them without compressing them.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import logging
import os
import re
import struct
import tempfile
import threading
import time
import zlib
from collections import OrderedDict
from contextvars import ContextVar
from functools import cache as cache_forever
from functools import lru_cache, wraps
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
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
BUMP_SQL = "UPDATE ellie_pageversion SET number = number + 1 WHERE id = 1 RETURNING number"

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
    number = _machine.read()
    if number is not None:
        return number
    try:
        return _machine.refresh(_read_row)
    except (DatabaseError, InterfaceError) as exc:
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
        with connection.cursor() as cursor:
            cursor.execute(BUMP_SQL)
            row = cursor.fetchone()
        if row is None:
            created, _ = PageVersion.objects.get_or_create(
                pk=1, defaults={"number": _fresh_number()}
            )
            row = (created.number,)
    # This process reads the row (its own transaction's number) until the change commits;
    # then every process on this machine gets the new number from the file.
    _machine.forget()
    transaction.on_commit(lambda: _machine.raise_to(row[0]))


class _MachineCopy:
    """The version row's number as the app's processes on this machine last knew it, in a
    small file they share: reading it costs a few system calls instead of a round trip to the
    database, which on a cached page was most of the work.

    - After a change made through the app commits, ``bump()`` writes the new number here
      (never lowering it), so every worker sees the change on its next request.
    - Each process reads the row itself at least every ``PAGE_VERSION_RECHECK_MS`` and writes
      exactly what it read, but only if the file still holds what it held before the read
      (compare and swap): a number written meanwhile (a commit) is never overwritten by an
      older one, and no lock is held while the database answers. That read brings in what
      the file cannot see: a write only the triggers counted (psql, a bulk update), a command
      run on another machine, a restored backup (whose number may be lower).
    - A number read inside a transaction is never written: it may not be committed.
    - If the file cannot be used (or belongs to another user), every request reads the row,
      as with a recheck of 0.
    """

    def __init__(self):
        self._lock = threading.Lock()  # the descriptor is shared by this process's threads
        self._fd: int | None = None
        self._owner: tuple[int, str] | None = None  # (process, path) the descriptor is for
        self._checked = float("-inf")  # when this process last read the row
        self._broken = False
        self.clock = time.monotonic

    def _path(self) -> str:
        db = connection.settings_dict
        return _version_file(settings.PAGE_VERSION_FILE, db.get("HOST"), db.get("PORT"), db["NAME"])

    def _descriptor(self) -> int:
        owner = (os.getpid(), self._path())
        if self._owner != owner:  # a forked worker opens its own (flock is per opening)
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None
            fd = os.open(owner[1], os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
            try:
                if os.fstat(fd).st_uid != os.geteuid():  # planted by another user: not ours
                    raise PermissionError(f"{owner[1]} belongs to another user")
            except OSError:
                os.close(fd)
                raise
            self._fd, self._owner = fd, owner
            self._checked = float("-inf")
        return self._fd

    def _held(self, fd: int) -> int | None:
        data = os.pread(fd, 8, 0)
        return int.from_bytes(data, "little", signed=True) if len(data) == 8 else None

    def read(self) -> int | None:
        """The number, or None when this process must read the row (recheck due, or the
        file unusable)."""
        if self._broken:
            return None
        if (self.clock() - self._checked) * 1000 >= settings.PAGE_VERSION_RECHECK_MS:
            return None
        return self._peek()

    def _peek(self) -> int | None:
        """What the file holds (a writer holds its lock for a read and a write only)."""
        try:
            with self._lock:
                fd = self._descriptor()
                fcntl.flock(fd, fcntl.LOCK_SH)
                try:
                    return self._held(fd)
                finally:
                    fcntl.flock(fd, fcntl.LOCK_UN)
        except OSError as exc:
            self._give_up(exc)
            return None

    def refresh(self, read_row) -> int:
        """``read_row()``'s number, written to the file if it is committed and nothing else
        was written there meanwhile."""
        if self._broken or connection.in_atomic_block:
            return read_row()
        before = self._peek()
        number = read_row()  # no lock held while the database answers
        if self._broken:
            return number
        try:
            with self._lock:
                fd = self._descriptor()
                fcntl.flock(fd, fcntl.LOCK_EX)
                try:
                    if self._held(fd) == before:
                        os.pwrite(fd, number.to_bytes(8, "little", signed=True), 0)
                        self._checked = self.clock()
                finally:
                    fcntl.flock(fd, fcntl.LOCK_UN)
        except OSError as exc:
            self._give_up(exc)
        return number

    def raise_to(self, number: int) -> None:
        """A change committed with this number: never lower what the file holds."""
        if self._broken:
            return
        try:
            with self._lock:
                fd = self._descriptor()
                fcntl.flock(fd, fcntl.LOCK_EX)
                try:
                    held = self._held(fd)
                    if held is None or held < number:
                        os.pwrite(fd, number.to_bytes(8, "little", signed=True), 0)
                finally:
                    fcntl.flock(fd, fcntl.LOCK_UN)
        except OSError as exc:
            self._give_up(exc)

    def forget(self) -> None:
        """This process reads the row on its next request."""
        self._checked = float("-inf")

    def _give_up(self, exc: OSError) -> None:
        if exc.errno in (errno.EINTR, errno.EAGAIN):
            return
        log.warning("Page version file unusable, the row is read on every request: %s", exc)
        self._broken = True


@lru_cache(maxsize=16)
def _version_file(configured: str, host, port, name) -> str:
    """The file's path: as configured, else one per database in the temporary folder."""
    if configured:
        return configured
    digest = hashlib.sha256(f"{host}:{port}:{name}".encode()).hexdigest()[:16]
    return os.path.join(tempfile.gettempdir(), f"ellie-page-version-{digest}")


_machine = _MachineCopy()


class VersionMiddleware:
    """Read the version at most once per request, and only if something asks for it; and
    answer a repeat anonymous visit to a public page from the cache before the rest of the
    middleware runs (see ``WholePage``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _this_request.set([_UNREAD])
        try:
            page = _kept_page_for(request)
            if page is None:
                return self.get_response(request)
            cached = page.answer(request)
            if cached is not None:
                return cached
            response = self.get_response(request)
            page.keep(request, response)
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


def cached_response(request, render, *key_parts: object, query_allowed: bool = False):
    """The page from the cache, or ``render()`` (kept for the next anonymous visitor).

    ``key_parts`` tell apart pages at one address (e.g. a condition page's last change, or
    the query string a view accepted).
    """
    if not answers_from_cache(request, query_allowed=query_allowed):
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


def public_page(view=None, *, stamp=None, query=None):
    """A view whose page is the same for every anonymous visitor: cache it whole.

    ``stamp(request, **url_kwargs)``, if given, returns what else the page depends on beyond the
    version (e.g. a condition page's own last change, read in one query), or None when the
    page is not to be cached (it does not exist, or is not published).

    ``query(request)``, if given, lets pages with a query string be kept too: it returns the
    query as part of the key when the view knows every parameter and value in it, or None
    (the page is rendered afresh and never kept, so made-up queries cannot fill the cache).
    Without it, a page with a query string is always rendered afresh.
    """
    if view is None:
        return lambda view: public_page(view, stamp=stamp, query=query)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        def render():
            return view(request, *args, **kwargs)

        if query is not None and request.META.get("QUERY_STRING"):
            part = query(request)
            if part is None:
                return render()
            return cached_response(request, render, part, query_allowed=True)
        return cached_response(request, render)

    wrapped.public_page = stamp or _no_stamp
    wrapped.public_query = query
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

    def answer(self, request):
        entry = _kept(self.key)
        if entry is None:
            return None
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
            _keep(self.key, (response.content, headers))


class Slots:
    """What a view marked with ``slotted_page`` declares: the page's stamp (as for
    ``public_page``) and its slots, each a marker in the page and the function that gives a
    visit its value (``fill(request) -> str``, ASCII, the same length on every visit)."""

    def __init__(self, stamp, fills: dict[str, object]):
        self.stamp = stamp
        self.fills = fills


def slotted_page(*, slots: dict[str, object], stamp=None):
    """A view whose page is the same for every anonymous visitor but for a few per-visit
    values (a form's CSRF token and form token). The view sets ``response.page_with_slots``
    to the page as rendered with the markers in place of the values; the page is then kept
    with its slots and a repeat visit is answered by ``SlottedPage``."""

    def decorate(view):
        view.slotted_page = Slots(stamp or _no_stamp, slots)
        return view

    return decorate


class SlottedPage:
    """A page kept with slots for per-visit values, answered before the middleware: the
    kept body's static parts are compressed once, and each visit costs its own values, the
    CSRF cookie (Django's CSRF middleware, run around the answer) and the joining.

    The compressed answer is a gzip stream made of the static parts' deflate blocks, each
    compressed on its own, with the visit's values between them as *stored* blocks: the
    secrets are never compressed and share no compression window with anything else on the
    page, so the response's length does not depend on them at all (no BREACH). Headers are
    those the full stack gave the first visitor, but for the cookies, the length and the
    encoding.
    """

    DROPPED = frozenset(
        {"set-cookie", "date", "content-length", "content-encoding", "etag", "last-modified"}
    )
    GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # no name, no time
    FINAL_BLOCK = b"\x03\x00"  # an empty last block, after the byte-aligned flushes

    def __init__(self, key: str, number: int, slots: Slots):
        self.key = key
        self.number = number
        self.slots = slots

    def answer(self, request):
        entry = _kept(self.key)
        if entry is None:
            return None
        request._slotted_answer = (entry, self.slots)
        return _csrf_around_slotted(request)

    def keep(self, request, response) -> None:
        page = getattr(response, "page_with_slots", None)
        cookies = set(response.cookies) - {settings.CSRF_COOKIE_NAME}
        if (
            page is None
            or response.status_code != 200
            or cookies
            or version() != self.number
            or getattr(getattr(request, "session", None), "accessed", False)
        ):
            return
        headers = [(n, v) for n, v in response.items() if n.lower() not in self.DROPPED]
        _keep(self.key, (self._pieces(page), headers))

    def _pieces(self, page: str) -> tuple:
        """The page as static parts (bytes, deflated bytes) and markers, in order."""
        markers = list(self.slots.fills)
        pattern = "(" + "|".join(re.escape(marker) for marker in markers) + ")"
        pieces = []
        for part in re.split(pattern, page):
            if part in self.slots.fills:
                pieces.append(part)
            elif part:
                raw = part.encode()
                deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
                pieces.append((raw, deflate.compress(raw) + deflate.flush(zlib.Z_SYNC_FLUSH)))
        return tuple(pieces)

    @classmethod
    def fill(cls, request) -> HttpResponse:
        """This visit's page: the kept pieces with its values, compressed if it accepts."""
        (pieces, headers), slots = request._slotted_answer
        values = {marker: fill(request).encode() for marker, fill in slots.fills.items()}
        raw = [piece[0] if isinstance(piece, tuple) else values[piece] for piece in pieces]
        gzip = re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        if gzip:
            body = b"".join(cls._deflated(pieces, values))
            crc, size = 0, 0
            for part in raw:
                crc = zlib.crc32(part, crc)
                size += len(part)
            body = b"".join((cls.GZIP_HEADER, body, cls.FINAL_BLOCK, struct.pack("<II", crc, size)))
        else:
            body = b"".join(raw)
        response = HttpResponse(body)
        for name, value in headers:
            response.headers[name] = value
        if gzip:
            response.headers["Content-Encoding"] = "gzip"
        response.headers["Content-Length"] = str(len(body))
        return response

    @staticmethod
    def _deflated(pieces, values):
        for piece in pieces:
            if isinstance(piece, tuple):
                yield piece[1]
            else:
                value = values[piece]
                # A stored block: not final, no compression, its length then its complement.
                yield b"\x00" + struct.pack("<HH", len(value), len(value) ^ 0xFFFF) + value


# Django's CSRF middleware around the answer: it reads the visitor's CSRF cookie before the
# page asks for a token (``get_token``), and sets the cookie and ``Vary: Cookie`` after.
_csrf_around_slotted = CsrfViewMiddleware(SlottedPage.fill)


def _kept_page_for(request) -> WholePage | SlottedPage | None:
    """The kept page this request may be answered with, if its view is marked for it."""
    if request.method != "GET" or not answers_from_cache(request, query_allowed=True):
        return None
    path = request.path_info
    found = _resolved(settings.ROOT_URLCONF, path)
    if found is None:
        return None
    language, func, kwargs = found
    slotted = getattr(func, "slotted_page", None)
    stamp = slotted.stamp if slotted is not None else getattr(func, "public_page", None)
    if stamp is None:
        return None
    query = ""
    if slotted is None and request.META.get("QUERY_STRING"):
        accepted = getattr(func, "public_query", None)
        query = accepted(request) if accepted is not None else None
        if query is None:
            return None
    number = version()
    if number is None:
        return None
    extra = stamp(request, **kwargs)
    if extra is None:
        return None
    extra = f"{extra}\0{query}"
    digest = hashlib.sha256(f"{path}\0{extra}".encode()).hexdigest()[:32]
    if slotted is not None:
        key = f"{PAGE_KEY_PREFIX}:slotted:{release()}:{number}:{language}:{digest}"
        return SlottedPage(key, number, slotted)
    accepts = request.META.get("HTTP_ACCEPT_ENCODING", "")
    gzip = "gz" if re_accepts_gzip.search(accepts) else "id"
    key = f"{PAGE_KEY_PREFIX}:whole:{release()}:{number}:{language}:{gzip}:{digest}"
    return WholePage(key, number)


@lru_cache(maxsize=1024)
def _resolved(urlconf: str, path: str) -> tuple | None:
    """(language, view, keyword arguments) of a path, or None if no view answers it. Every
    public page is under i18n_patterns: the language is the path's. Kept per process (the
    URLs change only with the code), bounded."""
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            match = resolve(path, urlconf)
        except Resolver404:
            return None
    return language, match.func, match.kwargs


def _kept(key: str):
    entry = _recent.get(key)
    if entry is None:
        entry = cache.get(key)
        if entry is not None:
            _recent.put(key, entry)
    return entry


def _keep(key: str, entry) -> None:
    cache.set(key, entry, PAGE_TIMEOUT)
    _recent.put(key, entry)


class _Recent:
    """The last pages this process answered, kept in its memory as they are: an entry's key
    names its version, so it never changes, and a hit then costs the version read alone
    instead of fetching the page from the cache too (over the network with a shared cache;
    unpickled from the process's own memory cache without one). Bounded, least recently
    used out first."""

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
