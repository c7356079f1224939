"""Hostile input for forms and query strings, and what every answer to it must look like.

To fuzz a new form, add a `FormTarget` to FORM_TARGETS (tests/security/test_fuzz.py runs
them all):

    FormTarget("/get-matched/", "post", ("first_name", "email", "zip_code", "concerns"),
               fixed=VALID_ANSWERS, many=("concerns",), follow=True)
    FormTarget("/clinicians/", "get", ("state", "format", "carrier", "page"))

Without `fixed` values every field is hostile in every example. With them (a valid
submission), each example makes one to three fields hostile and keeps the rest valid, so
the checks that only run on otherwise valid input (cross-field rules, the service, the
results page) are reached too. Fields in `many` may get a list of values.

Hidden inputs of the form's page (CSRF token, a form token) are sent along unless a field
of the same name is being fuzzed. Every answer must be below 500, and any piece of HTML or
script that went in must come back escaped (on every page of the redirect chain when
`follow` is set).
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
    # Dates, ZIP codes, phone numbers and amounts that parse in surprising ways.
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "1900-02-29",
    "2024-13-45",
    "12/31/99999",
    "\uff15\uff15\uff14\uff10\uff11",  # 55401 in full-width digits
    "\u0665\u0665\u0664\u0660\u0661",  # 55401 in Arabic-Indic digits
    "00000",
    "55401-",
    "55401-12345",
    "+1 (612) 555-0100 ext. 12",
    "\uff16\uff11\uff12\uff15\uff15\uff15\uff10\uff11\uff10\uff10",  # a full-width phone
    "a@b",
    "@example.org",
    "name@\u0435xample.org",  # Cyrillic e
    "1" * 400 + "@example.org",
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
    fixed: Mapping[str, str | list[str]] = field(default_factory=dict)  # a valid baseline
    page: str | None = None  # where the form is shown; defaults to `url`
    many: tuple[str, ...] = ()  # fields that take several values (checkboxes)
    follow: bool = False  # follow redirects and check every page on the way
    user: str | None = None  # a people fixture to sign in first (e.g. "intake_staff")
    verified: bool = True  # False: signed in with the password only (the code step's forms)

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


def hostile_values(target: FormTarget) -> st.SearchStrategy[dict]:
    """Hostile values for the target's fields (see the module's notes on `fixed`)."""

    def value(name: str):
        if name in target.many:
            return st.one_of(hostile_text(), st.lists(hostile_text(), max_size=3))
        return hostile_text()

    if not target.fixed:
        return st.fixed_dictionaries({name: value(name) for name in target.fields})
    chosen = st.lists(st.sampled_from(target.fields), min_size=1, max_size=3, unique=True)
    return chosen.flatmap(lambda names: st.fixed_dictionaries({n: value(n) for n in names}))


def submit(client, target: FormTarget, values: Mapping[str, object]):
    """Send `values` to the target form, with the page's hidden inputs."""
    data: dict[str, object] = {}
    if target.method == "post":
        page = client.get(target.page or target.url)
        if page.status_code == 200:
            data.update(hidden_inputs(page.content.decode(errors="replace")))
    data.update(target.fixed)
    data.update(values)
    return getattr(client, target.method)(target.url, data, follow=target.follow)


def _flat(values: Mapping[str, object]) -> str:
    parts = []
    for value in values.values():
        parts += [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]
    return " ".join(parts)


def problems_with(response, values: Mapping[str, object]) -> list[str]:
    """What is wrong with how the site answered hostile input ([] when nothing).

    For a response that followed redirects, every Location on the way is checked too.
    """
    problems = []
    if response.status_code >= 500:
        problems.append(f"answered {response.status_code}")
    content_type = response.get("Content-Type", "")
    if "html" in content_type:
        body = response.content.decode(errors="replace")
        sent = _flat(values)
        for marker in MARKERS:
            if marker in sent and marker in body:
                problems.append(f"{marker!r} came back unescaped")
    locations = [response.get("Location", "")]
    locations += [url for url, _ in getattr(response, "redirect_chain", [])]
    if any(re.search(r"[\r\n]", location) for location in locations):
        problems.append("a line break reached the Location header")
    return problems
