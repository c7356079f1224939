"""Walk every URL pattern of a URLconf and check who each one lets in.

Reusable pieces:

- `routes()` lists every pattern (recursively, admin included) with a concrete URL built from
  sample values: `SAMPLE_VALUES` per converter, overridable per route name and argument, so a
  URL carrying an id, slug or token can point at an object that exists.
- `refusal_problems(client, url, expect=...)` says what is wrong with how a URL answers.
- `assert_refuses(...)`, `assert_token_is_unguessable(...)` (a token in the URL) and
  `assert_cookie_token_is_unguessable(...)` (a token in a cookie) are per-object checks for
  tests of pages that carry an id or a token.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import converters, get_resolver, resolve
from django.urls.resolvers import (
    _PATH_PARAMETER_COMPONENT_RE,
    LocalePrefixPattern,
    RegexPattern,
    RoutePattern,
    URLPattern,
    URLResolver,
)
from django.utils import translation
from django.utils.regex_helper import normalize

from ellie.auth import VERIFY_URL

# Values tried for an argument, first one that fits the pattern wins.
SAMPLE_VALUES: dict[type, str] = {
    converters.IntConverter: "1",
    converters.SlugConverter: "sample-slug",
    converters.UUIDConverter: "00000000-0000-4000-8000-000000000000",
    converters.PathConverter: "1",
    converters.StringConverter: "sample",
}
FALLBACK_CANDIDATES = (
    "1",
    "sample",
    "sample-slug",
    "a1b2c3d4e5f6",
    "00000000-0000-4000-8000-000000000000",
)

Samples = Mapping[str, Mapping[str, "str | Callable[[], str]"]]


@dataclass(frozen=True)
class Route:
    """One URL pattern, with its full pattern text and a concrete URL to request."""

    pattern: str  # e.g. "admin/auth/user/<path:object_id>/change/"
    name: str | None  # namespaced, e.g. "admin:auth_user_change"
    callback: Callable
    url: str | None  # None when no sample value fits (see `problem`)
    problem: str = ""
    converters: Mapping = field(default_factory=dict)  # argument -> converter (path() only)

    @property
    def shape(self) -> str:
        """The pattern with each argument written as <>, for allow-lists."""
        return re.sub(r"<[^<>]*>|\(\?P<[^>]+>[^)]*\)", "<>", self.pattern).lstrip("^")

    def __str__(self) -> str:
        return f"{self.url or self.pattern} ({self.name or 'unnamed'})"


def _group_bodies(regex: str) -> dict[str, str]:
    """The text inside each named group, so a sample value can be checked against it."""
    bodies = {}
    for match in re.finditer(r"\(\?P<(\w+)>", regex):
        depth, i = 1, match.end()
        while i < len(regex) and depth:
            if regex[i] == "\\":
                i += 2
                continue
            depth += {"(": 1, ")": -1}.get(regex[i], 0)
            i += 1
        bodies[match.group(1)] = regex[match.end() : i - 1]
    return bodies


def _pick(body_regex: str, preferred: Iterable[str]) -> str | None:
    alternatives = body_regex.split("|")
    literal = [a for a in alternatives if re.fullmatch(r"[\w.-]+", a)]
    for candidate in [*preferred, *literal[:1], *FALLBACK_CANDIDATES]:
        if re.fullmatch(body_regex, candidate):
            return candidate
    return None


def _value(name: str | None, arg: str, samples: Samples) -> str | None:
    value = samples.get(name or "", {}).get(arg) or samples.get("*", {}).get(arg)
    return str(value()) if callable(value) else value


def _piece(pattern, name: str | None, samples: Samples) -> str | None:
    if isinstance(pattern, RoutePattern):
        route = str(pattern)

        def fill(match):
            arg = match["parameter"]
            value = _value(name, arg, samples)
            if value is None:
                converter = pattern.converters[arg]
                value = SAMPLE_VALUES.get(type(converter)) or _pick(converter.regex, ())
            return value or "<unfillable>"

        text = _PATH_PARAMETER_COMPONENT_RE.sub(fill, route)
        return None if "<unfillable>" in text else text
    if isinstance(pattern, RegexPattern):
        regex = pattern._regex
        fmt, params = normalize(regex)[0]
        bodies = _group_bodies(regex)
        values = {}
        for arg in params:
            preferred = [v for v in [_value(name, arg, samples)] if v]
            value = _pick(bodies.get(arg, ".*"), preferred)
            if value is None:
                return None
            values[arg] = value
        return fmt % values
    return str(pattern)


def routes(urlconf=None, samples: Samples | None = None) -> list[Route]:
    """Every URL pattern reachable from the root URLconf, each with a concrete URL."""
    samples = samples or {}
    found: list[Route] = []

    def visit(resolver: URLResolver, prefix: list, namespace: str | None, language=None):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                ns = entry.namespace
                inner = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
                if isinstance(entry.pattern, LocalePrefixPattern):
                    # i18n_patterns: every language's copy ("" for English, "es/", ...).
                    for code, _ in settings.LANGUAGES:
                        with translation.override(code):
                            language_prefix = entry.pattern.language_prefix
                        visit(entry, [*prefix, language_prefix], inner, code)
                    continue
                visit(entry, [*prefix, entry.pattern], inner, language)
            elif isinstance(entry, URLPattern):
                parts = [*prefix, entry.pattern]
                name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
                text = "".join(str(p) for p in parts)
                pieces = [_piece(p, name, samples) for p in parts]
                if any(piece is None for piece in pieces):
                    found.append(Route(text, name, entry.callback, None, "no sample fits"))
                    continue
                url = "/" + "".join(pieces)
                try:
                    with translation.override(language or settings.LANGUAGE_CODE):
                        match = resolve(url, urlconf)
                except Exception as exc:  # noqa: BLE001 - reported as a problem below
                    found.append(Route(text, name, entry.callback, None, f"{url}: {exc}"))
                    continue
                if match.func is not entry.callback:
                    problem = f"{url} resolves to {match.view_name or match.func}"
                    found.append(Route(text, name, entry.callback, None, problem))
                    continue
                route_converters = {}
                for part in parts:
                    route_converters.update(getattr(part, "converters", {}))
                found.append(Route(text, name, entry.callback, url, "", route_converters))

    visit(get_resolver(urlconf), [], None)
    return found


def matches(route: Route, shapes: Iterable[str]) -> bool:
    """Whether the route's shape (arguments as <>) matches one of the glob `shapes`."""
    return any(fnmatchcase(route.shape, shape) for shape in shapes)


