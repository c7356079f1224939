"""Whole public pages cached for anonymous visitors, and never stale after a change."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conditions.models import Condition
from ellie import pagecache
from ellie.models import PageVersion
from matching import services
from matching.models import Clinician, Specialty
from matching.photos import read_photo
from matching.search_rows import refresh_search_rows
from practice.models import Holiday, Practice, PracticePage
from tests.budgets import VERSION
from tests.factories import ClinicianFactory, ConditionFactory
from tests.images import jpeg_bytes
from tests.matching.test_roster import GOOD, roster

pytestmark = pytest.mark.django_db


@pytest.fixture
def rosa(db):
    clinician = ClinicianFactory(
        first_name="Rosa", last_name="Lindqvist", slug="rosa-lindqvist", specialties=["anxiety"]
    )
    refresh_search_rows(clinician_ids=[clinician.pk])
    return clinician


def public_paths(rosa):
    return [
        "/",
        "/conditions/",
        "/conditions/self-harm/",
        "/crisis/",
        "/about/",
        rosa.get_absolute_url(),
    ]


def html(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


# --- Cached, cheaply -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, queries",
    [
        ("/", VERSION),
        ("/conditions/", VERSION),
        ("/crisis/", VERSION),
        ("/clinicians/rosa-lindqvist/", VERSION),
        ("/about/", VERSION),
        # Without a shared cache, triggers move the version on every write to a condition
        # page's tables, so an update that sent no signal still shows (test_pages.py).
        ("/conditions/self-harm/", VERSION),
    ],
)
def test_a_repeat_anonymous_visit_is_answered_from_the_cache(
    client, rosa, practice, django_assert_num_queries, path, queries
):
    first = client.get(path)
    with django_assert_num_queries(queries):
        again = client.get(path)
    assert again.status_code == 200
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    for header in ("Content-Security-Policy", "X-Frame-Options", "Permissions-Policy"):
        assert again[header] == first[header], "every response gets the security headers"


@pytest.mark.parametrize("path", ["/", "/conditions/", "/crisis/", "/clinicians/rosa-lindqvist/"])
def test_a_cached_page_answers_its_etag_with_a_304(client, rosa, path):
    first = client.get(path)
    client.get(path)  # cached now
    again = client.get(path, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304


def test_the_version_is_read_once_per_request_however_often_asked(rf, rosa):
    reads = []
    real = pagecache._read

    def counting():
        reads.append(1)
        return real()

    pagecache._read = counting
    try:

        def page(request):
            return [pagecache.version() for _ in range(20)]

        versions = pagecache.VersionMiddleware(page)(rf.get("/"))
    finally:
        pagecache._read = real
    assert len(set(versions)) == 1
    assert len(reads) == 1


# --- No cookies, no session --------------------------------------------------------------


def test_anonymous_public_pages_set_no_cookie_and_do_not_vary_on_it(client, rosa):
    for path in public_paths(rosa):
        for attempt in ("rendered", "cached"):
            response = client.get(path)
            assert not response.cookies, (path, attempt)
            assert "Set-Cookie" not in response, (path, attempt)
            assert "Cookie" not in response.get("Vary", ""), (path, attempt)


def test_a_page_that_touched_the_session_is_not_kept(rf):
    from django.contrib.sessions.backends.db import SessionStore
    from django.http import HttpResponse

    request = rf.get("/somewhere/")
    request.session = SessionStore()
    request.session.get("anything")
    assert not pagecache._storable(request, HttpResponse("hello"))


@pytest.mark.parametrize(
    "headers",
    [{"Cache-Control": "no-store"}, {"Cache-Control": "private, max-age=0"}],
)
def test_a_page_that_may_not_be_stored_is_not_kept(rf, headers):
    from django.http import HttpResponse

    response = HttpResponse("hello", headers=headers)
    assert not pagecache._storable(rf.get("/"), response)


def test_a_page_that_sets_a_cookie_is_not_kept(rf):
    from django.http import HttpResponse

    response = HttpResponse("hello")
    response.set_cookie("results", "x")
    assert not pagecache._storable(rf.get("/"), response)


# --- Never cached ---------------------------------------------------------------------------


def planted_key(path):
    from django.test import RequestFactory

    request = RequestFactory().get(path)
    return pagecache.page_key(request)


def whole_key(path):
    """The key of the page as answered before the middleware (None: never answered so)."""
    from django.test import RequestFactory

    whole = pagecache._kept_page_for(RequestFactory().get(path))
    return whole.key if isinstance(whole, pagecache.WholePage) else None


def plant(path):
    """A planted copy at both layers: the view's and the one before the middleware."""
    cache.set(planted_key(path), (b"PLANTED PAGE", "text/html", []), 60)
    if key := whole_key(path):
        pagecache._keep(key, (b"PLANTED PAGE", [("Content-Type", "text/html")]))


