"""English with no prefix, Spanish under /es/ with the same slugs; staff pages in English."""

import re

import pytest
from django.test import Client

from tests.ellie.test_search_engines import sitemap_urls

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/crisis/",
    "/conditions/",
    "/conditions/self-harm/",
    "/clinicians/",
    "/get-matched/",
    "/get-matched/?concern=self-harm",
]


def html_lang(body: str) -> str:
    return re.search(r'<html lang="([^"]+)"', body).group(1)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_answers_in_english_and_under_es_in_spanish(client, path):
    english = client.get(path)
    spanish = client.get(f"/es{path}")
    assert english.status_code == spanish.status_code == 200
    assert html_lang(english.content.decode()) == "en"
    assert html_lang(spanish.content.decode()) == "es"


@pytest.mark.parametrize("path", ["/", "/conditions/", "/get-matched/"])
def test_an_unprefixed_address_is_english_whatever_the_browser_asks_for(path):
    client = Client(headers={"Accept-Language": "es-MX,es;q=0.9"})
    client.cookies["django_language"] = "es"
    response = client.get(path)
    assert response.status_code == 200  # never a redirect by browser language
    assert html_lang(response.content.decode()) == "en"


@pytest.mark.parametrize(
    ("path", "other"),
    [
        ("/", "/es/"),
        ("/conditions/self-harm/", "/es/conditions/self-harm/"),
        ("/get-matched/?concern=self-harm", "/es/get-matched/?concern=self-harm"),
        ("/es/crisis/", "/crisis/"),
        ("/es/clinicians/", "/clinicians/"),
    ],
)
def test_the_language_switcher_keeps_the_current_page(client, path, other):
    body = client.get(path).content.decode()
    lang = "en" if other.startswith("/es/") is False else "es"
    link = re.search(r'<nav class="language-switcher".*?</nav>', body, re.S).group(0)
    href = other.replace("&", "&amp;")
    assert f'href="{href}" lang="{lang}" hreflang="{lang}"' in link


def test_public_pages_name_their_english_and_spanish_alternates(client):
    body = client.get("/es/conditions/self-harm/").content.decode()
    for lang, url in [
        ("en", "http://testserver/conditions/self-harm/"),
        ("es", "http://testserver/es/conditions/self-harm/"),
        ("x-default", "http://testserver/conditions/self-harm/"),
    ]:
        assert f'<link rel="alternate" hreflang="{lang}" href="{url}">' in body


@pytest.mark.parametrize("path", ["/es/staff/", "/es/admin/", "/es/accounts/login/", "/es/healthz"])
def test_staff_sign_in_and_admin_have_no_spanish_address(client, path):
    assert client.get(path).status_code == 404


def test_staff_pages_stay_english_for_a_spanish_browser():
    client = Client(headers={"Accept-Language": "es"})
    body = client.get("/accounts/login/").content.decode()
    assert html_lang(body) == "en"


def test_the_sitemap_lists_both_languages(client):
    urls = sitemap_urls(client)
    for path in ["/", "/crisis/", "/conditions/", "/conditions/self-harm/"]:
        assert f"http://testserver{path}" in urls
        assert f"http://testserver/es{path}" in urls


def test_a_request_for_another_host_gets_the_plain_400_page():
    client = Client(raise_request_exception=True)
    response = client.get("/", headers={"host": "www.example.com"})
    assert response.status_code == 400
    assert 'rel="alternate"' not in response.content.decode()
