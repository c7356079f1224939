"""Demo content for a laptop (``manage.py load_demo``, run by ``make run``; never in production).

Creates the demo Intake staff account ``intake-demo`` with a fresh random password each
time (printed, never stored anywhere else), and a handful of made-up requests so the
queue is not empty. Safe to run again: the requests are made once.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ellie.auth import reset_demo_account
from intake.models import MatchRequest, RequestMatch
from intake.staff.access import INTAKE_STAFF

USERNAME = "intake-demo"

# (token, hours ago, urgent, safety, concerns, first name, format)
DEMO_REQUESTS = [
    ("demo-request-1", 1, True, "right_now", ["self-harm", "depression"], "Sam", "telehealth"),
    ("demo-request-2", 5, True, "any_yes", ["suicidal-thoughts"], "Jordan", "either"),
    ("demo-request-3", 3, False, "none", ["anxiety"], "Alex", "telehealth"),
    ("demo-request-4", 30, False, "none", ["trauma-ptsd", "anxiety"], "Casey", "in_person"),
    ("demo-request-5", 80, False, "none", ["eating-disorders"], "Riley", "telehealth"),
    ("demo-request-6", 8, True, "none", ["self-harm"], "Morgan", "telehealth"),
]


def load(stdout) -> None:
    password = _demo_account()
    created = _demo_requests()
    stdout.write(
        "\n"
        "  Intake staff demo account (development only)\n"
        f"    log in at /accounts/login/ then open /staff/\n"
        f"    username: {USERNAME}\n"
        f"    password: {password}\n"
        "  A new password is made every time demo content is loaded.\n"
    )
    if created:
        stdout.write(f"  Added {created} demo match requests to the queue.\n")


def _demo_account() -> str:
    return reset_demo_account(USERNAME, first_name="Demo", last_name="Intake", group=INTAKE_STAFF)


@transaction.atomic
def _demo_requests() -> int:
    from matching.models import Carrier, Clinician, Specialty

    now = timezone.now()
    carrier = Carrier.objects.filter(slug="aetna").first()
    clinicians = list(Clinician.objects.filter(is_active=True).order_by("pk")[:3])
    created = 0
    for token, hours, urgent, safety, concerns, name, session_format in DEMO_REQUESTS:
        if MatchRequest.objects.filter(form_token=token).exists():
            continue
        right_now = safety == "right_now"
        match_request = MatchRequest.objects.create(
            form_token=token,
            created_at=now - dt.timedelta(hours=hours),
            urgent=urgent,
            urgent_reason=(
                "safety_right_now"
                if right_now
                else "safety_screen"
                if safety == "any_yes"
                else "concern"
                if urgent
                else ""
            ),
            safety=safety,
            asq_wished_dead="yes" if safety != "none" else "no",
            asq_better_off_dead="no",
            asq_thoughts_of_suicide="yes" if safety != "none" else "no",
            asq_ever_attempted="no",
            asq_right_now=("yes" if right_now else "no") if safety != "none" else "",
            format=session_format,
            state="MN",
            zip_code="55401" if session_format != "telehealth" else "",
            date_of_birth=dt.date(1994, 3, 14),
            age_group="adult",
            payment=MatchRequest.Payment.INSURANCE if carrier else MatchRequest.Payment.SELF_PAY,
            carrier=carrier,
            first_name=name,
            email=f"{name.lower()}@example.org",
            contact_method="email",
            voicemail_ok=False,
            consent_to_contact=True,
            chosen_at=now - dt.timedelta(hours=hours) if clinicians else None,
            staff_choose=not clinicians,
        )
        match_request.concerns.set(Specialty.objects.filter(slug__in=concerns))
        RequestMatch.objects.bulk_create(
            RequestMatch(
                request=match_request,
                clinician=clinician,
                clinician_name=clinician.display_name,
                rank=rank,
                score=90 - 5 * rank,
                reasons=["Licensed in Minnesota", "Offers telehealth"],
                cautions=[],
                chosen=rank <= 2,
            )
            for rank, clinician in enumerate(clinicians, start=1)
        )
        created += 1
    return created
