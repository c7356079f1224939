from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date

from conditions.models import Condition, Section
from practice.models import Practice
from tests.budgets import VERSION
from tests.conditions.helpers import json_ld_blocks, visible_text
from tests.factories import ConditionFactory, ConditionItemFactory, fill_condition

pytestmark = pytest.mark.django_db


# --- the list ------------------------------------------------------------------------------


def test_the_list_shows_published_conditions_with_their_summaries(client):
    draft = ConditionFactory(is_published=False, title="A draft page")
    response = client.get("/conditions/")
    assert response.status_code == 200
    text = visible_text(response.content)
    for page in Condition.objects.published():
        assert page.title in text
        assert page.summary in text
        assert f'href="{page.get_absolute_url()}"' in response.content.decode()
    assert draft.title not in text


def test_the_list_costs_one_query_however_many_conditions(
    client, practice, django_assert_num_queries
):
    with django_assert_num_queries(VERSION + 1):
        client.get("/conditions/")
    ConditionFactory.create_batch(10)
    Practice.current()  # cached again at the version the factories moved on
    with django_assert_num_queries(VERSION + 1):
        assert client.get("/conditions/").status_code == 200


# --- one page ------------------------------------------------------------------------------


def test_it_hides_unpublished_conditions(client):
    ConditionFactory(slug="quiet-draft", is_published=False)
    assert client.get("/conditions/quiet-draft/").status_code == 404


def test_an_unknown_condition_is_not_found(client):
    assert client.get("/conditions/no-such-thing/").status_code == 404


def test_a_logged_in_user_without_the_permission_cannot_preview_drafts(client, stranger):
    ConditionFactory(slug="quiet-draft", is_published=False)
    client.force_login(stranger)
    assert client.get("/conditions/quiet-draft/").status_code == 404


