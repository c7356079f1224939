"""The empty form is rendered once per version and filled in per request, with exactly the
markup `{% crispy form %}` gives."""

import gzip
import re

import pytest
from crispy_forms.utils import render_crispy_form
from django.conf import settings
from django.test import Client

from intake.forms import MatchRequestForm
from intake.views import CSRF_SLOT, FORM_TOKEN_SLOT
from matching import services
from matching.models import Specialty
from practice.models import Practice
from tests.budgets import VERSION

pytestmark = pytest.mark.django_db

URL = "/get-matched/"


def tokens(html: str) -> tuple[str, str]:
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    return csrf, token


@pytest.mark.parametrize("query", ["", "?concern=anxiety", "?concern=anxiety&concern=grief"])
def test_the_cached_form_is_what_crispy_renders_with_this_request_s_tokens(client, query):
    html = client.get(URL + query).content.decode()
    again = client.get(URL + query).content.decode()  # from the cache
    csrf, token = tokens(again)
    assert CSRF_SLOT not in again and FORM_TOKEN_SLOT not in again
    concerns = re.findall(r"concern=([a-z-]+)", query)
    fresh = MatchRequestForm(initial={"form_token": token, "concerns": concerns})
    expected = str(render_crispy_form(fresh, context={"csrf_token": csrf}))
    assert "get-matched-form" in expected and len(expected) > 5000
    assert expected in again, "byte for byte what crispy renders for these tokens"
    for concern in concerns:
        assert re.search(rf'value="{concern}"[^>]*checked', again)
    assert tokens(html)[1] != token, "every visit gets its own form token"


def test_every_visit_gets_a_fresh_csrf_token_and_form_token(client):
    first = tokens(client.get(URL).content.decode())
    second = tokens(client.get(URL).content.decode())
    assert first[1] != second[1]
    assert first[0] != second[0], "the CSRF token is masked afresh each time"


def test_labels_help_and_errors_keep_their_links(client):
    html = client.get(URL).content.decode()
    for described in re.findall(r'aria-describedby="([^"]+)"', html):
        for target in described.split():
            assert f'id="{target}"' in html, target
    for label_for in re.findall(r'<label[^>]* for="([^"]+)"', html):
        assert f'id="{label_for}"' in html, label_for


def test_a_repeat_visit_renders_no_form_field_and_reads_no_list(
    client, practice, django_assert_num_queries
):
    client.get(URL)
    with django_assert_num_queries(VERSION):
        assert client.get(URL).status_code == 200


def test_a_renamed_concern_shows_on_the_next_visit(client):
    client.get(URL)
    item = Specialty.objects.get(slug="anxiety")
    item.name = "Worry (renamed)"
    services.save_reference_item(item=item)
    Practice.current()
    assert "Worry (renamed)" in client.get(URL).content.decode()


def test_an_unknown_concern_is_ignored_and_keeps_nothing_new(client):
    html = client.get(URL + "?concern=%3Cscript%3E&concern=anxiety").content.decode()
    assert "<script>" not in html
    assert re.search(r'value="anxiety"[^>]*checked', html)


