from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from ellie.pagecache import public_page
from matching.forms import DirectoryFilterForm
from matching.models import Clinician

PAGE_SIZE = 20


@require_safe
def clinician_list(request):
    form = DirectoryFilterForm(request.GET or None)
    clinicians = Clinician.objects.active()
    if form.is_bound:
        form.is_valid()  # invalid filters are shown as errors and left out
        clinicians = form.filter(clinicians)
    page = Paginator(clinicians.for_card(), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "matching/clinician_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@require_safe
@public_page
def clinician_detail(request, slug: str):
    clinician = get_object_or_404(Clinician.objects.active().for_profile(), slug=slug)
    return render(request, "matching/clinician_detail.html", {"clinician": clinician})