def test_editors_preview_drafts_with_a_banner_and_nothing_cached(client, editor):
    page = ConditionFactory(slug="quiet-draft", is_published=False, title="Quiet draft")
    client.force_login(editor)
    response = client.get("/conditions/quiet-draft/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Draft preview — not public" in html
    assert f'href="/admin/conditions/condition/{page.pk}/change/"' in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "no-store" in response["Cache-Control"]
    assert "ETag" not in response


def test_published_pages_carry_no_preview_banner(client, editor):
    client.force_login(editor)
    html = client.get("/conditions/anxiety/").content.decode()
    assert "Draft preview" not in html
    assert "noindex" not in html


def test_the_page_renders_its_sections_in_order(client):
    Condition.objects.filter(slug="anxiety").update(
        reviewer_name="Dr. Ana Reviewer", reviewer_credentials="PsyD", reviewed_on="2027-01-04"
    )
    html = client.get("/conditions/anxiety/").content.decode()
    markers = [
        "<h1",
        'class="lead',
        'class="condition-intro',
        "What this can feel like</h2>",
        "Some of the thoughts that can come with it</h3>",
        "data-crisis-notice",
        "Why this happens</h2>",
        "How Ellie makes support more accessible</h2>",
        "Frequently asked questions about anxiety</h2>",
        "Get matched with a therapist who works with anxiety",
        "Clinically reviewed by",
    ]
    positions = [html.index(marker) for marker in markers]
    assert positions == sorted(positions)


@pytest.mark.parametrize("slug", ["self-harm", "suicidal-thoughts"])
def test_crisis_topics_put_the_crisis_notice_before_the_introduction(client, slug):
    ConditionFactory(slug="crisis-topic", specialties=[slug], intro="The long introduction.")
    html = client.get("/conditions/crisis-topic/").content.decode()
    notice = html.index("data-crisis-notice")
    assert html.index("<h1") < notice < html.index("The long introduction.")


def test_the_seed_page_puts_988_right_after_its_headline(client):
    html = client.get("/conditions/self-harm/").content.decode()
    notice = html.index("data-crisis-notice")
    assert html.index('class="lead') < notice < html.index('class="condition-intro')
    body = html[notice:]
    assert (
        body.index('href="tel:988"') < body.index('href="sms:988"') < body.index('href="tel:911"')
    )


def test_a_crisis_notice_switched_off_is_not_shown_on_other_pages(client):
    ConditionFactory(slug="calm-page", specialties=["anxiety"], crisis_notice_enabled=False)
    html = client.get("/conditions/calm-page/").content.decode()
    assert "data-crisis-notice" not in html


def test_editors_wording_of_the_crisis_notice_is_shown(client):
    ConditionFactory(slug="own-words", crisis_notice_text="Our own careful words.")
    html = client.get("/conditions/own-words/").content.decode()
    assert "<p>Our own careful words.</p>" in html


@pytest.mark.parametrize(
    ("specialties", "name", "href"),
    [
        (["self-harm"], "self-harm", "/get-matched/?concern=self-harm"),
        (
            ["trauma-ptsd", "depression"],
            "trauma and PTSD",
            "/get-matched/?concern=depression&amp;concern=trauma-ptsd",
        ),
        ([], "grief", "/get-matched/"),
    ],
)
def test_the_call_to_action_preselects_the_pages_concerns(client, specialties, name, href):
    ConditionFactory(slug="cta", name_in_sentence=name, specialties=specialties)
    html = client.get("/conditions/cta/").content.decode()
    assert f'href="{href}">Get matched with a therapist who works with {name}</a>' in html


def test_user_content_is_escaped(client):
    ConditionFactory(slug="escaped", headline="<b>bold</b> & more")
    html = client.get("/conditions/escaped/").content.decode()
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in html
    assert "<b>bold</b>" not in html


# --- search engines ------------------------------------------------------------------------


def test_title_description_and_canonical_come_from_the_page(client):
    page = Condition.objects.get(slug="depression")
    html = client.get("/conditions/depression/?utm_source=flyer").content.decode()
    assert "<title>Depression: support and therapy — Ellie Mental Health</title>" in html
    assert f'<meta name="description" content="{page.summary}">' in html
    assert '<link rel="canonical" href="http://testserver/conditions/depression/">' in html


def test_the_faq_structured_data_parses_and_lists_every_question(client):
    page = Condition.objects.get(slug="self-harm")
    (data,) = json_ld_blocks(client.get("/conditions/self-harm/").content)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "FAQPage"
    assert [(q["@type"], q["name"], q["acceptedAnswer"]["text"]) for q in data["mainEntity"]] == [
        ("Question", faq.title, faq.text) for faq in page.faqs
    ]
    assert len(data["mainEntity"]) == 5


def test_the_structured_data_cannot_be_broken_out_of(client):
    page = ConditionFactory(slug="tricky")
    nasty = '</script><script>alert("x")</script> & <!--'
    ConditionItemFactory(condition=page, section=Section.FAQ, title=nasty, text=nasty)
    html = client.get("/conditions/tricky/").content.decode()
    assert html.count("</script>") == html.count("<script")
    assert "<script>alert" not in html
    (data,) = json_ld_blocks(html)
    assert data["mainEntity"][0]["name"] == nasty


def test_the_csp_allows_the_structured_data_without_unsafe_inline(client):
    response = client.get("/conditions/self-harm/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert '<script type="application/ld+json">' in response.content.decode()


def test_pages_without_questions_carry_no_structured_data(client):
    ConditionFactory(slug="no-faq")
    assert json_ld_blocks(client.get("/conditions/no-faq/").content) == []


# --- speed ---------------------------------------------------------------------------------


@pytest.mark.parametrize("per_section", [1, 12])
def test_a_condition_page_costs_at_most_four_queries(
    client, practice, django_assert_max_num_queries, per_section
):
    page = fill_condition(
        ConditionFactory(specialties=["self-harm", "depression"], modalities=["dbt", "cbt"]),
        per_section=per_section,
    )
    Practice.current()  # cached again at the version the factories moved on
    with django_assert_max_num_queries(VERSION + 4):
        response = client.get(page.get_absolute_url())
    assert response.status_code == 200
    assert visible_text(response.content).count("Item text") == 5 * per_section


def test_a_condition_page_costs_the_same_whatever_its_length(
    client, practice, django_assert_num_queries
):
    short = fill_condition(ConditionFactory(specialties=["anxiety"]), per_section=1)
    long = fill_condition(
        ConditionFactory(specialties=["anxiety", "depression", "grief"]), per_section=20
    )
    Practice.current()  # cached again at the version the factories moved on
    with CaptureQueriesContext(connection) as short_queries:
        client.get(short.get_absolute_url())
    with django_assert_num_queries(len(short_queries)):
        client.get(long.get_absolute_url())


def test_a_repeat_visit_with_the_etag_is_a_304_without_rendering(
    client, practice, django_assert_num_queries
):
    first = client.get("/conditions/self-harm/")
    assert first.status_code == 200
    assert first["ETag"] and first["Last-Modified"]
    assert "no-cache" in first["Cache-Control"]
    # The version alone: without a shared cache, triggers move it on every write to the
    # page's tables (conditions 0007), so nothing else is read.
    with django_assert_num_queries(VERSION):
        again = client.get("/conditions/self-harm/", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


def test_a_repeat_visit_with_the_date_is_a_304(client):
    first = client.get("/conditions/self-harm/")
    again = client.get(
        "/conditions/self-harm/", headers={"if-modified-since": first["Last-Modified"]}
    )
    assert again.status_code == 304


def test_an_older_date_gets_the_page(client):
    page = Condition.objects.get(slug="self-harm")
    earlier = http_date((page.updated_at - timedelta(days=1)).timestamp())
    response = client.get("/conditions/self-harm/", headers={"if-modified-since": earlier})
    assert response.status_code == 200


def test_saving_the_page_changes_its_etag(client):
    first = client.get("/conditions/self-harm/")
    page = Condition.objects.get(slug="self-harm")
    page.headline = "A new headline."
    page.save()
    again = client.get("/conditions/self-harm/", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200
    assert "A new headline." in again.content.decode()
    assert again["ETag"] != first["ETag"]


def test_changing_an_item_changes_the_etag(client):
    first = client.get("/conditions/self-harm/")
    item = Condition.objects.get(slug="self-harm").items.get(section=Section.FAQ, order=10)
    item.text = "A clearer answer."
    item.save()
    again = client.get("/conditions/self-harm/", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200
    assert "A clearer answer." in again.content.decode()


def test_unpublishing_hides_a_page_even_from_a_cached_visit(client):
    first = client.get("/conditions/anxiety/")
    Condition.objects.filter(slug="anxiety").update(is_published=False, updated_at=timezone.now())
    again = client.get("/conditions/anxiety/", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 404
