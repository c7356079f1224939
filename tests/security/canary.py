"""Privacy helpers: prove that identifiable values go nowhere they should not.

    with capture_outputs() as seen:
        client.post("/get-matched/", {"first_name": "Canary Zebulon", ...})
        ...
    seen.add("audit", *AuditEntry.objects.values_list("action", flat=True))
    seen.assert_absent("Canary Zebulon", "canary.zebulon@example.org", "555-0142")

`capture_outputs` collects, while it is open: every log record of every logger at every
level, whatever the configured levels (message, arguments, exception text and extra
attributes such as the request; after the logger's own filters, which may clean a record), every
URL requested and every redirect Location, and the body of every error page (4xx/5xx).
Email subjects and bodies come from the test outbox. Values are also searched for in their
URL-encoded and HTML-escaped forms.

`rows_containing(canaries, models)` searches the text columns of the given models, and
`foreign_resources(html)` lists what a page would load from another host.
"""

from __future__ import annotations

import html
import logging
import traceback
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, quote_plus, urlsplit

from django.core import mail
from django.core.handlers.base import BaseHandler
from django.db import models

_STANDARD_RECORD_KEYS = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def _record_text(record: logging.LogRecord) -> str:
    try:
        parts = [record.getMessage()]
    except Exception:  # noqa: BLE001 - a malformed record still shows its raw parts
        parts = [str(record.msg), repr(record.args)]
    if record.exc_info:
        parts.append("".join(traceback.format_exception(*record.exc_info)))
    if record.stack_info:
        parts.append(record.stack_info)
    parts += [f"{k}={v!r}" for k, v in vars(record).items() if k not in _STANDARD_RECORD_KEYS]
    return f"{record.levelname} {record.name}: " + "\n".join(parts)


def variants(value: str) -> set[str]:
    """The forms a value takes in URLs and pages."""
    return {
        v for v in (value, quote(value), quote_plus(value), html.escape(value), value.lower()) if v
    }


@dataclass
class Captured:
    logs: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    error_pages: list[str] = field(default_factory=list)
    extra: dict[str, list[str]] = field(default_factory=dict)

    @property
    def emails(self) -> list[str]:
        texts = []
        for message in getattr(mail, "outbox", []):
            alternatives = [str(c) for c, _ in getattr(message, "alternatives", [])]
            texts.append("\n".join([message.subject, message.body, *alternatives]))
        return texts

    def add(self, label: str, *texts: object) -> None:
        """Search these too (audit rows, a file, a rendered template, ...)."""
        self.extra.setdefault(label, []).extend(str(t) for t in texts)

    def sources(self) -> dict[str, list[str]]:
        return {
            "log": self.logs,
            "email": self.emails,
            "url": self.urls,
            "error page": self.error_pages,
            **self.extra,
        }

    def find(self, *canaries: str) -> list[str]:
        """Where each canary turned up, as readable lines ([] when nowhere)."""
        found = []
        for source, texts in self.sources().items():
            for text in texts:
                lowered = text.lower()
                for canary in canaries:
                    if any(v.lower() in lowered for v in variants(canary)):
                        found.append(f"{canary!r} in {source}: {text[:300]!r}")
        return found

    def assert_absent(self, *canaries: str) -> None:
        found = self.find(*canaries)
        assert not found, "identifiable values leaked:\n" + "\n".join(found)


@contextmanager
def capture_outputs():
    """Collect logs (all loggers, all levels), URLs, redirects and error pages."""
    seen = Captured()
    original_enabled = logging.Logger.isEnabledFor
    original_handle = logging.Logger.handle
    original_get_response = BaseHandler.get_response

    def every_level(self, level):
        return True

    def handle(self, record):
        # The logger's own filters run first: a record they drop or clean goes nowhere else.
        kept = self.filter(record)
        if kept:
            seen.logs.append(_record_text(kept if isinstance(kept, logging.LogRecord) else record))
        if original_enabled(self, record.levelno):
            original_handle(self, record)

    def get_response(self, request):
        response = original_get_response(self, request)
        seen.urls.append(request.get_full_path())
        if response.has_header("Location"):
            seen.urls.append(response["Location"])
        if response.status_code >= 400 and not response.streaming:
            seen.error_pages.append(response.content.decode(errors="replace"))
        return response

    logging.Logger.isEnabledFor = every_level
    logging.Logger.handle = handle
    BaseHandler.get_response = get_response
    try:
        yield seen
    finally:
        logging.Logger.isEnabledFor = original_enabled
        logging.Logger.handle = original_handle
        BaseHandler.get_response = original_get_response


TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.GenericIPAddressField)


def rows_containing(canaries: Iterable[str], model_classes: Iterable[type[models.Model]]):
    """(model, pk, field) for every text column of these models that holds a canary."""
    canaries = list(canaries)
    hits = []
    for model in model_classes:
        text_fields = [f for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        for row in model._default_manager.all():
            for f in text_fields:
                value = str(getattr(row, f.attname) or "").lower()
                if any(c.lower() in value for c in canaries):
                    hits.append((model.__name__, row.pk, f.name))
    return hits


# Attributes through which a page makes the browser fetch something.
_FETCHING = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "form": ("action",),
    "input": ("src", "formaction"),
    "button": ("formaction",),
}


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.fetched: list[str] = []
        self.anchors: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        rel = set((attrs.get("rel") or "").lower().split())
        if tag == "link" and rel and rel <= {"canonical", "alternate"}:
            return  # names this page's address for search engines; never fetched
        for name in _FETCHING.get(tag, ()):
            for url in (attrs.get(name) or "").split(","):
                if url.strip():
                    self.fetched.append(url.strip().split()[0])
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            self.fetched.append((attrs.get("content") or "").partition("url=")[2])
        if tag in ("a", "area") and attrs.get("href"):
            self.anchors.append((attrs["href"], attrs.get("rel") or ""))


def _is_foreign(url: str) -> bool:
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme not in ("", "data", "tel", "sms", "mailto")


def foreign_resources(page_html: str) -> list[str]:
    """URLs on another host that this page would make the browser fetch or post to."""
    parser = _Links()
    parser.feed(page_html)
    return [url for url in parser.fetched if url and _is_foreign(url)]


def foreign_links(page_html: str) -> list[str]:
    """Hosts of links (a, area) to other sites: navigation only, sent without a referrer."""
    parser = _Links()
    parser.feed(page_html)
    return [urlsplit(href).netloc for href, _ in parser.anchors if urlsplit(href).netloc]