def test_a_posted_form_with_errors_is_rendered_in_full(client):
    response = client.post(URL, {"form_token": "x"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "error-summary" in html
    assert CSRF_SLOT not in html


# --- The whole page ------------------------------------------------------------------------


def without_tokens(html: str) -> str:
    csrf, token = tokens(html)
    return html.replace(csrf, "CSRF").replace(token, "TOKEN")


def test_the_kept_page_is_the_page_rendered_afresh_but_for_the_tokens(client, editor):
    client.get(URL)
    kept = client.get(URL).content.decode()  # the whole page, from the cache
    assert CSRF_SLOT not in kept and FORM_TOKEN_SLOT not in kept
    every_csrf = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', kept))
    assert len(every_csrf) == 1, "every form on the page carries this request's token"
    client.force_login(editor)  # a session: rendered afresh around the kept form
    fresh = client.get(URL).content.decode()
    assert without_tokens(fresh) == without_tokens(kept)


def test_a_visitor_with_a_message_waiting_gets_the_page_rendered_afresh(client):
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.core.cache import cache

    from ellie import pagecache

    client.get(URL)  # the page kept for visitors with nothing of theirs on it
    [key] = [key for key in pagecache._recent._entries if ":slotted:" in key]
    assert cache.get(key) is not None
    pagecache._keep(key, (((b"PLANTED PAGE", b""),), []))
    assert client.get(URL).content == b"PLANTED PAGE", "the plain visitor gets the kept page"
    client.cookies[CookieStorage.cookie_name] = "anything"
    html = client.get(URL).content.decode()
    assert "PLANTED PAGE" not in html
    assert CSRF_SLOT not in html and FORM_TOKEN_SLOT not in html
    assert "get-matched-form" in html


def test_a_change_to_the_practice_shows_on_the_kept_page_at_once(client):
    client.get(URL)
    client.get(URL)
    practice = Practice.current()
    practice.phone = "(651) 555-0199"
    practice.save()
    assert "(651) 555-0199" in client.get(URL).content.decode()


# --- Answered before the middleware (ellie.pagecache.SlottedPage) ---------------------------


def kept_visit(client, **headers):
    """The second visit: the first renders the page and keeps it with its slots."""
    client.get(URL, **headers)
    return client.get(URL, **headers)


def test_a_compressed_visit_is_the_kept_page_with_this_visit_s_tokens(client, editor):
    response = kept_visit(client, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response["Content-Encoding"] == "gzip"
    assert int(response["Content-Length"]) == len(response.content)
    page = gzip.decompress(response.content).decode()  # checks the length and the CRC too
    assert CSRF_SLOT not in page and FORM_TOKEN_SLOT not in page
    client.force_login(editor)  # rendered afresh through every middleware
    fresh = client.get(URL).content.decode()
    assert without_tokens(page) == without_tokens(fresh)


def test_the_compressed_length_does_not_depend_on_the_tokens(client):
    """The tokens go out as stored blocks, never compressed with anything an attacker could
    put on the page (BREACH): every visit's answer has the same length."""
    kept_visit(client, HTTP_ACCEPT_ENCODING="gzip")
    lengths, csrf_tokens = set(), set()
    for _ in range(5):
        response = client.get(URL, HTTP_ACCEPT_ENCODING="gzip")
        lengths.add(len(response.content))
        csrf_tokens.add(tokens(gzip.decompress(response.content).decode())[0])
    assert len(lengths) == 1 and len(csrf_tokens) == 5


def test_the_kept_answer_carries_the_headers_of_the_full_page(client):
    first = client.get(URL, HTTP_ACCEPT_ENCODING="gzip")  # through every middleware
    again = client.get(URL, HTTP_ACCEPT_ENCODING="gzip")
    assert first.content != again.content, "new tokens"
    per_visit = {"Set-Cookie", "Date", "Content-Length"}
    assert {k: v for k, v in first.items() if k not in per_visit} == {
        k: v for k, v in again.items() if k not in per_visit
    }
    assert "no-store" in again["Cache-Control"]
    assert "Content-Security-Policy" in again and again["X-Frame-Options"] == "DENY"
    assert set(again.cookies) == {settings.CSRF_COOKIE_NAME}


def test_a_form_sent_from_the_kept_page_passes_the_csrf_check():
    client = Client(enforce_csrf_checks=True)
    client.get(URL)
    kept = client.get(URL)
    csrf, token = tokens(kept.content.decode())
    response = client.post(URL, {"csrfmiddlewaretoken": csrf, "form_token": token})
    assert response.status_code == 200, "checked and answered with the form's errors"
    assert "error-summary" in response.content.decode()
    stranger = Client(enforce_csrf_checks=True)  # the token without the cookie it belongs to
    response = stranger.post(URL, {"csrfmiddlewaretoken": csrf, "form_token": token})
    assert response.status_code == 403


def test_a_visitor_s_csrf_cookie_is_kept_and_renewed(client):
    first = client.get(URL).cookies[settings.CSRF_COOKIE_NAME].value
    kept = client.get(URL)
    assert kept.cookies[settings.CSRF_COOKIE_NAME].value == first, "the same secret"
    assert kept.cookies[settings.CSRF_COOKIE_NAME]["httponly"]
    assert kept.cookies[settings.CSRF_COOKIE_NAME]["samesite"] == "Lax"


def test_a_head_request_is_answered_by_the_view(client):
    kept_visit(client)
    response = client.head(URL)
    assert response.status_code == 200 and response.content == b""


@pytest.mark.parametrize(
    "query, marker",
    [
        ("?mc_eid=subscriber-42", "subscriber-42"),
        ("?concern=anxiety&utm_source=mail", "utm_source"),
        ("?concern=nope-x", "nope-x"),
        ("?concern=grief&concern=anxiety", "concern=grief&amp;concern=anxiety"),
        ("?concern=anxiety&concern=anxiety", "concern=anxiety&amp;concern=anxiety"),
        ("?concern=%61nxiety", "%61nxiety"),
    ],
)
def test_only_the_one_spelling_of_known_concerns_is_kept(client, query, marker):
    """The page's language link repeats the query: a query that is not exactly the sorted,
    known concerns (as the site's links write them) is neither kept nor answered from the
    kept copy, so nothing one visitor brings reaches the next, and made-up spellings of a
    set of concerns cannot fill the cache."""
    first = client.get(URL + query)
    assert first.status_code == 200
    for path in (URL + query, URL):
        again = client.get(path)
        assert again.context is not None, "rendered afresh"
    plain = client.get(URL)
    assert plain.context is None, "the plain page, kept"
    assert marker not in plain.content.decode()


def test_the_sorted_spelling_of_known_concerns_is_kept(client):
    client.get(URL + "?concern=anxiety&concern=grief")
    again = client.get(URL + "?concern=anxiety&concern=grief")
    assert again.context is None, "answered from the kept page"
    assert re.search(r'value="grief"[^>]*checked', again.content.decode())
