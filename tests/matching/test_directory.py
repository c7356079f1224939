"""The public directory and profiles."""

import html
import io
import re

import pytest
from django.urls import reverse

from matching.demo import load
from matching.models import Clinician
from practice.models import Practice
from tests.budgets import VERSION
from tests.factories import ClinicianFactory

pytestmark = pytest.mark.django_db

URL = "/clinicians/"


def names(response) -> set[str]:
    """The names on the page's cards, as shown (one card per clinician on the page)."""
    shown = re.findall(
        r'<h2 class="h5 mb-1"><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )
    assert len(shown) == len(response.context["page"]), "a card for every clinician on the page"
    return {html.unescape(name) for name in shown}


def test_the_urls_are_the_public_contract():
    assert reverse("matching:clinician_list") == URL
    clinician = ClinicianFactory(slug="maya-lindqvist")
    assert clinician.get_absolute_url() == "/clinicians/maya-lindqvist/"


def test_it_lists_active_clinicians_only(client):
    shown = ClinicianFactory()
    hidden = ClinicianFactory(is_active=False)
    response = client.get(URL)
    assert response.status_code == 200
    assert shown.display_name in names(response)
    assert hidden.display_name not in names(response)


@pytest.mark.parametrize(
    ("query", "fits", "misses"),
    [
        ("state=WI", {"licensed_states": ["WI", "MN"]}, {"licensed_states": ["MN"]}),
        ("format=in_person", {"offices": ["55401"]}, {}),
        ("format=telehealth", {}, {"telehealth": False, "offices": ["55401"]}),
        ("carrier=aetna", {"carriers": ["aetna", "cigna"]}, {"carriers": ["cigna"]}),
        ("specialty=self-harm", {"specialties": ["self-harm"]}, {"specialties": ["grief"]}),
        ("modality=dbt", {"modalities": ["dbt"]}, {"modalities": ["cbt"]}),
        ("language=spanish", {"languages": ["english", "spanish"]}, {}),
        ("age=teen", {"age_groups": ["teen"]}, {"age_groups": ["adult"]}),
        ("accepting=on", {}, {"accepting_new_clients": False}),
    ],
)
def test_each_filter_keeps_only_the_clinicians_who_fit(client, query, fits, misses):
    fit = ClinicianFactory(**fits)
    miss = ClinicianFactory(**misses)
    response = client.get(f"{URL}?{query}")
    assert names(response) == {fit.display_name}
    assert miss.display_name not in response.content.decode()


def test_filters_combine(client):
    both = ClinicianFactory(carriers=["aetna"], specialties=["self-harm"])
    ClinicianFactory(carriers=["aetna"])
    ClinicianFactory(specialties=["self-harm"])
    response = client.get(f"{URL}?carrier=aetna&specialty=self-harm")
    assert names(response) == {both.display_name}


@pytest.mark.parametrize(
    "query", ["state=ZZ", "carrier=acme", "age=toddler", "specialty=%3Cscript%3E", "page=abc"]
)
def test_invalid_filters_give_a_clear_message_not_an_error(client, query):
    ClinicianFactory()
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    page = response.content.decode()
    if not query.startswith("page"):
        assert "Some filters couldn't be used" in page
    assert "<script>" not in page
    assert len(names(response)) == 1, "the valid filters (none) still apply"


def test_an_empty_result_points_to_getting_matched(client):
    ClinicianFactory(licensed_states=["MN"])
    response = client.get(f"{URL}?state=MT")
    page = response.content.decode()
    assert "No clinicians match these filters." in page
    assert 'href="/get-matched/"' in page


def test_pages_keep_their_filters_and_cost_the_same_queries(
    client, practice, django_assert_max_num_queries
):
    for _ in range(45):
        ClinicianFactory(carriers=["aetna"], specialties=["self-harm:primary", "depression"])
    Practice.current()  # cached again at the version the factories moved on
    with django_assert_max_num_queries(VERSION + COLD):
        first = client.get(f"{URL}?carrier=aetna&specialty=self-harm&age=adult&state=MN")
    assert len(first.context["page"]) == 20
    assert "45 clinicians, page 1 of 3" in first.content.decode()
    assert "carrier=aetna&amp;specialty=self-harm&amp;age=adult&amp;state=MN&amp;page=2" in (
        first.content.decode()
    )
    # Lists, count and order kept; the third page's cards are new (its clinicians and their
    # two prefetches).
    with django_assert_max_num_queries(VERSION + WARM + 3):
        last = client.get(f"{URL}?carrier=aetna&specialty=self-harm&age=adult&state=MN&page=3")
    assert len(last.context["page"]) == 5


# The first filtered request after a change: the four lists of reference items (then kept
# under the pages' version), the fitting ids from the search rows (in a state; elsewhere the
# count, kept under the version too, then the ids when few fit), those ids by name (the
# whole ordered list, kept under the version and filters), and the clinicians whose cards
# are not kept yet with their two prefetches (specialties, offices). After that the lists,
# counts, order and cards come from the cache: the same filters again read nothing more.
COLD = 4 + 2 + 1 + 3
WARM = 0


def test_the_directory_query_count_does_not_grow_with_clinicians(
    client, practice, django_assert_num_queries
):
    for _ in range(3):
        ClinicianFactory(offices=["55401"], specialties=["anxiety:primary"])
    Practice.current()
    with django_assert_num_queries(VERSION + COLD) as small:
        client.get(f"{URL}?specialty=anxiety")
    with django_assert_num_queries(VERSION + WARM):
        client.get(f"{URL}?specialty=anxiety&page=1")
    for _ in range(30):
        ClinicianFactory(offices=["55401"], specialties=["anxiety:primary", "grief"])
    Practice.current()
    with django_assert_num_queries(len(small)):
        client.get(f"{URL}?specialty=anxiety")


# What a visitor reaches by choosing filters (a browser sends the lists left at "any" too).
OFFERED = [
    "?state=MN&format=telehealth&carrier=aetna",
    "?state=MN&format=&carrier=aetna&specialty=&modality=&language=&age=&accepting=on",
    "?specialty=anxiety&page=2",
]
# What no choice gives: rendered afresh every time, never kept.
MADE_UP = [
    "?carrier=no-such-carrier",
    "?state=mn",
    "?state=MN&state=WI",
    "?utm_source=newsletter",
    "?page=0",
    "?page=51",
    "?page=two",
    "?accepting=yes",
]


@pytest.mark.parametrize("query", OFFERED)
def test_a_filtered_page_a_visitor_can_reach_is_kept_whole(
    client, practice, query, django_assert_num_queries
):
    for _ in range(25):
        ClinicianFactory(carriers=["aetna"], specialties=["anxiety:primary"])
    Practice.current()
    first = client.get(URL + query)
    with django_assert_num_queries(VERSION):
        again = client.get(URL + query)
    assert again.content == first.content and again.status_code == 200
    assert again.context is None, "answered with the kept page, no template rendered"


@pytest.mark.parametrize("query", MADE_UP)
def test_a_made_up_query_is_rendered_afresh_and_never_kept(client, practice, query):
    from ellie import pagecache

    ClinicianFactory(carriers=["aetna"])
    Practice.current()
    client.get(URL + query)
    kept = set(pagecache._recent._entries)
    again = client.get(URL + query)
    assert again.status_code == 200
    assert again.context is not None, "rendered again (a kept page renders no template)"
    assert set(pagecache._recent._entries) == kept, "nothing new kept"


def test_the_filters_read_the_search_rows_never_the_link_tables(client, practice):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ClinicianFactory(carriers=["aetna"], specialties=["anxiety"], languages=["spanish"])
    ClinicianFactory(carriers=["cigna"], specialties=["anxiety"], languages=["spanish"])
    query = "state=MN&format=telehealth&carrier=aetna&specialty=anxiety&language=spanish&age=adult"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{URL}?{query}")
    assert len(response.context["page"]) == 1
    sql = [q["sql"] for q in queries.captured_queries]
    fitting = [q for q in sql if "matching_searchrow" in q]
    assert len(fitting) == 1, "one read of the search rows, no subquery elsewhere"
    for query in sql:
        assert "EXISTS" not in query.upper()
        for table in ("clinician_carriers", "clinician_languages"):
            assert table not in query
    assert "JOIN" not in fitting[0].upper()


def test_a_renamed_carrier_shows_in_the_list_on_the_next_request(client):
    from matching import services
    from matching.models import Carrier

    ClinicianFactory(carriers=["aetna"])
    assert "Aetna" in client.get(f"{URL}?state=MN").content.decode()
    carrier = Carrier.objects.get(slug="aetna")
    carrier.name = "Aetna (renamed)"
    services.save_reference_item(item=carrier)
    assert "Aetna (renamed)" in client.get(f"{URL}?state=MN").content.decode()


def test_a_kept_card_shows_a_change_on_the_next_request(client):
    from matching import services

    clinician = ClinicianFactory(first_name="Rosa", accepting_new_clients=True)
    first = client.get(f"{URL}?state=MN").content.decode()
    assert "Rosa" in first and "Accepting new clients" in first
    assert client.get(f"{URL}?state=MN").content.decode() == first, "the card was kept"
    clinician.first_name = "Rosalind"
    clinician.accepting_new_clients = False
    services.save_clinician(clinician=clinician)
    again = client.get(f"{URL}?state=MN").content.decode()
    assert "Rosalind" in again and "Not accepting new clients right now" in again


def test_a_new_clinician_shows_in_a_kept_list_on_the_next_request(client):
    ClinicianFactory(first_name="Ada", last_name="Berg", credentials="LPC", carriers=["aetna"])
    assert names(client.get(f"{URL}?state=MN&carrier=aetna")) == {"Ada Berg, LPC"}
    ClinicianFactory(first_name="Cy", last_name="Aalto", credentials="LPC", carriers=["aetna"])
    again = client.get(f"{URL}?state=MN&carrier=aetna")
    assert names(again) == {"Ada Berg, LPC", "Cy Aalto, LPC"}
    assert "2 clinicians" in again.content.decode()


def test_cards_are_kept_in_each_language(client):
    ClinicianFactory(accepting_new_clients=True)
    assert "Accepting new clients" in client.get(f"{URL}?state=MN").content.decode()
    spanish = client.get(f"/es{URL}?state=MN").content.decode()
    assert "Acepta clientes nuevos" in spanish
    assert "Accepting new clients" not in spanish


def test_only_the_first_three_cards_photos_load_at_once_wherever_the_card_was_first_seen(
    client, media
):
    from matching.photos import read_photo, set_clinician_photo
    from tests.images import jpeg_bytes

    for name in ("Aalto", "Berg", "Carlsen"):
        ClinicianFactory(last_name=name, specialties=["grief"])
    fourth = ClinicianFactory(last_name="Dahl", specialties=["anxiety"])
    for clinician in Clinician.objects.all():
        set_clinician_photo(clinician=clinician, photo=read_photo(jpeg_bytes()))

    def cards(query):
        page = client.get(f"{URL}?{query}").content.decode()
        return page.split('<li class="clinician-card')[1:]

    everyone = cards("state=MN")  # Dahl's card kept fourth, its photo lazy
    assert ['loading="lazy"' in card for card in everyone] == [False, False, False, True]
    alone = cards("state=MN&specialty=anxiety")  # the same card, first now
    assert len(alone) == 1 and fourth.last_name in alone[0]
    assert 'loading="lazy"' not in alone[0]


def test_pages_are_bounded_and_say_how_to_see_the_rest(client, settings, monkeypatch):
    from matching import views

    monkeypatch.setattr(views, "MAX_PAGES", 2)
    for _ in range(45):
        ClinicianFactory()
    response = client.get(f"{URL}?state=MN&page=3")
    page = response.content.decode()
    assert response.context["page"].number == 2
    assert "45 clinicians, page 2 of 2" in page
    assert "These are the first 40. Choose a state or another filter" in page
    assert 'rel="next"' not in page
    assert len(response.context["page"]) == 20


class TestProfile:
    def test_it_shows_what_a_person_needs_to_choose(self, client):
        clinician = ClinicianFactory(
            first_name="Maya",
            last_name="Lindqvist",
            credentials="LICSW",
            specialties=["self-harm:primary", "depression"],
            modalities=["dbt"],
            carriers=["aetna"],
            offices=["55408"],
            licensed_states=["MN", "WI"],
            age_groups=["teen", "adult"],
            sliding_scale=True,
        )
        response = client.get(clinician.get_absolute_url())
        page = response.content.decode()
        assert response.status_code == 200
        assert '<h1 class="mb-1">Maya Lindqvist, LICSW</h1>' in page
        for text in (
            "Primary focus:</strong> Self-harm",
            "Also experienced with:</strong> Depression",
            "Aetna",
            "Minneapolis, MN 55408",
            "Minnesota, Wisconsin",
            "Teens (13 to 17), Adults (18 to 64)",
            "Offers a sliding scale.",
            'href="/get-matched/"',
            "Accepting new clients.",
        ):
            assert text in page, text
        assert "<img" not in page

    def test_it_says_clearly_when_someone_is_not_accepting(self, client):
        clinician = ClinicianFactory(first_name="Ingrid", accepting_new_clients=False)
        page = client.get(clinician.get_absolute_url()).content.decode()
        assert "Ingrid is not accepting new clients right now." in page
        assert "Accepting new clients." not in page
        assert 'href="/get-matched/"' in page

    def test_inactive_and_unknown_clinicians_are_not_found(self, client):
        inactive = ClinicianFactory(is_active=False)
        assert client.get(inactive.get_absolute_url()).status_code == 404
        assert client.get("/clinicians/nobody-here/").status_code == 404

    def test_a_profile_costs_a_constant_number_of_queries(
        self, client, practice, django_assert_max_num_queries
    ):
        clinician = ClinicianFactory(specialties=["anxiety", "grief"], offices=["55401"])
        Practice.current()
        with django_assert_max_num_queries(VERSION + 7):
            client.get(clinician.get_absolute_url())


class TestDemo:
    def test_it_loads_about_forty_clinicians_once(self):
        out = io.StringIO()
        load(out)
        count = Clinician.objects.count()
        assert 35 <= count <= 45
        load(out)
        assert Clinician.objects.count() == count
        assert "already exist" in out.getvalue()

    def test_most_demo_clinicians_have_a_drawn_portrait_and_a_few_show_initials(
        self, settings, tmp_path
    ):
        settings.MEDIA_ROOT = tmp_path
        load(io.StringIO())
        with_photo = Clinician.objects.exclude(photo_key="")
        without = Clinician.objects.filter(photo_key="")
        assert 3 <= without.count() <= with_photo.count() // 4
        assert Clinician.objects.get(last_name="Lindqvist").photo_width == 512
        assert len({c.photo_key for c in with_photo}) == with_photo.count(), "each their own"
        stored = list((tmp_path / "clinicians").iterdir())
        assert len(stored) == with_photo.count() * 6

    def test_it_does_nothing_when_clinicians_exist(self):
        ClinicianFactory()
        load(io.StringIO())
        assert Clinician.objects.count() == 1

    def test_it_shows_good_and_empty_matches(self):
        from matching.ranking import Preferences, rank

        load(io.StringIO())
        good = rank(
            Preferences(
                state="MN",
                format="telehealth",
                concerns=("self-harm",),
                recommended_modalities=("dbt",),
                carrier="aetna",
                seed="demo",
            )
        )
        assert len(good.matches) >= 5
        top = good.matches[0]
        assert "Works with self-harm as a primary focus" in top.reasons
        assert "Trained in DBT" in top.reasons
        assert "In network with Aetna" in top.reasons
        assert rank(Preferences(state="MT", seed="demo")).explanation
        assert {c.licensed_states[0] for c in Clinician.objects.all()} >= {"MN", "WI", "IA"}


def test_the_worked_example_in_the_docs_holds():
    from matching.ranking import Preferences, rank

    load(io.StringIO())
    result = rank(
        Preferences(
            state="MN",
            format="telehealth",
            concerns=("self-harm",),
            recommended_modalities=("dbt",),
            carrier="aetna",
            gender="woman",
            seed="jamie",
        )
    )
    scores = {m.clinician.full_name: m for m in result.matches}
    assert scores["Maya Lindqvist"].score == 95
    assert scores["Priya Raman"].score == 79
    assert scores["Sam Berg"].score == 58
    assert scores["Maya Lindqvist"].reasons == (
        "Works with self-harm as a primary focus",
        "Trained in DBT",
        "In network with Aetna",
        "Is a woman, as you asked",
        "Offers telehealth",
        "Availability confirmed 3 days ago",
        "No waitlist",
    )
    assert scores["Priya Raman"].cautions == (
        "Availability last confirmed 5 weeks ago",
        "Waitlist about 3 weeks",
    )
    assert "Ingrid Dahl" not in scores
    iowa = rank(
        Preferences(
            state="IA", format="in_person", zip_code="52240", carrier="medica", seed="jamie"
        )
    )
    assert iowa.matches == ()
    assert iowa.explanation.startswith(
        "No one fits everything you asked for. Of the 8 clinicians licensed in Iowa, 1 is not "
        "taking new clients right now; 1 hasn't confirmed their availability in the last 45 "
        "days; 6 have no office within 25 miles of 52240; 8 are not in network with your plan."
    )
    assert iowa.relaxed and all(m.relaxed for m in iowa.relaxed)


@pytest.mark.parametrize("value", ["", "MN", "<b>"])
def test_the_quick_select_is_django_s_select_markup_for_markup(value):
    from django import forms

    from matching.forms import QuickSelect

    choices = [("", "Any state"), ("MN", "Minnesota"), ("WI", "Wisconsin & <more>")]
    attrs = {"class": "form-select", "id": "id_state", "aria-describedby": "x"}
    django_select = forms.Select(attrs=attrs, choices=choices)
    quick = QuickSelect(attrs=attrs, choices=choices)
    assert quick.render("state", value) == django_select.render("state", value)
