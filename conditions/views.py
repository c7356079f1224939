import hashlib
from functools import cache

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
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
    row = _page_row(request, slug)
    if row is None:
        raise Http404("No published condition matches this address.")
    condition = _prepared().instance(row)
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
    # The version too (the page's footer shows the practice's details and hours), and the
    # release, so a deploy that changes how pages look is never answered with a stale 304.
    key = (
        f"{condition.pk}:{condition.last_changed.isoformat()}:{language}:{translations}:"
        f"{pagecache.release()}:{pagecache.version()}"
    )
    return quote_etag(hashlib.sha256(key.encode()).hexdigest()[:32])


def _page_stamp(request, slug: str) -> str | None:
    """What a published condition page shows beyond the version, with a shared cache: when
    it, its items and its published translations last changed (so an update that sent no
    signal still shows). None when there is no such published page. Read from the row as
    the database gave it: no ORM work on a cached visit.

    Without a shared cache the version row is the stamp: triggers move it on every write to
    these tables (migration conditions 0007), so a cached visit reads nothing more.
    """
    if settings.PAGE_VERSION_STORE == "database":
        return ""
    row = _page_row(request, slug)
    prepared = _prepared()
    if row is None or not row[prepared.position["is_published"]]:
        return None
    return ":".join(str(row[at]) for at in prepared.stamp_columns)


def _page_row(request, slug: str) -> tuple | None:
    """The page's row with its last changes, read once per request (the stamp and the
    view share it)."""
    known = getattr(request, "_condition_row", None)
    if known is None or known[0] != slug:
        known = (slug, _prepared().fetch(slug))
        request._condition_row = known
    return known[1]


class _PreparedRow:
    """`Condition.objects.with_last_modified().with_translations()` by slug, compiled by the
    ORM once per process and connection and run with a plain cursor; the model instance
    (the ORM's own conversions, annotations set) is built only when the page is rendered."""

    def __init__(self, wrapper):
        query = Condition.objects.filter(slug=_SLUG).with_last_modified().with_translations()
        compiler = query.query.get_compiler(connection=wrapper)
        self.sql, params = compiler.as_sql()
        self.params = list(params)
        self.slug_at = self.params.index(_SLUG)
        self.compiler = compiler
        start, end = (
            compiler.klass_info["select_fields"][0],
            compiler.klass_info["select_fields"][-1] + 1,
        )
        self.model_columns = slice(start, end)
        self.init_list = [column[0].target.attname for column in compiler.select[start:end]]
        self.position = {name: start + i for i, name in enumerate(self.init_list)}
        self.annotations = dict(compiler.annotation_col_map)
        self.converters = compiler.get_converters(
            [column[0] for column in compiler.select[: compiler.col_count]]
        )
        translated = [f"translated_{code}" for code, _ in TRANSLATION_LANGUAGES]
        self.stamp_columns = [
            self.position["id"],
            *(self.annotations[name] for name in ("last_modified", *translated)),
        ]

    def fetch(self, slug: str) -> tuple | None:
        params = list(self.params)
        params[self.slug_at] = slug
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            return cursor.fetchone()

    def instance(self, row: tuple) -> Condition:
        if self.converters:
            row = next(iter(self.compiler.apply_converters([row], self.converters)))
        condition = Condition.from_db(connection.alias, self.init_list, row[self.model_columns])
        for name, at in self.annotations.items():
            setattr(condition, name, row[at])
        return condition


_SLUG = "\0slug\0"


def _prepared() -> _PreparedRow:
    return _prepared_for(connections[DEFAULT_DB_ALIAS])


@cache
def _prepared_for(wrapper) -> _PreparedRow:
    return _PreparedRow(wrapper)


# Answered whole for anonymous visitors (ellie.pagecache.VersionMiddleware), keyed by the
# stamp as well as the version.
condition_detail.public_page = _page_stamp
