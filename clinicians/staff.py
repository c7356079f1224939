"""What staff read about clinicians' availability (docs/clinicians.md)."""

from __future__ import annotations

import datetime

from django.db.models import F, Max, OuterRef, Q, Subquery
from django.utils import timezone

from clinicians.models import ClinicianEvent, ClinicianLink
from matching import scoring
from matching.models import Clinician


def needs_confirming(today: datetime.date | None = None) -> dict:
    """Active clinicians no longer offered as matches (availability unconfirmed), and those
    whose availability is stale enough to carry a caution, oldest first."""
    today = today or timezone.localdate()
    caution_since = today - datetime.timedelta(days=scoring.STALE_AFTER_DAYS)
    clinicians = (
        Clinician.objects.active()
        .filter(Q(availability_confirmed_on=None) | Q(availability_confirmed_on__lt=caution_since))
        .annotate(
            last_asked=Max(
                "links__created_at", filter=Q(links__purpose=ClinicianLink.Purpose.CHECK_IN)
            ),
            # Why a clinician's availability was last treated as unconfirmed, if it was.
            flagged_for=Subquery(
                ClinicianEvent.objects.filter(
                    clinician=OuterRef("pk"), action=ClinicianEvent.Action.FLAGGED
                )
                .order_by("-at", "-id")
                .values("detail")[:1]
            ),
        )
        # Never confirmed first, on every database (PostgreSQL puts NULL last otherwise).
        .order_by(
            F("availability_confirmed_on").asc(nulls_first=True), "last_name", "first_name", "id"
        )
    )
    rows = []
    for clinician in clinicians:
        confirmed = clinician.availability_confirmed_on
        rows.append(
            {
                "clinician": clinician,
                "unlisted": scoring.is_unconfirmed(confirmed, today),
                "confirmed": (
                    scoring.days_ago_phrase((today - confirmed).days) if confirmed else "never"
                ),
                "last_asked": clinician.last_asked,
                "flagged_for": clinician.flagged_for if confirmed is None else "",
            }
        )
    rows.sort(key=lambda row: not row["unlisted"])
    return {
        "rows": rows,
        "unlisted": sum(row["unlisted"] for row in rows),
        "limit_days": scoring.unconfirmed_after_days(),
        "caution_days": scoring.STALE_AFTER_DAYS,
    }
