"""Security headers and cookies, on ordinary responses and in a production-style setup."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client

from ellie.checks import second_factor_is_required
from tests.ellie.test_settings import run_settings
from tests.security.helpers import PASSWORDS

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
REPRESENTATIVE = ["/", "/crisis/", "/no-such-page/", "/healthz", "/accounts/login/"]


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parts = [part.split() for part in policy.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


@pytest.mark.parametrize("path", REPRESENTATIVE)
def test_every_response_carries_a_strict_content_security_policy(client, path):
    csp = csp_directives(client.get(path))
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    # Forms post only to us; "Leave this site" posts to /leave/, which redirects to the exit.
    assert csp["form-action"] == ["'self'", "https://www.weather.gov"]
    every_source = " ".join(" ".join(v) for k, v in csp.items() if k != "form-action")
    assert "unsafe-inline" not in every_source
    assert "unsafe-eval" not in every_source
    assert "http" not in every_source, "nothing is loaded from another host"


@pytest.mark.parametrize("path", REPRESENTATIVE)
def test_every_response_turns_off_sniffing_framing_referrers_and_unused_features(client, path):
    response = client.get(path)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "browsing-topics"):
        assert f"{feature}=()" in policy


def test_plain_http_responses_carry_no_hsts(client):
    assert "Strict-Transport-Security" not in client.get("/")


PRODUCTION = {
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "SESSION_COOKIE_NAME": "__Host-sessionid",
    "CSRF_COOKIE_NAME": "__Host-csrftoken",
    "REQUIRE_2FA": True,
}


@pytest.fixture
def production(settings):
    for name, value in PRODUCTION.items():
        setattr(settings, name, value)
    return settings


@pytest.mark.parametrize("path", REPRESENTATIVE)
def test_production_sends_hsts_for_a_year_with_subdomains(production, client, path):
    response = client.get(path, secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert csp_directives(response)["frame-ancestors"] == ["'none'"]


def test_production_redirects_plain_http_to_https(production, client):
    response = client.get("/crisis/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/crisis/"


def test_production_answers_a_load_balancers_plain_http_health_check(production, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def assert_host_cookie(cookie):
    assert cookie.key.startswith("__Host-")
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"
    assert not cookie["domain"], "__Host- cookies must not name a domain"


def test_production_csrf_cookie_is_secure_httponly_and_host_only(production, client):
    response = client.get("/accounts/login/", secure=True)
    assert_host_cookie(response.cookies["__Host-csrftoken"])


def test_production_session_cookie_is_secure_httponly_and_host_only(production, intake_staff):
    client = Client(enforce_csrf_checks=True)
    page = client.get("/accounts/login/", secure=True)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    response = client.post(
        "/accounts/login/",
        {"username": "ivy", "password": PASSWORDS["ivy"], "csrfmiddlewaretoken": token},
        secure=True,
        HTTP_REFERER="https://testserver/accounts/login/",
    )
    assert response.status_code == 302
    assert_host_cookie(response.cookies["__Host-sessionid"])


@pytest.mark.parametrize(
    ("debug", "session_name", "csrf_name"),
    [("0", "__Host-sessionid", "__Host-csrftoken"), ("1", "sessionid", "csrftoken")],
)
def test_cookie_names_follow_the_secure_setting(debug, session_name, csrf_name):
    result = run_settings(
        {
            "DEBUG": debug,
            "SECRET_KEY": "x" * 50,
            "REQUIRE_2FA": "",
            "SESSION_COOKIE_SECURE": "",
            "CSRF_COOKIE_SECURE": "",
        },
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.REQUIRE_2FA)",
    )
    secure = str(debug == "0")
    assert result.stdout.split() == [session_name, csrf_name, secure, secure]


def test_postgresql_connections_give_up_quickly_when_the_database_is_away():
    result = run_settings(
        {"DEBUG": "1", "DATABASE_URL": "postgres://u@db.example:5432/ellie"},
        "print(s.DATABASES['default']['OPTIONS']['connect_timeout'])",
    )
    assert result.stdout.strip() == "5"


def test_check_deploy_warns_when_the_second_factor_is_off(settings):
    settings.REQUIRE_2FA = False
    with pytest.raises(SystemCheckError, match="ellie.W001"):
        call_command("check", "--deploy", "--fail-level", "WARNING", "--tag", "security")
    settings.REQUIRE_2FA = True
    assert second_factor_is_required(None) == []


TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates")]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)


def templates():
    return sorted({p for d in TEMPLATE_DIRS for p in d.rglob("*.html") if ".venv" not in p.parts})


def test_the_template_scan_finds_templates():
    assert len(templates()) >= 10


@pytest.mark.parametrize("template", templates(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_has_inline_script_style_or_event_handlers(template):
    """The policy would block them in the browser; catch them before anyone ships one."""
    text = template.read_text()
    assert not INLINE_SCRIPT.findall(text)
    assert not INLINE_STYLE.findall(text)
    assert not INLINE_HANDLER.findall(text)


STATIC_FILES = ["/static/css/ellie.css", "/static/js/ellie.js"]


@pytest.mark.parametrize("path", STATIC_FILES)
def test_static_files_carry_nosniff_and_a_policy_that_runs_nothing(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    csp = csp_directives(response)
    assert csp["default-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "script-src" not in csp, "scripts fall back to 'none'"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "Access-Control-Allow-Origin" not in response


def test_whitenoise_itself_adds_the_static_headers():
    """They must not depend on middleware that runs after WhiteNoise has answered."""
    from wsgiref.headers import Headers

    from django.conf import settings

    headers = Headers([])
    settings.WHITENOISE_ADD_HEADERS_FUNCTION(headers, "/x/ellie.css", "/static/css/ellie.css")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Security-Policy"].startswith("default-src 'none'")
