"""Clinicians signed in for tests, and the links in the emails they were sent."""

import re

from clinicians import access, services
from outbox.models import OutboxMessage

LINK_RE = re.compile(r"https?://\S+/for-clinicians/(sign-in|check-in)/([A-Za-z0-9_-]+)/")


def links_in(kind: str) -> list[str]:
    """The tokens in the outbox messages of this kind, oldest first."""
    tokens = []
    for message in OutboxMessage.objects.filter(kind=kind).order_by("id"):
        tokens += [match.group(2) for match in LINK_RE.finditer(message.body)]
    return tokens


def last_link(kind: str) -> str:
    return links_in(kind)[-1]


def sign_in_clinician(client, clinician):
    """Sign a clinician in on `client` the way a clinician does: by an emailed link."""
    assert services.request_sign_in_link(email=clinician.email)
    token = last_link(OutboxMessage.Kind.CLINICIAN_SIGN_IN)
    response = client.post(f"/for-clinicians/sign-in/{token}/")
    assert response.status_code == 302, response.status_code
    assert access.cookie_name() in response.cookies
    return client


def make_referral(*, clinician=None, request=None, **kwargs):
    """An open referral of `request` (a new one by default) to `clinician`."""
    from django.utils import timezone

    from clinicians.models import Referral
    from tests.factories import ClinicianFactory, IntakeRequestFactory

    clinician = clinician or ClinicianFactory()
    request = request or IntakeRequestFactory()
    now = timezone.now()
    defaults = {"offered_at": now, "deadline_at": now + timezone.timedelta(days=2)}
    return Referral.objects.create(request=request, clinician=clinician, **{**defaults, **kwargs})


def walk_referral() -> int:
    """For the URL walk: a referral of the most recently signed-in clinician, if any."""
    from clinicians.models import ClinicianSession
    from tests.factories import ClinicianFactory

    session = ClinicianSession.objects.order_by("-id").first()
    clinician = session.clinician if session else ClinicianFactory()
    return make_referral(clinician=clinician).pk
