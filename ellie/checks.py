"""Deployment checks of our own, run by `manage.py check --deploy`."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from ellie.mail import is_local_domain, local_addresses, site_domain, undelivered_reason

MAIL_HINT = (
    "Set EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS) for "
    "your mail server, or EMAIL_BACKEND to a backend that delivers; see docs/operations.md."
)


@register(Tags.security, deploy=True)
def second_factor_is_required(app_configs, **kwargs):
    if settings.REQUIRE_2FA:
        return []
    return [
        Warning(
            "REQUIRE_2FA is off: staff and admin pages open with a password alone.",
            hint="Unset REQUIRE_2FA (it is on whenever DEBUG is off) and enrol each staff "
            "member with `manage.py enrol_totp USERNAME`.",
            id="ellie.W001",
        )
    ]


@register(Tags.security, deploy=True)
def mail_is_delivered(app_configs, **kwargs):
    """With DEBUG off, mail must go to a mail server: never the console, a file or nowhere."""
    reason = undelivered_reason(settings.EMAIL_BACKEND, debug=settings.DEBUG)
    if reason is None:
        return []
    return [
        Error(
            f"{reason}: staff notices and confirmations would never arrive. The outbox "
            "worker refuses to start this way.",
            hint=MAIL_HINT,
            id="ellie.E001",
        )
    ]


@register(Tags.security, deploy=True)
def mail_addresses_are_real(app_configs, **kwargs):
    """Sender, staff recipients and the site address must name the practice, not this host."""
    problems = []
    if local_addresses([settings.DEFAULT_FROM_EMAIL]):
        problems.append(
            Warning(
                f"DEFAULT_FROM_EMAIL is {settings.DEFAULT_FROM_EMAIL!r}: mail from localhost "
                "is refused or marked as spam by most mail servers.",
                hint="Set DEFAULT_FROM_EMAIL to an address at the practice's domain, e.g. "
                "'Ellie Mental Health <intake@ellie.example.org>'.",
                id="ellie.W002",
            )
        )
    local = local_addresses(list(settings.INTAKE_NOTIFY_EMAILS))
    if local or not settings.INTAKE_NOTIFY_EMAILS:
        problems.append(
            Warning(
                "INTAKE_NOTIFY_EMAILS names no real mailbox "
                f"({', '.join(local) or 'it is empty'}): nobody hears that a request is waiting.",
                hint="Set INTAKE_NOTIFY_EMAILS to the intake team's addresses, comma-separated.",
                id="ellie.W003",
            )
        )
    if is_local_domain(site_domain(settings.SITE_URL)):
        problems.append(
            Warning(
                f"SITE_URL is {settings.SITE_URL!r}: links in staff emails would point at "
                "this machine.",
                hint="Set SITE_URL to the public address, e.g. https://ellie.example.org.",
                id="ellie.W004",
            )
        )
    return problems
