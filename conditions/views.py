import datetime as dt
import hashlib
from functools import cache

from django.conf import settings
from django.db.models import DateTimeField, Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
)
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from conditions.models import (
    TRANSLATION_LANGUAGES,
    Condition,
    ConditionTranslation,
    TranslatedPage,
    TranslationItem,
    page_prefetches,
)
from ellie import pagecache

DETAIL_TEMPLATE = "conditions/condition_detail.html"


@require_safe
@pagecache.public_page
def condition_list(request):
    context = {
        "conditions": Condition.objects.published().listing_in(get_language()),
        "canonical_url": request.build_absolute_uri(request.path),
    }
    return render(request, "conditions/condition_list.html", context)


@require_safe
def condition_detail(request, slug):
    condition = _page_row(request, slug)
    if condition is None:
        raise Http404("No published condition matches this address.")
    language = get_language()
    if not condition.is_published:
        return _draft_preview(request, condition)
    # The published translations (from the same query): this page's language, and the
    # others to link to. A change to any of them changes the ETag.
    published = condition.published_translations()
    if language != settings.LANGUAGE_CODE and language not in published:
        draft = _draft_translation(request, condition, language)
        if draft is not None:
            return draft
    changed = max([condition.last_changed, *published.values()])
    etag = _etag(condition, language, published)
    last_modified = int(changed.timestamp())
    # A repeat visit costs one query (two without a shared cache) and no rendering.
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:

        def render():
            prefetch_related_objects([condition], *page_prefetches())
            page = condition
            if language in published:
                page = TranslatedPage(condition, _translation(condition, language))
            return _render_page(request, page, published=published)

        # Read by its change (an update that sent no signal still shows): the page's
        # own ETag, which names its language and translations, is part of the key.
        response = pagecache.cached_response(request, render, etag)
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = http_date(last_modified)
    # Browsers may keep the page but must ask again, so a published change shows at once.
    patch_cache_control(response, public=True, no_cache=True)
    return response


def can_preview(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm("conditions.change_condition")


def _translation(condition: Condition, language: str) -> ConditionTranslation:
    return (
        ConditionTranslation.objects.filter(condition=condition, language=language)
        .prefetch_related(
            Prefetch("items", queryset=TranslationItem.objects.order_by("order", "pk"))
        )
        .get()
    )


def _draft_preview(request, condition):
    if not can_preview(request.user):
        raise Http404("No published condition matches this address.")
    prefetch_related_objects([condition], *page_prefetches())
    page = condition
    language = get_language()
    if (
        language != settings.LANGUAGE_CODE
        and condition.translations.filter(language=language).exists()
    ):
        page = TranslatedPage(condition, _translation(condition, language))
    response = _render_page(request, page, preview=True)
    add_never_cache_headers(response)
    return response


def _draft_translation(request, condition, language):
    """An editor sees the unpublished translation (marked as a draft); others the English
    page with a note."""
    if not can_preview(request.user):
        return None
    if not condition.translations.filter(language=language).exists():
        return None
    prefetch_related_objects([condition], *page_prefetches())
    page = TranslatedPage(condition, _translation(condition, language))
    response = _render_page(request, page, preview=True)
    add_never_cache_headers(response)
    return response


def _render_page(request, page, *, preview: bool = False, published=None):
    language = get_language()
    published = published or {}
    context = {
        "condition": page,
        "canonical_url": request.build_absolute_uri(request.path),
        "preview": preview,
        # Asked for in Spanish, shown in English: no published translation yet.
        "fallback": page.language != language,
        "translated_into": sorted(published),
        "site_language": language,
        "page_alternates": _alternates(request, page, published),
        "spanish_path": _url_in(page, "es"),
    }
    return render(request, DETAIL_TEMPLATE, context)


def _alternates(request, page, published) -> list[tuple[str, str]]:
    """hreflang links: English, and each language the page is published in."""
    english = request.build_absolute_uri(_url_in(page, settings.LANGUAGE_CODE))
    links = [("en", english)]
    for language in sorted(published):
        links.append((language, request.build_absolute_uri(_url_in(page, language))))
    return [*links, ("x-default", english)]


def _url_in(page, language: str) -> str:
    with translation.override(language):
        return reverse("conditions:condition_detail", args=[page.slug])


def _etag(condition: Condition, language: str = "en", published: dict | None = None) -> str:
    translations = ",".join(f"{k}={v.isoformat()}" for k, v in sorted((published or {}).items()))
    # The version too: the page's footer shows the practice's details and hours.
    key = (
        f"{condition.pk}:{condition.last_changed.isoformat()}:{language}:{translations}:"
        f"{_release()}:{pagecache.version()}"
    )
    return quote_etag(hashlib.sha256(key.encode()).hexdigest()[:32])


def _page_stamp(request, slug: str) -> str | None:
    """What a published condition page shows beyond the version: when it, its items and
    its published translations last changed (so an update that sent no signal still
    shows). None when there is no such published page."""
    condition = _page_row(request, slug)
    if condition is None or not condition.is_published:
        return None
    changed = sorted(condition.published_translations().items())
    return f"{condition.pk}:{condition.last_changed.isoformat()}:{changed}"


def _page_row(request, slug: str) -> Condition | None:
    """The page's row with its last changes (`with_last_modified`, `with_translations`), in
    one query compiled once per process, read once per request (the stamp and the view
    share it)."""
    known = getattr(request, "_condition_row", None)
    if known is not None and known[0] == slug:
        return known[1]
    sql, params, at = _row_query()
    params = list(params)
    params[at] = slug
    condition = next(iter(Condition.objects.raw(sql, params)), None)
    if condition is not None:
        # A raw query converts the model's own columns only: the annotated times too.
        annotated = [f"translated_{code}" for code, _ in TRANSLATION_LANGUAGES]
        for name in ("last_modified", *annotated):
            setattr(condition, name, _aware(getattr(condition, name)))
    request._condition_row = (slug, condition)
    return condition


def _aware(value):
    if value is None:
        return None
    moment = DateTimeField().to_python(value)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, dt.timezone.utc)


_SLUG = "\0slug\0"


@cache
def _row_query() -> tuple[str, tuple, int]:
    query = Condition.objects.filter(slug=_SLUG).with_last_modified().with_translations().query
    sql, params = query.sql_with_params()
    return sql, params, params.index(_SLUG)


def _release() -> str:
    """Changes when the page's templates, stylesheet or translations change: part of the
    ETag, so a deploy that changes how pages look is never answered with a stale 304."""
    return pagecache.release()


# Answered whole for anonymous visitors (ellie.pagecache.VersionMiddleware), keyed by the
# stamp as well as the version.
condition_detail.public_page = _page_stamp
