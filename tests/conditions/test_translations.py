"""Condition pages in Spanish: a translation per language, published and reviewed on its own."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from conditions import reviews
from conditions.models import Condition, ConditionTranslation, TranslationItem
from practice.models import Practice
from tests.budgets import VERSION
from tests.conditions.helpers import visible_text
from tests.conditions.test_content import UNSAFE_WORDS
from tests.ellie.test_search_engines import sitemap_urls
from tests.factories import ConditionFactory, fill_condition

pytestmark = pytest.mark.django_db
SHIPPED_IN_SPANISH = ["self-harm", "anxiety", "depression"]

# Methods, tools and injuries in Spanish: none of them on our Spanish pages.
UNSAFE_SPANISH = re.compile(
    r"\b(cort\w*|navaja\w*|cuchill\w*|quemadura\w*|quemar\w*|sobredosis|pastilla\w*|"
    r"veneno\w*|ahorc\w*|colgar\w*|muñeca\w*|sangr\w*|cicatri\w*|herida\w*|letal\w*|"
    r"calor[ií]as?|libras|vómito\w*|vomit\w*|laxante\w*|purga\w*)\b",
    re.IGNORECASE,
)


@pytest.fixture
def clinician_editor(editor):
    editor.first_name, editor.last_name = "Ana", "Reviewer"
    editor.save()
    return editor


def spanish(condition: Condition, *, published=True, **fields) -> ConditionTranslation:
    translation = ConditionTranslation.objects.create(
        condition=condition,
        language="es",
        title=fields.pop("title", "Página de prueba"),
        headline="Tiene sentido que esté aquí.",
        summary="Un resumen breve.",
        intro="Una introducción en palabras sencillas.",
        crisis_notice_text="Aviso de crisis en español.",
        is_published=published,
        **fields,
    )
    TranslationItem.objects.create(
        translation=translation, section="faq", order=1, title="¿Una pregunta?", text="Respuesta."
    )
    return translation


@pytest.mark.parametrize("slug", SHIPPED_IN_SPANISH)
def test_the_shipped_spanish_pages_are_published_and_await_a_clinical_review(slug):
    translation = ConditionTranslation.objects.get(condition__slug=slug, language="es")
    assert translation.is_published
    assert not translation.is_reviewed, "no one has reviewed the translation yet"
    sections = {item.section for item in translation.items.all()}
    assert sections == {"feeling", "thought", "cause", "support", "faq"}
    assert len(translation.summary) <= 160


@pytest.mark.parametrize("slug", SHIPPED_IN_SPANISH)
def test_a_shipped_spanish_page_reads_in_spanish_with_its_crisis_notice(client, slug):
    response = client.get(f"/es/conditions/{slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="es">' in html
    assert "data-crisis-notice" in html
    assert "marque 2" in html and "AYUDA" in html, "988 in Spanish"
    assert html.count('href="tel:988"') >= 2
    assert "/es/get-matched/?concern=" in html, "the button opens the Spanish form"
    assert "Clinically reviewed" not in html and "Revisión clínica" not in html
    assert "This page is not available in Spanish" not in visible_text(html)


@pytest.mark.parametrize("slug", SHIPPED_IN_SPANISH)
def test_shipped_spanish_pages_describe_no_methods_tools_or_injuries(client, slug):
    text = visible_text(client.get(f"/es/conditions/{slug}/").content)
    assert UNSAFE_SPANISH.findall(text) == []
    assert UNSAFE_WORDS.findall(text) == []


def test_the_spanish_self_harm_page_puts_its_crisis_notice_before_the_introduction(client):
    html = client.get("/es/conditions/self-harm/").content.decode()
    assert html.index("data-crisis-notice") < html.index("Las autolesiones no son una forma")


def test_the_english_page_links_to_its_spanish_version(client):
    html = client.get("/conditions/self-harm/").content.decode()
    assert 'hreflang="es">Lea esta página en español</a>' in html
    assert (
        '<link rel="alternate" hreflang="es" href="http://testserver/es/conditions/self-harm/">'
        in html
    )


def test_a_page_without_a_spanish_version_shows_the_english_one_with_a_spanish_note(client):
    page = ConditionFactory(slug="grief-page", title="Grief", specialties=["grief"])
    html = client.get("/es/conditions/grief-page/").content.decode()
    assert "Esta página todavía no está disponible en español" in html
    assert '<article class="condition-page" lang="en">' in html
    assert '<h1 class="mb-2">Grief</h1>' in html
    # The crisis notice stays in the reader's language, and the form is the Spanish one.
    assert "Si está en peligro en este momento" in html
    assert "/es/get-matched/?concern=grief" in html
    assert 'hreflang="es"' not in html.split("</head>")[0], "no Spanish alternate to list"
    assert "Lea esta página en español" not in client.get(page.get_absolute_url()).content.decode()


def test_an_unpublished_translation_is_not_shown_to_the_public(client):
    page = ConditionFactory(slug="draft-es")
    spanish(page, published=False, title="Borrador")
    html = client.get("/es/conditions/draft-es/").content.decode()
    assert "Borrador" not in html
    assert "Esta página todavía no está disponible en español" in html
    assert "Lea esta página en español" not in client.get("/conditions/draft-es/").content.decode()


def test_editors_preview_an_unpublished_translation_marked_as_not_reviewed(client, editor):
    page = ConditionFactory(slug="draft-es")
    spanish(page, published=False, title="Borrador")
    client.force_login(editor)
    response = client.get("/es/conditions/draft-es/")
    html = response.content.decode()
    assert "Borrador" in html
    assert "Traducción aún sin revisión clínica" in html
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_a_translation_cannot_drop_the_crisis_notice_of_a_crisis_page(client):
    page = ConditionFactory(slug="harm-es", specialties=["self-harm"], crisis_notice_enabled=False)
    spanish(page)
    html = client.get("/es/conditions/harm-es/").content.decode()
    assert "data-crisis-notice" in html
    assert "Aviso de crisis en español." in html


@time_machine.travel(dt.datetime(2027, 3, 3, 15, 0, tzinfo=dt.timezone.utc), tick=False)
def test_a_translation_is_reviewed_on_its_own_in_the_admin(client, clinician_editor):
    translation = ConditionTranslation.objects.get(condition__slug="anxiety", language="es")
    english = translation.condition
    client.force_login(clinician_editor)
    change = client.get(
        reverse("admin:conditions_conditiontranslation_change", args=[translation.pk])
    )
    assert change.status_code == 200
    assert "Translation not yet clinically reviewed" in change.content.decode()
    url = reverse("admin:conditions_conditiontranslation_review", args=[translation.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"credentials": "LICSW", "read_it": "on"})
    assert response.status_code == 302
    translation.refresh_from_db()
    english.refresh_from_db()
    assert (translation.reviewer_name, translation.reviewer_credentials) == (
        "Ana Reviewer",
        "LICSW",
    )
    assert translation.reviewed_on == dt.date(2027, 3, 3)
    assert english.reviewed_by is None, "the English page's review is its own"
    html = client.get("/es/conditions/anxiety/").content.decode()
    assert "Revisión clínica: Ana Reviewer, LICSW, el" in html
    assert "3 de marzo de 2027" in html


def test_the_english_review_does_not_count_for_the_translation(clinician_editor):
    english = Condition.objects.get(slug="depression")
    reviews.record_review(condition_id=english.pk, reviewer=clinician_editor, credentials="PsyD")
    translation = english.translations.get(language="es")
    assert not translation.is_reviewed


def test_only_reviewers_may_record_a_translation_review(stranger):
    translation = ConditionTranslation.objects.get(condition__slug="anxiety", language="es")
    with pytest.raises(Exception, match="may not record"):
        reviews.record_translation_review(
            translation_id=translation.pk, reviewer=stranger, credentials="PsyD"
        )


def test_the_english_page_admin_lists_its_translations(client, editor):
    page = Condition.objects.get(slug="self-harm")
    client.force_login(editor)
    html = client.get(reverse("admin:conditions_condition_change", args=[page.pk])).content.decode()
    assert "translation not yet clinically reviewed" in html
    assert reverse("admin:conditions_conditiontranslation_add") in html


def test_the_spanish_list_shows_translated_titles_and_marks_english_ones(client):
    ConditionFactory(slug="grief-page", title="Grief")
    html = client.get("/es/conditions/").content.decode()
    assert '<a href="/es/conditions/self-harm/">Autolesiones</a>' in html
    assert '<li class="condition-card" lang="en">' in html


def test_the_sitemap_lists_spanish_pages_only_where_a_translation_is_published(client):
    ConditionFactory(slug="grief-page")
    urls = sitemap_urls(client)
    assert "http://testserver/es/conditions/self-harm/" in urls
    assert "http://testserver/conditions/grief-page/" in urls
    assert "http://testserver/es/conditions/grief-page/" not in urls


def test_a_spanish_page_costs_at_most_six_queries(client, practice, django_assert_max_num_queries):
    page = fill_condition(ConditionFactory(specialties=["self-harm"]), per_section=8)
    spanish(page)
    Practice.current()  # cached again at the version the factories moved on
    # Two more than an English page (tests/conditions/test_pages.py): the translation and its items.
    with django_assert_max_num_queries(VERSION + 6):
        response = client.get(f"/es{page.get_absolute_url()}")
    assert response.status_code == 200


def test_publishing_a_translation_changes_the_english_pages_etag(client):
    page = ConditionFactory(slug="etag-es")
    first = client.get("/conditions/etag-es/")["ETag"]
    spanish(page)
    assert client.get("/conditions/etag-es/")["ETag"] != first