@pytest.mark.parametrize("path", ["/", "/crisis/", "/conditions/", "/clinicians/rosa-lindqvist/"])
def test_signed_in_staff_never_receive_a_cached_page(client, rosa, editor, path):
    client.get(path)  # rendered and kept for anonymous visitors
    plant(path)
    assert client.get(path).content == b"PLANTED PAGE", "the anonymous visitor gets the copy"
    client.force_login(editor)
    response = client.get(path)
    assert b"PLANTED PAGE" not in response.content
    assert "no-store" in response["Cache-Control"]


def test_a_query_string_is_rendered_afresh(client, rosa):
    client.get("/crisis/")
    plant("/crisis/")
    assert b"PLANTED PAGE" not in client.get("/crisis/?utm_source=x").content


@pytest.mark.parametrize(
    "path",
    ["/get-matched/", "/get-matched/results/", "/get-matched/done/", "/staff/", "/admin/"],
)
def test_form_results_and_staff_pages_are_never_kept(client, path):
    client.get(path)
    client.get(path)
    assert cache.get(planted_key(path)) is None
    assert whole_key(path) is None, "never answered whole before the middleware"


def test_a_form_post_is_never_answered_from_the_cache(client):
    client.get("/get-matched/")
    plant("/get-matched/")
    response = client.post("/get-matched/", {})
    assert b"PLANTED PAGE" not in response.content


# --- Every change shows on the next request ---------------------------------------------


def edit_condition(rosa):
    page = Condition.objects.get(slug="self-harm")
    page.headline = "A brand new headline."
    page.save()
    return "/conditions/self-harm/", "A brand new headline."


def publish_condition(rosa):
    ConditionFactory(slug="new-page", title="A newly published page", is_published=True)
    return "/conditions/", "A newly published page"


def publish_condition_home(rosa):
    ConditionFactory(slug="new-page", title="A newly published page", is_published=True)
    return "/", "A newly published page"


def unpublish_condition(rosa):
    page = Condition.objects.get(slug="anxiety")
    page.is_published = False
    page.save()
    return "/conditions/", None


def edit_clinician(rosa):
    rosa.bio = "Newly written bio for the profile."
    services.save_clinician(clinician=rosa, update_fields=["bio"])
    return rosa.get_absolute_url(), "Newly written bio for the profile."


def confirm_availability(rosa):
    services.confirm_availability(clinician_ids=[rosa.pk], on=dt.date(2026, 11, 2))
    return rosa.get_absolute_url(), "November 2, 2026"


def rename_reference_item(rosa):
    item = Specialty.objects.get(slug="anxiety")
    item.name = "Worry and anxiety (renamed)"
    services.save_reference_item(item=item)
    return rosa.get_absolute_url(), "Worry and anxiety (renamed)"


def delete_reference_item(rosa):
    name = Specialty.objects.get(slug="anxiety").name
    services.delete_reference_items(items=Specialty.objects.filter(slug="anxiety"))
    return rosa.get_absolute_url(), f"!{name}"


