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
    assert 'href="tel:988">Call 988</a>' in body
    assert 'href="sms:988">Text 988</a>' in body
    assert 'href="tel:911">Call 911</a>' in body
    assert 'href="/crisis/"' in body
    assert "Leave this site" in body
    assert 'action="/leave/"' in body
    assert 'data-exit-url="https://www.weather.gov/"' in body


def test_the_header_navigation_links_to_the_three_main_places(client):
    body = client.get("/").content.decode()
    start = body.index('<nav aria-label="Main">')
    nav = body[start : body.index("</nav>", start)]
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
    start = body.index('<nav aria-label="Main">')
    nav = body[start : body.index("</nav>", start)]
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
    start = body.index('<nav aria-label="Main">')
    nav = body[start : body.index("</nav>", start)]
    assert "aria-current" not in nav


def test_every_page_starts_with_a_skip_link_to_main(client):
    body = client.get("/").content.decode()
    assert body.index('href="#main"') < body.index('aria-label="Crisis support"')
    assert 'id="main"' in body


def test_crisis_page_offers_call_text_and_emergency(client):
    body = client.get("/crisis/").content.decode()
    assert 'href="tel:988"' in body
    assert 'href="sms:988"' in body
    # The form that opens a text to 741741 with HOME typed on both iOS and Android.
    assert 'href="sms:741741?&amp;body=HOME">Text HOME to 741741</a>' in body
    assert "What to expect" in body


def test_crisis_page_names_988_in_spanish(client):
    body = client.get("/crisis/").content.decode()
    assert "press 2" in body
    assert "text AYUDA to 988" in body
    assert 'lang="es"' in body
    assert 'href="sms:988?&amp;body=AYUDA"' in body


@pytest.mark.parametrize("path", ["/", "/crisis/", "/conditions/", "/no-such-page/"])
def test_every_public_page_offers_to_call_and_to_text_988(client, path):
    body = client.get(path).content.decode()
    strip = body[body.index('aria-label="Crisis support"') : body.index("</header>")]
    assert 'href="tel:988"' in strip and 'href="sms:988"' in strip and 'href="tel:911"' in strip
    footer = body[body.index("<footer") :]
    assert 'href="tel:988"' in footer and 'href="sms:988"' in footer


@pytest.mark.parametrize("path", ["/", "/crisis/", "/conditions/", "/no-such-page/"])
def test_every_public_page_shows_the_practice_phone_address_and_hours(client, path):
    footer = client.get(path).content.decode().split("<footer", 1)[1]
    assert '<a class="practice-phone" href="tel:+16125550142">(612) 555-0142</a>' in footer
    assert "2400 Nicollet Avenue, Suite 300<br>Minneapolis, MN 55404" in footer
    assert "Monday to Friday: 8 a.m. to 6 p.m." in footer


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

    urlconf = type(
        "urls",
        (),
        {"urlpatterns": [path("boom/", boom)], "handler500": "ellie.views.server_error"},
    )
    settings.ROOT_URLCONF = urlconf
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong on our side" in body
    assert 'href="tel:988"' in body
    assert "Leave this site" in body
    assert 'data-exit-url="https://www.weather.gov/"' in body
    assert 'href="tel:+16125550142">(612) 555-0142</a> during business hours' in body


def test_server_error_page_needs_nothing_from_the_database(settings, monkeypatch):
    from django.urls import path

    from practice.models import Practice

    def boom(request):
        raise DatabaseError("the database went away")

    def unreadable():
        raise DatabaseError("the database went away")

    monkeypatch.setattr(Practice, "current", unreadable)
    settings.ROOT_URLCONF = type(
        "urls",
        (),
        {"urlpatterns": [path("boom/", boom)], "handler500": "ellie.views.server_error"},
    )
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert 'href="tel:988"' in body and "Leave this site" in body
    assert "call our office during business hours" in body


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
