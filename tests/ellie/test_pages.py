import pytest
from django.db import DatabaseError
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/crisis/"])
def test_public_pages_carry_the_crisis_strip_and_quick_exit(client, path):
    response = client.get(path)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'aria-label="Crisis support"' in body
    assert 'href="tel:988"' in body
    assert 'href="tel:911"' in body
    assert 'href="/crisis/"' in body
    assert "Leave this site" in body
    assert 'href="https://www.weather.gov/"' in body


def test_the_header_navigation_links_to_the_three_main_places(client):
    body = client.get("/").content.decode()
    nav = body[body.index('<nav aria-label="Main">') : body.index("</nav>")]
    for href, label in [
        ("/conditions/", "Conditions"),
        ("/clinicians/", "Clinicians"),
        ("/get-matched/", "Get matched"),
    ]:
        assert f'href="{href}">{label}</a>' in nav


@pytest.mark.parametrize(
    "path, current",
    [
        ("/conditions/", "/conditions/"),
        ("/conditions/self-harm/", "/conditions/"),
        ("/clinicians/", "/clinicians/"),
        ("/get-matched/", "/get-matched/"),
    ],
)
def test_the_header_navigation_marks_the_section_a_person_is_in(client, path, current):
    body = client.get(path).content.decode()
    nav = body[body.index('<nav aria-label="Main">') : body.index("</nav>")]
    assert nav.count("aria-current") == 1
    assert f'aria-current="true" href="{current}"' in nav


def test_the_crisis_strip_marks_get_help_now_on_the_crisis_page(client):
    crisis = client.get("/crisis/").content.decode()
    home = client.get("/").content.decode()
    assert 'aria-current="page" href="/crisis/">Get help now</a>' in crisis
    assert 'href="/crisis/">Get help now</a>' in home
    assert 'aria-current="page" href="/crisis/"' not in home


def test_the_header_navigation_marks_nothing_on_the_home_page(client):
    body = client.get("/").content.decode()
    nav = body[body.index('<nav aria-label="Main">') : body.index("</nav>")]
    assert "aria-current" not in nav


def test_every_page_starts_with_a_skip_link_to_main(client):
    body = client.get("/").content.decode()
    assert body.index('href="#main"') < body.index('aria-label="Crisis support"')
    assert 'id="main"' in body


def test_crisis_page_offers_call_text_and_emergency(client):
    body = client.get("/crisis/").content.decode()
    assert 'href="tel:988"' in body
    assert 'href="sms:988"' in body
    assert "741741" in body
    assert "What to expect" in body


def test_not_found_is_friendly_and_keeps_the_crisis_strip(client):
    response = client.get("/this-page-does-not-exist/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "We could not find that page" in body
    assert 'href="tel:988"' in body


def test_server_error_page_keeps_the_crisis_strip(settings):
    from django.urls import path

    def boom(request):
        raise RuntimeError("boom")

    urlconf = type("urls", (), {"urlpatterns": [path("boom/", boom)]})
    settings.ROOT_URLCONF = urlconf
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong on our side" in body
    assert 'href="tel:988"' in body
    assert "Leave this site" in body


def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def fail(self, sql, params=None):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", fail)
    response = client.get("/healthz")
    assert response.status_code == 503
