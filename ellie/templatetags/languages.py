"""The language switcher and the hreflang alternates of a public page.

Every public page has an English address and a Spanish one under /es/ with the same slugs;
these tags work out the current page's address in each language. They read only the
request, so the error pages (rendered without context processors) have them too.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from django import template
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation

register = template.Library()


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str  # in its own language: "English", "Español"
    path: str  # the current page in that language, query string kept
    current: bool


def page_in(path_with_query: str, language: str) -> str:
    """The same public page in ``language``: "/conditions/x/?a=1" -> "/es/conditions/x/?a=1".

    A path that is not a public page (or not a page at all) goes to that language's home.
    """
    parts = urlsplit(path_with_query)
    try:
        match = resolve(parts.path)  # in the page's own language
    except Resolver404:
        match = None
    with translation.override(language):
        try:
            home = reverse("home")
        except NoReverseMatch:  # a stripped-down URLconf (the 500 page renders anyway)
            return "/"
        if match is None:
            return home
        name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
        try:
            path = reverse(name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return home
    if language != settings.LANGUAGE_CODE and not path.startswith(f"/{language}/"):
        return home  # an English-only address (staff, sign-in, the quick exit)
    return urlunsplit(("", "", path, parts.query, ""))


def language_links_for(request) -> list[LanguageLink]:
    current = translation.get_language()
    full_path = request.get_full_path() if request is not None else "/"
    return [
        LanguageLink(code, name, page_in(full_path, code), code == current)
        for code, name in settings.LANGUAGES
    ]


@register.simple_tag(takes_context=True)
def language_links(context) -> list[LanguageLink]:
    return language_links_for(context.get("request"))


@register.simple_tag(takes_context=True)
def alternate_urls(context) -> list[tuple[str, str]]:
    """(hreflang, absolute URL) for each language, then x-default (English)."""
    request = context.get("request")
    if request is None:
        return []
    try:
        links = [
            (link.code, request.build_absolute_uri(urlsplit(link.path).path))
            for link in language_links_for(request)
        ]
    except DisallowedHost:  # the 400 page for a request with a host that is not ours
        return []
    return [*links, ("x-default", links[0][1])]
