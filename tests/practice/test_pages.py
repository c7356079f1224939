"""The practice's own pages: published or draft, edited in the admin, contact details from
the one place they are kept, linked from every page's footer."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.template import Context, Template
from django.utils import timezone

from practice.models import PageSlug, Practice, PracticePage, PracticePageSection
from tests.budgets import VERSION
from tests.security.helpers import sign_in

pytestmark = pytest.mark.django_db

PATHS = ["/about/", "/locations/", "/what-to-expect/", "/fees-and-insurance/", "/privacy/"]


def test_the_practice_ships_its_five_pages_published(client):
    pages = PracticePage.objects.published()
    assert sorted(p.get_absolute_url() for p in pages) == sorted(PATHS)
    for path in PATHS:
        response = client.get(path)
        assert response.status_code == 200, path
        page = response.context["page"]
        assert page.sections.exists(), f"{path} has no sections"
        assert f"<h1>{page.title}</h1>" in response.content.decode()


@pytest.mark.parametrize(
    ("slug", "words"),
    [
        ("about", ["you do not have to have the right words", "call or text 988"]),
        ("what-to-expect", ["within one business day", "If it does not feel right"]),
        ("fees-and-insurance", ["Sliding scale", "Good Faith Estimate"]),
        ("privacy", ["We never sell", "no trackers", "Leave this site"]),
    ],
)
def test_each_page_says_what_its_title_promises(client, slug, words):
    text = client.get(f"/{slug}/").content.decode()
    for word in words:
        assert word in text, f"/{slug}/ lacks {word!r}"


def test_the_locations_page_reads_phone_address_and_hours_from_the_practice(client):
    practice = Practice.objects.get()
    practice.phone = "(651) 555-0199"
    practice.street = "12 Quiet Lane"
    practice.save()
    practice.holidays.all().delete()
    practice.holidays.create(date=timezone.localdate() + dt.timedelta(days=9), name="Staff day")
    html = client.get("/locations/").content.decode()
    assert 'href="tel:+16515550199"' in html
    assert "12 Quiet Lane" in html
    assert "Monday to Friday" in html
    assert "Closed on these days" in html and "Staff day" in html


def test_a_page_without_the_contact_panel_still_names_the_number_in_its_call_to_action(client):
    PracticePage.objects.filter(slug="about").update(show_contact=False)
    html = client.get("/about/").content.decode()
    assert "contact-panel" not in html
    assert f'Or call us at <a href="{Practice.current().phone_href}">' in html


def test_a_draft_is_not_found_for_visitors_and_a_marked_preview_for_editors(client, editor):
    PracticePage.objects.filter(slug="privacy").update(is_published=False)
    assert client.get("/privacy/").status_code == 404
    response = sign_in(client, editor).get("/privacy/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Draft preview — not public." in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "no-store" in response["Cache-Control"]


def test_a_stranger_signed_in_cannot_preview_a_draft(client, stranger):
    PracticePage.objects.filter(slug="privacy").update(is_published=False)
    assert sign_in(client, stranger).get("/privacy/").status_code == 404


def test_a_published_page_may_be_kept_by_browsers_but_is_asked_for_again(client):
    cache_control = client.get("/about/")["Cache-Control"]
    assert "public" in cache_control and "no-cache" in cache_control


def test_the_footer_links_to_published_pages_only(client):
    PracticePage.objects.filter(slug="fees-and-insurance").update(is_published=False)
    Practice.forget()  # update() sends no signal
    html = client.get("/").content.decode()
    assert '<a href="/about/">About us</a>' in html
    assert 'href="/fees-and-insurance/"' not in html


def test_an_edit_in_the_admin_shows_in_the_footer_at_once(client, practice):
    client.get("/")  # the practice and its links are now cached
    page = PracticePage.objects.get(slug="about")
    page.title = "Who we are"
    page.save()
    assert '<a href="/about/">Who we are</a>' in client.get("/").content.decode()


def test_a_page_costs_two_queries_however_many_sections(
    client, practice, django_assert_num_queries
):
    page = PracticePage.objects.get(slug="about")
    PracticePageSection.objects.bulk_create(
        PracticePageSection(page=page, order=100 + i, heading=f"More {i}", text="Words.")
        for i in range(20)
    )
    Practice.forget()
    client.get("/")
    with django_assert_num_queries(VERSION + 2):  # the version, the page, its sections
        assert client.get("/about/").status_code == 200


def test_editors_may_edit_the_pages_but_not_add_a_sixth_or_delete_one(client, editor):
    group = Group.objects.get(name="Content editors")
    assert group.permissions.filter(codename="change_practicepage").exists()
    editor_client = sign_in(client, editor)
    page = PracticePage.objects.get(slug="about")
    assert editor_client.get(f"/admin/practice/practicepage/{page.pk}/change/").status_code == 200
    assert editor_client.get("/admin/practice/practicepage/add/").status_code == 403
    assert editor_client.get(f"/admin/practice/practicepage/{page.pk}/delete/").status_code == 403


def test_an_editor_saves_a_page_with_a_new_section_and_the_page_shows_it(client, editor):
    page = PracticePage.objects.get(slug="what-to-expect")
    sections = list(page.sections.all())
    data = {
        "title": page.title,
        "summary": page.summary,
        "intro": page.intro,
        "show_contact": "",
        "order": page.order,
        "is_published": "on",
        "sections-TOTAL_FORMS": len(sections) + 1,
        "sections-INITIAL_FORMS": len(sections),
        "sections-MIN_NUM_FORMS": 0,
        "sections-MAX_NUM_FORMS": 1000,
    }
    for i, section in enumerate(sections):
        data |= {
            f"sections-{i}-id": section.pk,
            f"sections-{i}-page": page.pk,
            f"sections-{i}-order": section.order,
            f"sections-{i}-heading": section.heading,
            f"sections-{i}-text": section.text,
        }
    n = len(sections)
    data |= {
        f"sections-{n}-page": page.pk,
        f"sections-{n}-order": 5,
        f"sections-{n}-heading": "Bring a friend",
        f"sections-{n}-text": "You may bring someone <b>with</b> you.\n\n- to the waiting room",
    }
    editor_client = sign_in(client, editor)
    response = editor_client.post(f"/admin/practice/practicepage/{page.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    html = client.get("/what-to-expect/").content.decode()
    assert html.index("Bring a friend") < html.index(sections[0].heading)
    assert "You may bring someone &lt;b&gt;with&lt;/b&gt; you." in html
    assert "<li>to the waiting room</li>" in html


def test_the_address_of_a_page_cannot_be_changed_once_it_exists(client, editor):
    page = PracticePage.objects.get(slug="about")
    response = sign_in(client, editor).get(f"/admin/practice/practicepage/{page.pk}/change/")
    assert 'name="slug"' not in response.content.decode()


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("One.\n\nTwo.", "<p>One.</p>\n<p>Two.</p>"),
        ("A line\nand the next", "<p>A line<br>and the next</p>"),
        ("- tea\n- toast", "<ul><li>tea</li><li>toast</li></ul>"),
        ("Intro:\n- not a list, mixed", "<p>Intro:<br>- not a list, mixed</p>"),
        ("<script>x</script>", "<p>&lt;script&gt;x&lt;/script&gt;</p>"),
        ("- <i>x</i>", "<ul><li>&lt;i&gt;x&lt;/i&gt;</li></ul>"),
        ("", ""),
    ],
)
def test_page_text_becomes_paragraphs_and_lists_and_never_markup(text, html):
    rendered = Template("{% load prose %}{{ text|prose }}").render(Context({"text": text}))
    assert rendered == html


def test_every_page_slug_has_its_address():
    assert [f"/{slug}/" for slug in PageSlug.values] == PATHS


@pytest.mark.parametrize("slug", PageSlug.values)
def test_the_spanish_address_shows_the_english_text_under_a_spanish_note(client, slug):
    page = PracticePage.objects.get(slug=slug)
    response = client.get(f"/es/{slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="es"' in html
    assert "Esta página todavía no está disponible en español" in html
    assert '<article class="practice-page" lang="en">' in html
    assert page.title in html
    assert '<meta name="robots" content="noindex">' in html
    assert 'hreflang="es"' not in html, "no Spanish alternate is claimed for English text"


def test_the_english_address_has_no_spanish_note(client):
    html = client.get("/about/").content.decode()
    assert '<article class="practice-page">' in html
    assert "translation-note" not in html
    assert 'content="noindex"' not in html
