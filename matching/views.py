from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from matching.models import Clinician


@require_safe
def clinician_list(request):
    clinicians = Clinician.objects.active().for_profile()[:50]
    return render(request, "matching/clinician_list.html", {"clinicians": clinicians})


@require_safe
def clinician_detail(request, slug: str):
    clinician = get_object_or_404(Clinician.objects.active().for_profile(), slug=slug)
    return render(request, "matching/clinician_detail.html", {"clinician": clinician})
