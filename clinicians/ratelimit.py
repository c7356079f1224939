"""Sign-in link requests per address (the same hashed counter as the public form's)."""

from django.conf import settings

from intake.antispam import count, over_limit

SCOPE = "clinicians:link-requests"


def link_requests_limited(address: str) -> bool:
    return over_limit(SCOPE, address, limit=settings.CLINICIAN_LINK_RATE_LIMIT)


def count_link_request(address: str) -> None:
    count(SCOPE, address, window=settings.CLINICIAN_LINK_RATE_WINDOW)
