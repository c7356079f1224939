"""Staff pages about clinicians (Intake staff only): who needs confirming, who to chase."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from clinicians import referrals, staff
from intake.models import MatchRequest
from intake.staff.access import intake_staff_required


@intake_staff_required
def needs_confirming(request: HttpRequest) -> HttpResponse:
    return render(request, "clinicians/staff_needs_confirming.html", staff.needs_confirming())


@intake_staff_required
@require_POST
def refer(request: HttpRequest, pk: int) -> HttpResponse:
    """Offer the request to its first choice who fits (or the next one, after others)."""
    match_request = get_object_or_404(MatchRequest, pk=pk)
    referral = referrals.offer(request=match_request, staff=request.user)
    if referral is None:
        messages.info(
            request,
            "No referral sent: one is already waiting for an answer, or no chosen or matched "
            "clinician who still fits is left.",
        )
    else:
        messages.success(request, f"Referral sent to {referral.clinician.full_name}.")
    return redirect(reverse("staff:review", args=[pk]) + "#referrals")
