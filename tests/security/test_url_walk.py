"""Every URL pattern is either on the public list below or refuses people it is not for.

A new URL that is neither listed as public nor protected fails these tests, so pages added
later (staff pages included) are covered without anyone remembering to add a test.
"""

import pytest
from django.contrib.auth.models import Group
from django.http import Http404, HttpResponse
from django.test import Client
from django.urls import path

from ellie import urls as root_urls
from ellie.auth import INTAKE_STAFF, staff_required
from tests.clinicians.helpers import sign_in_clinician
from tests.factories import ClinicianFactory
from tests.security.access import (
    CLINICIAN_ONLY,
    CLOSED_TO_EVERYONE,
    DEFAULT_REFUSED,
    PUBLIC,
    REFUSED,
    SAMPLES,
    SIGNED_IN_ONLY,
)
from tests.security.helpers import sign_in
from tests.security.urlwalk import (
    CLINICIAN_SIGN_IN,
    FORBIDDEN,
    LOGIN,
    VERIFY,
    assert_refuses,
    assert_token_is_unguessable,
    matches,
    outcome,
    refusal_problems,
    routes,
)

pytestmark = pytest.mark.django_db


def protected(all_routes):
    return [r for r in all_routes if not matches(r, PUBLIC)]


def for_clinicians(route) -> bool:
    return matches(route, CLINICIAN_ONLY)


def refused_users(route) -> set[str]:
    for shape, users in REFUSED:
        if matches(route, [shape]):
            return users
    return DEFAULT_REFUSED


@pytest.fixture
def boss(django_user_model):
    """Allowed everywhere: a superuser who is also intake staff."""
    user = django_user_model.objects.create_superuser("boss", password="a-long-test-password-9")
    user.groups.add(Group.objects.get_or_create(name=INTAKE_STAFF)[0])
    return user


@pytest.fixture
def people(stranger, editor, intake_staff):
    return {"stranger": stranger, "editor": editor, "ivy": intake_staff}


def anonymous_problems(all_routes) -> list[str]:
    problems = []
    client = Client()
    for route in protected(all_routes):
        expect = {LOGIN} if matches(route, SIGNED_IN_ONLY) else {LOGIN, FORBIDDEN}
        if for_clinicians(route):
            expect = {CLINICIAN_SIGN_IN}
        found = refusal_problems(client, route.url, expect=expect)
        problems += [f"{p}  <- add it to PUBLIC or protect it" for p in found]
    return problems


def outsider_problems(all_routes, people) -> list[str]:
    problems = []
    clients = {name: sign_in(Client(), user) for name, user in people.items()}
    for route in protected(all_routes):
        if matches(route, SIGNED_IN_ONLY):
            continue
        if for_clinicians(route):
            for username in sorted(clients):
                found = refusal_problems(clients[username], route.url, expect={CLINICIAN_SIGN_IN})
                problems += [f"{username}: {p}" for p in found]
            continue
        for username in sorted(refused_users(route)):
            found = refusal_problems(clients[username], route.url, expect={FORBIDDEN})
            problems += [f"{username}: {p}" for p in found]
    return problems


def test_every_url_pattern_gets_a_concrete_url():
    unbuilt = [f"{r.pattern}: {r.problem}" for r in routes(samples=SAMPLES) if r.url is None]
    assert not unbuilt, "add sample values to SAMPLES for:\n" + "\n".join(unbuilt)


def test_the_walk_reaches_the_admin_and_the_account_pages():
    urls = {r.url for r in routes(samples=SAMPLES)}
    assert {"/admin/", "/admin/auth/user/", "/admin/auth/user/1/change/"} <= urls
    assert {"/accounts/login/", "/accounts/verify/", "/accounts/logout/"} <= urls


def test_the_walk_reaches_every_public_page_in_spanish_and_no_staff_page():
    urls = {r.url for r in routes(samples=SAMPLES)}
    assert {"/es/", "/es/crisis/", "/es/conditions/", "/es/clinicians/", "/es/get-matched/"} <= urls
    assert {"/es/get-matched/results/", "/es/get-matched/done/", "/es/get-matched/forget/"} <= urls
    english_only = ("/es/staff/", "/es/admin/", "/es/accounts/", "/es/for-clinicians/")
    assert not {u for u in urls if u.startswith(english_only)}


def test_public_pages_answer_anonymous_people_without_an_error():
    for route in routes(samples=SAMPLES):
        if matches(route, PUBLIC):
            for method in ("get", "post"):
                response = getattr(Client(), method)(route.url)
                assert response.status_code < 500, f"{method.upper()} {route}"


def test_every_other_url_refuses_anonymous_people(settings):
    settings.REQUIRE_2FA = True
    problems = anonymous_problems(routes(samples=SAMPLES))
    assert not problems, "\n".join(problems)


def test_every_other_url_refuses_signed_in_people_outside_its_group(settings, people):
    settings.REQUIRE_2FA = True
    problems = outsider_problems(routes(samples=SAMPLES), people)
    assert not problems, "\n".join(problems)


