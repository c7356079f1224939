import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from conditions.models import (
    CRISIS_NOTICE_REQUIRED,
    Condition,
    ConditionItem,
    Section,
    publish_problems,
)
from tests.factories import ConditionFactory, ConditionItemFactory

pytestmark = pytest.mark.django_db


def test_published_leaves_out_drafts():
    draft = ConditionFactory(is_published=False)
    live = ConditionFactory()
    published = set(Condition.objects.published())
    assert live in published
    assert draft not in published


@pytest.mark.parametrize(
    ("concerns", "expected"),
    [
        (["self-harm"], ("dbt",)),
        (["borderline-personality"], ("dbt",)),
        (["trauma-ptsd"], ("cpt", "emdr")),
        (["anxiety"], ("act", "cbt")),
        (["depression"], ("act", "cbt", "psychodynamic")),
        (["eating-disorders"], ("cbt", "dbt", "family-therapy")),
        (["self-harm", "borderline-personality"], ("dbt",)),
        (["self-harm", "trauma-ptsd"], ("cpt", "dbt", "emdr")),
        (["grief"], ()),
        (["no-such-concern"], ()),
        ([], ()),
    ],
)
def test_recommended_modality_slugs_come_from_the_published_pages(concerns, expected):
    assert Condition.objects.recommended_modality_slugs(concerns) == expected


def test_recommended_modalities_need_concerns():
    assert Condition.objects.recommended_modality_slugs([]) == ()
    assert isinstance(Condition.objects.recommended_modality_slugs(["self-harm"]), tuple)


def test_recommended_modality_slugs_ignore_drafts():
    ConditionFactory(is_published=False, specialties=["grief"], modalities=["psychodynamic"])
    assert Condition.objects.recommended_modality_slugs(["grief"]) == ()
    ConditionFactory(specialties=["grief"], modalities=["act"])
    assert Condition.objects.recommended_modality_slugs(iter(["grief"])) == ("act",)


@pytest.mark.parametrize(
    ("published", "notice_on", "specialties", "refused"),
    [
        (True, False, {"self-harm"}, True),
        (True, False, {"suicidal-thoughts"}, True),
        (True, False, {"depression", "suicidal-thoughts"}, True),
        (True, True, {"self-harm"}, False),
        (False, False, {"self-harm"}, False),
        (True, False, {"anxiety"}, False),
        (True, False, set(), False),
    ],
)
def test_the_publish_guard(published, notice_on, specialties, refused):
    problems = publish_problems(
        is_published=published, crisis_notice_enabled=notice_on, specialty_slugs=specialties
    )
    assert bool(problems) is refused


def test_clean_refuses_to_publish_a_self_harm_page_without_its_crisis_notice():
    page = ConditionFactory(
        is_published=False, crisis_notice_enabled=False, specialties=["self-harm"]
    )
    page.full_clean()  # a draft is fine
    page.is_published = True
    with pytest.raises(ValidationError) as caught:
        page.full_clean()
    assert caught.value.message_dict == {"crisis_notice_enabled": [CRISIS_NOTICE_REQUIRED]}
    page.crisis_notice_enabled = True
    page.full_clean()


def test_clean_checks_the_specialties_a_form_is_about_to_save():
    page = ConditionFactory(crisis_notice_enabled=False, specialties=["anxiety"])
    page.full_clean()
    page.pending_specialty_slugs = frozenset({"anxiety", "suicidal-thoughts"})
    with pytest.raises(ValidationError):
        page.full_clean()


def test_a_crisis_topic_always_shows_its_crisis_notice_even_if_switched_off():
    page = ConditionFactory(crisis_notice_enabled=False, specialties=["self-harm"])
    assert page.shows_crisis_notice and page.crisis_notice_first
    other = ConditionFactory(crisis_notice_enabled=False, specialties=["anxiety"])
    assert not other.shows_crisis_notice and not other.crisis_notice_first


def test_a_summary_longer_than_160_characters_is_refused():
    page = ConditionFactory.build(summary="x" * 161)
    with pytest.raises(ValidationError) as caught:
        page.full_clean(exclude=["slug"])
    assert "summary" in caught.value.message_dict


def test_items_keep_their_order_within_each_section():
    page = ConditionFactory()
    for order in (30, 10, 20):
        ConditionItemFactory(condition=page, section=Section.FEELING, order=order, text=f"{order}")
    ConditionItemFactory(condition=page, section=Section.FAQ, order=5)
    page = Condition.objects.get(pk=page.pk)
    assert [item.text for item in page.feelings] == ["10", "20", "30"]
    assert len(page.faqs) == 1


@pytest.mark.parametrize("section", [Section.SUPPORT, Section.FAQ])
def test_support_points_and_faq_entries_need_a_title(section):
    page = ConditionFactory()
    with transaction.atomic(), pytest.raises(IntegrityError):
        ConditionItem.objects.create(condition=page, section=section, title="", text="An answer")


def test_last_modified_follows_the_latest_item_change():
    page = ConditionFactory()
    before = Condition.objects.with_last_modified().get(pk=page.pk).last_changed
    assert before == page.updated_at
    item = ConditionItemFactory(condition=page)
    after = Condition.objects.with_last_modified().get(pk=page.pk).last_changed
    assert after == item.updated_at > before


def test_get_matched_asks_for_every_specialty_of_the_page():
    page = ConditionFactory(specialties=["self-harm", "suicidal-thoughts"])
    assert page.get_matched_query() == "concern=self-harm&concern=suicidal-thoughts"