def import_roster(rosa):
    Clinician.objects.filter(pk=rosa.pk).update(npi=GOOD["npi"])
    result = services.import_roster(file=roster({**GOOD, "bio": "A bio from the roster file."}))
    assert not result.errors, result.errors
    return Clinician.objects.get(npi=GOOD["npi"]).get_absolute_url(), "A bio from the roster file."


def deactivate_clinician(rosa):
    rosa.is_active = False
    services.save_clinician(clinician=rosa, update_fields=["is_active"])
    return rosa.get_absolute_url(), 404


def change_photo(rosa):
    services.set_clinician_photo(clinician=rosa, photo=read_photo(jpeg_bytes()))
    return rosa.get_absolute_url(), "<picture"


def practice_phone(rosa):
    practice = Practice.objects.get()
    practice.phone = "(651) 555-0199"
    practice.save()
    return "/crisis/", "(651) 555-0199"


def practice_holiday(rosa):
    practice = Practice.objects.get()
    Holiday.objects.create(practice=practice, date=dt.date(2031, 3, 3), name="Closed")
    practice = Practice.current()
    assert dt.date(2031, 3, 3) in [day for day, _ in practice.holiday_list]
    return "/", None


def edit_practice_page(rosa):
    page = PracticePage.objects.get(slug="about")
    page.intro = "We are a small practice in the Twin Cities."
    page.save()
    return "/about/", "We are a small practice in the Twin Cities."


def unpublish_practice_page(rosa):
    page = PracticePage.objects.get(slug="about")
    page.is_published = False
    page.save()
    return "/about/", 404


CHANGES = [
    edit_condition,
    publish_condition,
    publish_condition_home,
    unpublish_condition,
    edit_clinician,
    confirm_availability,
    rename_reference_item,
    delete_reference_item,
    import_roster,
    deactivate_clinician,
    change_photo,
    practice_phone,
    practice_holiday,
    edit_practice_page,
    unpublish_practice_page,
]


def assert_shows(response, expected) -> None:
    """`expected`: text on the page, "!text" not on it, 404, or None (just a page)."""
    if expected == 404:
        assert response.status_code == 404
    elif expected is None:
        assert response.status_code == 200
    elif expected.startswith("!"):
        assert expected[1:] not in response.content.decode()
    else:
        assert expected in response.content.decode()


def test_in_the_shared_cache_a_repeat_visit_is_answered_from_the_process_memory(
    client, rosa, in_cache
):
    first = client.get("/crisis/")
    client.get("/crisis/")  # kept now, in the shared cache and in this process
    key = whole_key("/crisis/")
    assert cache.get(key) is not None
    cache.delete(key)  # the shared copy gone: this process still has the page
    again = client.get("/crisis/")
    assert again.content == first.content
    assert cache.get(key) is None, "answered without rendering or storing again"


@pytest.mark.parametrize("change", CHANGES, ids=lambda f: f.__name__)
def test_a_change_is_visible_on_the_very_next_request(client, rosa, media, change):
    for path in public_paths(rosa):
        client.get(path)
        client.get(path)  # cached
    before = PageVersion.objects.get().number
    path, expected = change(rosa)
    assert PageVersion.objects.get().number > before, "the version moved"
    assert_shows(client.get(path), expected)


def test_unpublishing_removes_the_page_from_the_list_at_once(client, rosa):
    assert "Anxiety" in html(client, "/conditions/")
    unpublish_condition(rosa)
    assert 'href="/conditions/anxiety/"' not in html(client, "/conditions/")
    assert client.get("/conditions/anxiety/").status_code == 404


def test_rebuilding_search_rows_moves_the_version(rosa):
    before = pagecache.version()
    refresh_search_rows(clinician_ids=[rosa.pk])
    assert pagecache.version() > before


def test_generating_clinicians_moves_the_version():
    before = pagecache.version()
    services.generate_roster(count=3, seed=1)
    assert pagecache.version() > before