def test_every_staff_and_admin_url_asks_for_the_code_before_anything_else(settings, boss):
    settings.REQUIRE_2FA = True
    client = sign_in(Client(), boss, verified=False)
    problems = []
    for route in protected(routes(samples=SAMPLES)):
        if for_clinicians(route):
            problems += refusal_problems(client, route.url, expect={CLINICIAN_SIGN_IN})
        elif not matches(route, SIGNED_IN_ONLY):
            problems += refusal_problems(client, route.url, expect={VERIFY})
    assert not problems, "\n".join(problems)


def test_a_superuser_is_no_clinician(settings, boss):
    """Staff sessions and clinician sessions are apart: the boss is refused every page that
    is for clinicians only, and a clinician is let in."""
    client = sign_in(Client(), boss)
    clinician = sign_in_clinician(Client(), ClinicianFactory())
    routes_for_clinicians = [r for r in protected(routes(samples=SAMPLES)) if for_clinicians(r)]
    assert routes_for_clinicians, "the walk reaches the clinicians' pages"
    problems = []
    for route in routes_for_clinicians:
        problems += refusal_problems(client, route.url, expect={CLINICIAN_SIGN_IN})
        response = clinician.get(route.url)
        if response.status_code >= 500 or outcome(response) in (CLINICIAN_SIGN_IN, FORBIDDEN):
            problems.append(f"clinician: {route}: {outcome(response)}")
    assert not problems, "\n".join(problems)


def test_the_people_a_page_is_for_get_through(settings, boss):
    """The refusals above mean something only if the right person is let in."""
    settings.REQUIRE_2FA = True
    client = sign_in(Client(), boss)
    problems = []
    for route in protected(routes(samples=SAMPLES)):
        if for_clinicians(route):
            continue  # test_a_superuser_is_no_clinician lets a clinician in instead
        response = client.get(route.url)
        answer = outcome(response)
        refused = (
            (LOGIN, VERIFY) if matches(route, CLOSED_TO_EVERYONE) else (LOGIN, VERIFY, FORBIDDEN)
        )
        if response.status_code >= 500 or answer in refused:
            problems.append(f"{route}: {answer}")
    assert not problems, "\n".join(problems)


# The walk itself must be able to fail.


def _page(request, **kwargs):
    return HttpResponse("a page")


def _detail(request, pk):
    raise Http404


class BrokenUrls:
    # Before the real ones, so they are what these URLs reach.
    urlpatterns = [
        path("staff/", staff_required(_page)),
        path("staff/leak/", _page),
        path("staff/requests/<int:pk>/", _detail),
        path("staff/editors-only/", staff_required(_page, group="Content editors")),
        path("new-page/", _page),
        *root_urls.urlpatterns,
    ]


def test_the_walk_catches_a_page_nobody_protected_or_listed(settings, people):
    settings.ROOT_URLCONF = BrokenUrls
    settings.REQUIRE_2FA = True
    all_routes = routes(samples=SAMPLES)
    anonymous = "\n".join(anonymous_problems(all_routes))
    assert "/staff/leak/" in anonymous
    assert "/new-page/" in anonymous
    assert "/staff/requests/1/" in anonymous, "a 404 for a made-up id proves nothing"
    assert "/staff/: " not in anonymous
    outsiders = "\n".join(outsider_problems(all_routes, people))
    assert "stranger: /staff/leak/" in outsiders
    assert "editor: /staff/editors-only/" in outsiders, "editors pass a Content editors page"
    assert "editor: /staff/: " not in outsiders


def test_a_url_argument_can_point_at_a_real_object():
    samples = {"admin:auth_user_change": {"object_id": lambda: "42"}}
    urls = {r.name: r.url for r in routes(samples=samples)}
    assert urls["admin:auth_user_change"] == "/admin/auth/user/42/change/"


# The per-object helpers, on pages that carry a token or an id.

REAL_TOKEN = "q8Zr3kV1xT6mW0pN4bY7cL2s"


def _exact(request, token):
    if token != REAL_TOKEN:
        raise Http404
    return HttpResponse("results")


def _sloppy(request, token):
    return HttpResponse("results")  # opens for any token


class TokenUrls:
    urlpatterns = [
        path("exact/<str:token>/", _exact),
        path("sloppy/<str:token>/", _sloppy),
        path("staff/requests/<int:pk>/", staff_required(_detail)),
    ]


def test_the_token_check_passes_an_exact_token_and_catches_a_sloppy_one(settings, client):
    settings.ROOT_URLCONF = TokenUrls
    assert_token_is_unguessable(client, lambda t: f"/exact/{t}/", REAL_TOKEN)
    with pytest.raises(AssertionError, match="answered 200"):
        assert_token_is_unguessable(client, lambda t: f"/sloppy/{t}/", REAL_TOKEN)
    with pytest.raises(AssertionError, match="too short"):
        assert_token_is_unguessable(client, lambda t: f"/exact/{t}/", "12345")


def test_assert_refuses_checks_one_object_for_one_person(settings, client, stranger):
    settings.ROOT_URLCONF = TokenUrls
    assert_refuses(client, "/staff/requests/7/", expect={LOGIN})
    sign_in(client, stranger)
    assert_refuses(client, "/staff/requests/7/", expect={FORBIDDEN})
    with pytest.raises(AssertionError, match="expected"):
        assert_refuses(client, "/sloppy/anything/", expect={FORBIDDEN})