# What a refusal looks like.
LOGIN = "login"  # a redirect to LOGIN_URL
VERIFY = "verify"  # a redirect to the code step
FORBIDDEN = "forbidden"  # 403
NOT_FOUND = "not-found"  # 404
CLINICIAN_SIGN_IN = "clinician-sign-in"  # a redirect to the clinicians' sign-in page


def outcome(response) -> str:
    """Name how a response answered: login, verify, forbidden, not-found, or the status."""
    if response.status_code in (301, 302, 303, 307, 308):
        path = urlsplit(response["Location"]).path
        if path == settings.LOGIN_URL:
            return LOGIN
        if path == VERIFY_URL:
            return VERIFY
        if path == "/for-clinicians/":
            return CLINICIAN_SIGN_IN
        return f"redirect to {path}"
    return {403: FORBIDDEN, 404: NOT_FOUND, 405: "405"}.get(
        response.status_code, str(response.status_code)
    )


def refusal_problems(
    client, url: str, *, expect: Iterable[str], methods: Iterable[str] = ("get", "post")
) -> list[str]:
    """Problems with how `url` refuses `client`'s user; [] when it is refused properly.

    Each method must answer with one of `expect` or 405 (method not allowed), and at least
    one method must answer with one of `expect`, so a view that allows no method at all
    cannot pass by accident.
    """
    expect = set(expect)
    answers = {method: outcome(getattr(client, method)(url)) for method in methods}
    wrong = {m: a for m, a in answers.items() if a not in expect and a != "405"}
    if wrong or not any(a in expect for a in answers.values()):
        return [f"{url}: expected {sorted(expect)}, got {answers}"]
    return []


def assert_refuses(client, url: str, *, expect: Iterable[str], methods=("get", "post")):
    """Assert `url` refuses `client`'s user (per-object check for a URL with an id)."""
    problems = refusal_problems(client, url, expect=expect, methods=methods)
    assert not problems, problems[0]


def token_variants(token: str) -> list[str]:
    """Near misses of a real token: each must be as unknown as a random one."""
    flipped = token[:-1] + ("a" if token[-1] != "a" else "b")
    variants = [
        flipped,
        token[:-1],
        token + "0",
        token.upper() if token.upper() != token else token.lower(),
        uuid.uuid4().hex,
        "1",
        "0",
    ]
    return [v for v in dict.fromkeys(variants) if v and v != token]


def assert_token_is_unguessable(
    client, url_for: Callable[[str], str], token: str, *, min_length: int = 20
):
    """A token URL opens with the real token, and gives 404 for every near miss."""
    assert len(token) >= min_length, f"token {token!r} is too short to be unguessable"
    assert client.get(url_for(token)).status_code == 200
    for variant in token_variants(token):
        status = client.get(url_for(variant)).status_code
        assert status in (400, 404), f"{url_for(variant)} answered {status}"


# Values a cookie can carry that no token of ours ever is (a NUL byte, quoted octal escapes
# that Django unquotes into control characters, markup, something huge).
HOSTILE_COOKIE_VALUES = ["a\x00b", "<script>", "x" * 4000, "\u00e9" * 43, ""]


def assert_cookie_token_is_unguessable(
    urls: Iterable[str], cookie: str, token: str, *, min_length: int = 20
):
    """Pages found through a token in a cookie open with the real token only.

    A device with no cookie, a near miss of the token or a hostile value gets 400 or 404.
    """
    from django.test import Client

    assert len(token) >= min_length, f"token {token!r} is too short to be unguessable"

    def status(value: str | None, url: str) -> int:
        client = Client(raise_request_exception=False)
        if value is not None:
            client.cookies[cookie] = value
        return client.get(url).status_code

    for url in urls:
        assert status(token, url) == 200, f"{url} did not open with the real token"
        for value in [None, *token_variants(token), *HOSTILE_COOKIE_VALUES]:
            answer = status(value, url)
            assert answer in (400, 404), f"{url} with {cookie}={value!r:.60} answered {answer}"
