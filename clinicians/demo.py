"""Demo content for the clinicians' side (`manage.py load_demo`, after the demo requests):
Maya Lindqvist gets an open referral from one demo request. Safe to run again."""

from __future__ import annotations

from clinicians import referrals
from intake.models import MatchRequest

DEMO_REQUEST_TOKEN = "demo-request-3"  # noqa: S105 - a demo form token, no secret


def load(stdout) -> None:
    request = MatchRequest.objects.filter(form_token=DEMO_REQUEST_TOKEN).first()
    if request is not None and not request.referrals.exists():
        referral = referrals.offer(request=request)
        if referral is not None:
            stdout.write(f"  A demo referral waits for {referral.clinician.full_name}.\n")
    open_referral = (
        request.referrals.open().select_related("clinician").first() if request else None
    )
    if open_referral is not None:
        stdout.write(
            "\n"
            "  Clinicians sign in at /for-clinicians/ by an emailed link, e.g. as\n"
            f"    {open_referral.clinician.email}\n"
            "  Emails (sign-in links, check-ins, referrals) are printed in this console.\n"
        )
