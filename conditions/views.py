import hashlib
from functools import cache

from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import get_template
from django.templatetags.static import static
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
)
from django.utils.http import http_date, quote_etag
from django.views.decorators.http import require_safe

from conditions.models import Condition, page_prefetches
from ellie import pagecache

DETAIL_TEMPLATE = "conditions/condition_detail.html"


@require_safe
@pagecache.public_page
def condition_list(request):
    context = {
        "conditions": Condition.objects.published().for_listing(),
        "canonical_url": request.build_absolute_uri(request.path),
    }
    return render(request, "conditions/condition_list.html", context)


@require_safe
def condition_detail(request, slug):
    condition = get_object_or_404(Condition.objects.with_last_modified(), slug=slug)
    if not condition.is_published:
        return _draft_preview(request, condition)

    etag = _etag(condition)
    last_modified = int(condition.last_changed.timestamp())
    # A repeat visit costs one query (two without a shared cache) and no rendering.
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:

        def render():
            prefetch_related_objects([condition], *page_prefetches())
            return _render_page(request, condition)

        # Read by its change (an update that sent no signal still shows): the page's
        # own ETag is part of the key, beside the version.
        response = pagecache.cached_response(request, render, etag)
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = http_date(last_modified)
    # Browsers may keep the page but must ask again, so a published change shows at once.
    patch_cache_control(response, public=True, no_cache=True)
    return response


def can_preview(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm("conditions.change_condition")


def _draft_preview(request, condition):
    if not can_preview(request.user):
        raise Http404("No published condition matches this address.")
    prefetch_related_objects([condition], *page_prefetches())
    response = _render_page(request, condition, preview=True)
    add_never_cache_headers(response)
    return response


def _render_page(request, condition: Condition, *, preview: bool = False):
    context = {
        "condition": condition,
        "canonical_url": request.build_absolute_uri(condition.get_absolute_url()),
        "preview": preview,
    }
    return render(request, DETAIL_TEMPLATE, context)


def _etag(condition: Condition) -> str:
    # The version too: the page's footer shows the practice's details and hours.
    key = f"{condition.pk}:{condition.last_changed.isoformat()}:{_release()}:{pagecache.version()}"
    return quote_etag(hashlib.sha256(key.encode()).hexdigest()[:32])


@cache
def _release() -> str:
    """Changes when the page's templates or stylesheet change.

    Part of the ETag, so a deploy that changes how pages look is never answered with a
    stale 304.
    """
    parts = [
        get_template(name).template.source
        for name in (DETAIL_TEMPLATE, "base.html", "includes/crisis_strip.html")
    ]
    parts.append(static("css/ellie.css"))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]