def test_another_process_change_is_seen_through_the_shared_version(client, rosa):
    """Another worker's save moves the row this one reads: its own memory copy is not used."""
    html(client, "/crisis/")
    Practice.objects.filter(pk=1).update(phone="(651) 555-0123")  # another process's write
    assert "(651) 555-0123" not in html(client, "/crisis/"), "no signal here: still cached"
    PageVersion.objects.filter(pk=1).update(number=PageVersion.objects.get().number + 1)
    assert "(651) 555-0123" in html(client, "/crisis/")
    assert Practice.current().phone == "(651) 555-0123"


def test_a_lost_version_row_starts_from_a_number_never_used(rosa):
    before = pagecache.version()
    PageVersion.objects.all().delete()
    after = pagecache.version()
    assert after > before


# --- With a shared cache (REDIS_URL): the version lives there ------------------------------


@pytest.fixture
def in_cache(settings):
    settings.PAGE_VERSION_STORE = "cache"
    cache.clear()
    pagecache._recent.clear()
    yield
    pagecache._recent.clear()


def test_in_the_shared_cache_a_repeat_visit_costs_no_query(
    client, rosa, in_cache, django_assert_num_queries
):
    client.get("/crisis/")
    client.get(rosa.get_absolute_url())
    with django_assert_num_queries(0):
        client.get("/crisis/")
        client.get(rosa.get_absolute_url())


@pytest.mark.parametrize("change", CHANGES, ids=lambda f: f.__name__)
def test_in_the_shared_cache_a_change_is_visible_on_the_next_request(
    client, rosa, media, in_cache, change
):
    for path in public_paths(rosa):
        client.get(path)
        client.get(path)
    before = cache.get(pagecache.VERSION_KEY)
    path, expected = change(rosa)
    assert cache.get(pagecache.VERSION_KEY) > before
    assert_shows(client.get(path), expected)


def test_a_lost_shared_version_starts_from_a_number_never_used(in_cache):
    before = pagecache.version()
    cache.delete(pagecache.VERSION_KEY)
    pagecache.bump()
    assert pagecache.version() > before


def test_with_the_shared_cache_the_version_moves_again_when_the_change_commits(
    in_cache, django_capture_on_commit_callbacks
):
    before = pagecache.version()
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.bump()
    assert pagecache.version() == before + 2


def test_with_the_database_away_the_crisis_page_is_rendered_uncached(client, monkeypatch):
    from django.db import OperationalError

    def away(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(Practice, "load", classmethod(lambda cls: away()))
    monkeypatch.setattr(pagecache, "READ_SQL", "SELECT number FROM no_such_table")
    response = client.get("/crisis/")
    assert response.status_code == 200
    assert "(612) 555-0142" in response.content.decode()


def test_a_cached_hit_reads_the_version_and_nothing_else(client, rosa):
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert len(queries) == 1
    assert "ellie_pageversion" in queries[0]["sql"]


def test_the_current_date_alone_changes_nothing_on_a_profile(rosa):
    # Profiles show dates, never "days ago": a cached profile cannot go stale by itself.
    from django.template.loader import get_template

    source = get_template("matching/clinician_detail.html").template.source
    assert "timesince" not in source and "timeuntil" not in source
    assert timezone.now()


# --- The version read is the connection's health check ------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a persistent PostgreSQL link")
# Serialized like every other transactional test here: a flush without it runs post_migrate,
# and the next test that restores the serialized rows would meet its content types.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_dead_persistent_connection_is_replaced_by_the_version_read():
    """With CONN_HEALTH_CHECKS the version read is the request's first query and does the
    check: a connection the server dropped is closed and opened again, once."""
    connection.ensure_connection()
    connection.health_check_enabled = True  # as with CONN_HEALTH_CHECKS (settings turn it on)
    connection.health_check_done = False
    with connection.cursor() as cursor:  # the server ends this session under us
        cursor.execute("SELECT pg_backend_pid()")
        [pid] = cursor.fetchone()
    from django.db import connections

    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()
    connection.health_check_done = False
    assert pagecache._read_row() is not None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid, "a new connection"
