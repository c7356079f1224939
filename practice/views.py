from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_safe

from ellie.pagecache import public_page
from practice.models import PracticePage


def can_preview(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm("practice.change_practicepage")


@require_safe
@public_page
def page_detail(request, slug: str):
    """A practice page; a draft only for content editors, as a marked preview."""
    page = get_object_or_404(PracticePage.objects.prefetch_related("sections"), slug=slug)
    preview = not page.is_published
    if preview and not can_preview(request.user):
        raise Http404("No published page matches this address.")
    context = {
        "page": page,
        "preview": preview,
        "canonical_url": request.build_absolute_uri(page.get_absolute_url()),
    }
    response = render(request, "practice/practicepage_detail.html", context)
    if preview:
        add_never_cache_headers(response)
    else:
        # Browsers may keep the page but ask again, so an edit shows at once.
        patch_cache_control(response, public=True, no_cache=True)
    return response
