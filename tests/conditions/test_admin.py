"""Editing condition pages in the admin, as a member of Content editors."""

import re

import pytest
from django.contrib.auth.models import Group

from conditions.models import CRISIS_NOTICE_REQUIRED, Condition, Section
from matching.models import Specialty
from tests.conditions.helpers import form_data
from tests.factories import ConditionFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/conditions/condition/"


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def listed_titles(html: str) -> set[str]:
    return set(re.findall(r'<th class="field-title"><a href="[^"]+">([^<]+)</a>', html))


def change_url(page: Condition) -> str:
    return f"{CHANGELIST}{page.pk}/change/"


def prefix_of(html: str, inline_heading: str) -> str:
    """The form prefix of an inline, found from its heading in the page."""
    found = re.search(
        r'<h2 id="([\w-]+)-heading" class="inline-heading">\s*' + re.escape(inline_heading), html
    )
    assert found, inline_heading
    return found.group(1)


# --- who can edit --------------------------------------------------------------------------

EDITOR_PERMISSIONS = {
    f"{app}.{action}_{model}"
    for app, models in {
        "conditions": [
            "condition",
            "conditionitem",
            "feelingitem",
            "thoughtitem",
            "causeitem",
            "supportpoint",
            "faqentry",
        ],
        "matching": ["specialty", "modality", "carrier", "language"],
    }.items()
    for model in models
    for action in ("add", "change", "delete", "view")
}


def test_the_content_editors_group_is_made_by_a_migration_with_its_permissions():
    group = Group.objects.get(name="Content editors")
    granted = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }
    assert granted >= EDITOR_PERMISSIONS
    assert {perm.split(".")[0] for perm in granted} <= {"conditions", "matching", "practice"}
    # The practice's own pages, never its details (phone, hours, holidays: administrators).
    practice = {perm.split(".")[1] for perm in granted if perm.startswith("practice.")}
    assert {name.split("_", 1)[1] for name in practice} == {"practicepage", "practicepagesection"}


def test_content_editors_have_no_intake_permissions():
    group = Group.objects.get(name="Content editors")
    assert not group.permissions.filter(content_type__app_label="intake").exists()
    assert not group.permissions.filter(content_type__app_label="auth").exists()


def test_editors_hold_every_content_permission(editor):
    assert editor.has_perms(EDITOR_PERMISSIONS)
    assert not editor.has_perm("auth.view_user")
    assert not any(perm.startswith("intake.") for perm in editor.get_all_permissions())


def test_editors_see_conditions_and_reference_data_in_the_admin(editor_client):
    html = editor_client.get("/admin/").content.decode()
    for path in [
        CHANGELIST,
        "/admin/matching/specialty/",
        "/admin/matching/modality/",
        "/admin/matching/carrier/",
        "/admin/matching/language/",
    ]:
        assert f'href="{path}"' in html
    assert "/admin/auth/" not in html
    assert "/admin/intake/" not in html


@pytest.mark.parametrize("path", ["/admin/auth/user/", "/admin/auth/group/"])
def test_editors_cannot_manage_people(editor_client, path):
    assert editor_client.get(path).status_code == 403


def test_a_stranger_cannot_open_the_condition_admin(client, stranger):
    client.force_login(stranger)
    response = client.get(CHANGELIST)
    # Signed in but not staff: refused outright rather than asked to sign in again.
    assert response.status_code == 403
    assert b"Not allowed" in response.content or b"do not have access" in response.content


# --- finding pages -------------------------------------------------------------------------


def test_the_list_links_to_live_pages_and_draft_previews(editor_client):
    draft = ConditionFactory(is_published=False, slug="in-progress")
    html = editor_client.get(CHANGELIST).content.decode()
    assert 'href="/conditions/in-progress/" target="_blank" rel="noopener">Preview draft' in html
    assert 'href="/conditions/self-harm/" target="_blank" rel="noopener">View live page' in html
    assert draft.title in html


def test_editors_search_by_title_and_text(editor_client):
    html = editor_client.get(CHANGELIST, {"q": "PTSD"}).content.decode()
    assert listed_titles(html) == {"Trauma and PTSD"}
    html = editor_client.get(CHANGELIST, {"q": "nervous system"}).content.decode()
    assert listed_titles(html) == {"Anxiety"}


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        ({"is_published__exact": "0"}, ["Draft page"], ["Fresh review", "Old review"]),
        ({"is_published__exact": "1"}, ["Fresh review", "Old review"], ["Draft page"]),
        ({"reviewed": "no"}, ["Draft page"], ["Fresh review", "Old review"]),
        ({"reviewed": "yes"}, ["Fresh review", "Old review"], ["Draft page"]),
        ({"reviewed": "due"}, ["Old review"], ["Fresh review", "Draft page"]),
    ],
)
def test_editors_filter_by_published_and_review(editor_client, params, shown, hidden):
    ConditionFactory(title="Draft page", is_published=False, reviewer_name="", reviewed_on=None)
    ConditionFactory(title="Old review", reviewed_on="2020-01-01")
    ConditionFactory(title="Fresh review")
    titles = listed_titles(editor_client.get(CHANGELIST, params).content.decode())
    assert set(shown) <= titles
    assert not set(hidden) & titles


