"""Sign-in link requests per address: the public form's atomic, hashed counter."""

from django.conf import settings

from intake.antispam import bump, hashed


def count_link_request(address: str) -> bool:
    """Count one more request from ``address``; True when it is over the limit."""
    count = bump(
        hashed("clinician-link", address), window_seconds=settings.CLINICIAN_LINK_RATE_WINDOW
    )
    return count > settings.CLINICIAN_LINK_RATE_LIMIT
