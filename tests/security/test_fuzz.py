"""Random and hostile input never causes a 500, and markup always comes back escaped."""

import pytest
from django.test import Client
from django.urls import NoReverseMatch, path, reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.security.access import PUBLIC, SAMPLES
from tests.security.fuzz import (
    FUZZ_SETTINGS,
    MARKERS,
    FormTarget,
    hostile_text,
    problems_with,
    query_params,
    submit,
)
from tests.security.urlwalk import matches, routes

pytestmark = pytest.mark.django_db

# Every public form: (url, method, fields). Add the intake form and the directory filters here.
FORM_TARGETS = [
    FormTarget("/accounts/login/", "post", ("username", "password")),
    FormTarget("/accounts/login/", "get", ("next",)),
]


def public_routes():
    return [r for r in routes(samples=SAMPLES) if r.url and matches(r, PUBLIC)]


@pytest.mark.parametrize("target", FORM_TARGETS, ids=str)
def test_public_forms_survive_hostile_values(client, target):
    fields = st.fixed_dictionaries({name: hostile_text() for name in target.fields})

    @FUZZ_SETTINGS
    @given(values=fields)
    def check(values):
        response = submit(client, target, values)
        assert not problems_with(response, values), f"{target} with {values!r}"

    check()


def fuzz_query_string(client, url):
    @FUZZ_SETTINGS
    @given(params=query_params)
    def check(params):
        response = client.get(url, params)
        assert not problems_with(response, params), f"GET {url} with {params!r}"

    check()


def fuzz_path_arguments(client, route):
    arguments = st.fixed_dictionaries(
        {
            name: st.from_regex(converter.regex, fullmatch=True)
            for name, converter in route.converters.items()
        }
    )

    @FUZZ_SETTINGS
    @given(kwargs=arguments)
    def check(kwargs):
        try:
            url = reverse(route.name, kwargs=kwargs)
        except NoReverseMatch:  # the converter refused the value: nothing to send
            return
        response = client.get(url)
        assert not problems_with(response, kwargs), f"GET {url}"

    check()


def test_every_public_page_survives_hostile_query_strings(client):
    urls = [route.url for route in public_routes()]
    assert "/" in urls and "/crisis/" in urls
    for url in urls:
        fuzz_query_string(client, url)


def test_every_public_page_with_an_argument_survives_hostile_values_in_the_path(client):
    for route in public_routes():
        if route.converters and route.name:
            fuzz_path_arguments(client, route)


@pytest.mark.parametrize("marker", MARKERS)
def test_markup_typed_into_the_login_form_comes_back_escaped(client, marker):
    response = client.post("/accounts/login/", {"username": marker, "password": "x"})
    body = response.content.decode()
    assert response.status_code == 200
    assert marker not in body
    assert "ellieXss" in body, "the value is shown again (escaped), so the check means something"


def test_the_escape_check_notices_markup_that_comes_back_raw():
    from django.http import HttpResponse

    response = HttpResponse(f"<p>Hello {MARKERS[0]}</p>")
    assert problems_with(response, {"name": MARKERS[0]})
    assert problems_with(HttpResponse(status=500), {})


def _broken(request, slug):
    raise ValueError(f"cannot handle {slug!r}")


class BrokenUrls:
    urlpatterns = [path("conditions/<str:slug>/", _broken, name="broken")]


def test_the_path_fuzz_reaches_the_view(settings):
    settings.ROOT_URLCONF = BrokenUrls
    (route,) = routes()
    with pytest.raises(AssertionError, match="GET /conditions/"):
        fuzz_path_arguments(Client(raise_request_exception=False), route)
