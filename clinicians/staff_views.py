"""Staff pages about clinicians (Intake staff only): who needs confirming, who to chase."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clinicians import staff
from intake.access import intake_staff_required


@intake_staff_required
def needs_confirming(request: HttpRequest) -> HttpResponse:
    return render(request, "clinicians/staff_needs_confirming.html", staff.needs_confirming())
