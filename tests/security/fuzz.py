"""Hostile input for forms and query strings, and what every answer to it must look like.

To fuzz a new form, add a `FormTarget` to FORM_TARGETS (tests/security/test_fuzz.py runs
them all):

    FormTarget("/get-matched/", "post", ("first_name", "email", "zip_code", "concerns"))
    FormTarget("/clinicians/", "get", ("state", "format", "carrier", "q", "page"))

Hidden inputs of the form's page (CSRF token, a form token) are sent along unless a field
of the same name is being fuzzed. Every answer must be below 500, and any piece of HTML or
script that went in must come back escaped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Pieces of markup that must never come back as markup. Each is unique, so finding it raw in
# a page can only mean it was echoed unescaped.
MARKERS = (
    "<script>ellieXss1()</script>",
    '"><img src=x onerror=ellieXss2()>',
    "'><svg onload=ellieXss3()>",
    "</textarea><b id=ellieXss4>",
    "<a href=javascript:ellieXss5()>x</a>",
)

HOSTILE = (
    *MARKERS,
    "",
    " ",
    "\x00",
    "a\x00b",
    "%00",
    "\r\nSet-Cookie: ellie=1",
    "' OR '1'='1",
    "'; DROP TABLE auth_user; --",
    "1 UNION SELECT username, password FROM auth_user",
    "%' AND 1=1 --",
    "\\",
    "../../../../etc/passwd",
    "{{ 7|add:7 }}",
    "{% debug %}",
    "${7*7}",
    "-1",
    "0",
    "1.5",
    "99999999999999999999999999999",
    "1e308",
    "NaN",
    "null",
    "[]",
    "{}",
    "\u202eevil",
    "\ufeff",
    "\u200b",
    "𝕰𝖑𝖑𝖎𝖊",
    "🙂" * 40,
    "Zoë Ünïcödé 中文 العربية",
    "A" * 10_000,
    "é" * 70_000,
    "x" * 300_000,  # larger than DATA_UPLOAD_MAX_MEMORY_SIZE: refused, never a 500
)

# Printable and unprintable text, NUL included; no lone surrogates (not encodable in a request).
any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)


def hostile_text() -> st.SearchStrategy[str]:
    """A value a person, a bot or an attacker might type into any field."""
    return st.one_of(
        st.sampled_from(HOSTILE),
        any_text,
        st.tuples(any_text, st.sampled_from(MARKERS), any_text).map("".join),
    )


# Query parameters public pages are likely to read, plus any name at all.
QUERY_NAMES = ("q", "page", "sort", "state", "format", "concern", "next", "utm_source")
query_params = st.dictionaries(
    keys=st.one_of(st.sampled_from(QUERY_NAMES), st.text(min_size=1, max_size=20)),
    values=hostile_text(),
    max_size=4,
)

FUZZ_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


@dataclass(frozen=True)
class FormTarget:
    """A form to throw hostile values at."""

    url: str
    method: str = "post"  # "get" for filter forms
    fields: tuple[str, ...] = ()
    fixed: Mapping[str, str] = field(default_factory=dict)  # values kept valid
    page: str | None = None  # where the form is shown; defaults to `url`

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.url}"


class _HiddenInputs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") == "hidden" and attrs.get("name"):
            self.values[attrs["name"]] = attrs.get("value") or ""


def hidden_inputs(html: str) -> dict[str, str]:
    parser = _HiddenInputs()
    parser.feed(html)
    return parser.values


def submit(client, target: FormTarget, values: Mapping[str, str]):
    """Send `values` to the target form, with the page's hidden inputs."""
    data: dict[str, str] = {}
    if target.method == "post":
        page = client.get(target.page or target.url)
        if page.status_code == 200:
            data.update(hidden_inputs(page.content.decode(errors="replace")))
    data.update(target.fixed)
    data.update(values)
    return getattr(client, target.method)(target.url, data)


def problems_with(response, values: Mapping[str, str] | Mapping[str, object]) -> list[str]:
    """What is wrong with how the site answered hostile input ([] when nothing)."""
    problems = []
    if response.status_code >= 500:
        problems.append(f"answered {response.status_code}")
    content_type = response.get("Content-Type", "")
    if "html" in content_type:
        body = response.content.decode(errors="replace")
        sent = " ".join(str(v) for v in values.values())
        for marker in MARKERS:
            if marker in sent and marker in body:
                problems.append(f"{marker!r} came back unescaped")
    location = response.get("Location", "")
    if re.search(r"[\r\n]", location):
        problems.append("a line break reached the Location header")
    return problems
