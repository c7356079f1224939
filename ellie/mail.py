"""Outgoing mail: which backends may be used, and the headers every automatic email carries.

The outbox worker (`manage.py deliver_outbox`) is the only thing that sends mail. With DEBUG
off it refuses to start, and `check --deploy` fails (ellie.E001), while the backend is one
that never delivers: the console backend in particular prints every message, recipients
included, into the logs.
"""

from __future__ import annotations

from email.utils import make_msgid, parseaddr
from urllib.parse import urlsplit

# Django's backends that never reach anyone, and what each does instead. (Django's test
# runner swaps in the in-memory backend; it keeps messages inside the process and is not
# reachable from these settings by accident.)
NON_DELIVERING_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend": "prints every message, recipients "
    "included, to the console (and so into the logs)",
    "django.core.mail.backends.filebased.EmailBackend": "writes every message to a file",
    "django.core.mail.backends.dummy.EmailBackend": "throws every message away",
}

LOCAL_DOMAINS = {"localhost", "localhost.localdomain", "127.0.0.1", "[127.0.0.1]", "::1", "[::1]"}


def undelivered_reason(backend: str, *, debug: bool) -> str | None:
    """Why mail would reach nobody with this backend, or None when it may be used.

    With DEBUG on any backend is fine (`make run` prints mail to its console on purpose).
    """
    if debug:
        return None
    what = NON_DELIVERING_BACKENDS.get(backend)
    return f"EMAIL_BACKEND {backend} {what}" if what else None


def refuse_without_delivery(backend: str, *, debug: bool, doing: str = "Not sending") -> None:
    """Stop a mail-sending command before anything is sent while mail would reach nobody
    (the console backend would also print every recipient into the logs)."""
    from django.core.management.base import CommandError

    reason = undelivered_reason(backend, debug=debug)
    if reason:
        raise CommandError(
            f"{doing}: {reason}, and DEBUG is off. Set EMAIL_HOST (or EMAIL_BACKEND) "
            "to a mail server; messages wait in the outbox until then. "
            "See docs/operations.md."
        )


def is_local_domain(domain: str) -> bool:
    """True for a domain that names the machine itself rather than the practice."""
    domain = domain.strip().lower().rstrip(".")
    return not domain or domain in LOCAL_DOMAINS or domain.endswith(".localhost")


def local_addresses(addresses: list[str]) -> list[str]:
    """The addresses among `addresses` whose domain is this machine (or that have none)."""
    found = []
    for original in addresses:
        address = parseaddr(original)[1]
        domain = address.rpartition("@")[2] if "@" in address else ""
        if is_local_domain(domain):
            found.append(original)
    return found


def site_domain(site_url: str) -> str:
    """The host name of SITE_URL: the domain our Message-IDs are made in."""
    return (urlsplit(site_url).hostname or "").lower()


def automatic_headers(site_url: str) -> dict[str, str]:
    """Headers for an email a program sent, not a person.

    `Auto-Submitted: auto-generated` (RFC 3834) tells mail servers and out-of-office
    responders not to answer it (Exchange reads `X-Auto-Response-Suppress` instead). The
    Message-ID is made in the site's own domain, never the server's host name.
    """
    domain = site_domain(site_url)
    return {
        "Auto-Submitted": "auto-generated",
        "X-Auto-Response-Suppress": "OOF, AutoReply",
        "Message-ID": make_msgid(domain=domain) if domain else make_msgid(),
    }