def test_the_change_form_has_every_list_a_view_on_site_link_and_the_page_link(editor_client):
    page = Condition.objects.get(slug="self-harm")
    html = editor_client.get(change_url(page)).content.decode()
    for label in [
        "What this can feel like — experiences",
        "Some of the thoughts that can come with it — shown as quotes",
        "Why this happens — what it may be connected to",
        "How Ellie makes support more accessible — points",
        "Frequently asked questions",
    ]:
        assert label in html
    assert "View on site" in html
    assert "View live page" in html
    assert "Does self-harm mean someone is suicidal?" in html


# --- saving, and the publish guard --------------------------------------------------------


def test_editors_change_a_page_and_its_items(editor_client):
    page = Condition.objects.get(slug="anxiety")
    url = change_url(page)
    html = editor_client.get(url).content.decode()
    data = form_data(html)
    data["headline"] = ["A kinder headline."]
    faq = prefix_of(html, "Frequently asked questions")
    data[f"{faq}-0-title"] = ["A better question?"]
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page.refresh_from_db()
    assert page.headline == "A kinder headline."
    assert page.faqs[0].title == "A better question?"
    assert page.items.filter(section=Section.FAQ).count() == 5


def test_editors_add_a_page_with_items_through_the_admin(editor_client):
    html = editor_client.get(f"{CHANGELIST}add/").content.decode()
    data = form_data(html)
    data.update(
        title=["Grief and loss"],
        slug=["grief"],
        headline=["Grief is love with nowhere to go."],
        summary=["Grief can be heavy and confusing. Therapy can help you carry it."],
        intro=["An introduction."],
        specialties=[str(Specialty.objects.get(slug="grief").pk)],
        is_published=["on"],
    )
    feelings = prefix_of(html, "What this can feel like — experiences")
    faq = prefix_of(html, "Frequently asked questions")
    data[f"{feelings}-TOTAL_FORMS"] = ["1"]
    data[f"{feelings}-0-order"] = ["10"]
    data[f"{feelings}-0-text"] = ["Waves of sadness that arrive without warning"]
    data[f"{faq}-TOTAL_FORMS"] = ["1"]
    data[f"{faq}-0-order"] = ["10"]
    data[f"{faq}-0-title"] = ["Is it normal to still grieve after a year?"]
    data[f"{faq}-0-text"] = ["Yes. Grief has no timetable."]
    response = editor_client.post(f"{CHANGELIST}add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = Condition.objects.get(slug="grief")
    assert [i.text for i in page.feelings] == ["Waves of sadness that arrive without warning"]
    assert [(i.title, i.text) for i in page.faqs] == [
        ("Is it normal to still grieve after a year?", "Yes. Grief has no timetable.")
    ]
    assert editor_client.get("/conditions/grief/").status_code == 200


def test_an_faq_entry_needs_a_question(editor_client):
    page = Condition.objects.get(slug="anxiety")
    url = change_url(page)
    html = editor_client.get(url).content.decode()
    data = form_data(html)
    faq = prefix_of(html, "Frequently asked questions")
    data[f"{faq}-0-title"] = [""]
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


def _self_harm_form(editor_client, **changes):
    page = Condition.objects.get(slug="self-harm")
    data = form_data(editor_client.get(change_url(page)).content)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return page, editor_client.post(change_url(page), data)


def test_the_admin_refuses_to_publish_a_self_harm_page_without_its_crisis_notice(editor_client):
    page, response = _self_harm_form(
        editor_client, crisis_notice_enabled=None, headline=["Changed headline."]
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert CRISIS_NOTICE_REQUIRED in html
    page.refresh_from_db()
    assert page.crisis_notice_enabled
    assert page.headline != "Changed headline."


def test_the_admin_allows_a_self_harm_draft_without_the_notice(editor_client):
    page, response = _self_harm_form(editor_client, crisis_notice_enabled=None, is_published=None)
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.crisis_notice_enabled
    assert not page.is_published


def test_the_guard_checks_the_specialties_being_saved_not_the_old_ones(editor_client):
    anxiety = str(Specialty.objects.get(slug="anxiety").pk)
    page, response = _self_harm_form(
        editor_client, crisis_notice_enabled=None, specialties=[anxiety]
    )
    assert response.status_code == 302
    suicidal = str(Specialty.objects.get(slug="suicidal-thoughts").pk)
    page = Condition.objects.get(slug="anxiety")
    data = form_data(editor_client.get(change_url(page)).content)
    data.pop("crisis_notice_enabled", None)
    data["specialties"] = [anxiety, suicidal]
    response = editor_client.post(change_url(page), data)
    assert response.status_code == 200
    assert CRISIS_NOTICE_REQUIRED in response.content.decode()
