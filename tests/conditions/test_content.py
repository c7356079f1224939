"""The pages a fresh database ships with: the practice's self-harm page and five more."""

import re

import pytest

from conditions.models import Condition
from tests.conditions.helpers import visible_text

pytestmark = pytest.mark.django_db

# The self-harm page as the practice wrote it, section by section.
SEED_HEADLINE = (
    "Self-harm is a signal that something hurts. Therapy helps you find another way through it."
)
SEED_INTRO = (
    "Self-harm is not about seeking attention. For most people, it is a private coping strategy "
    "for emotional pain that feels too intense to manage any other way. At Ellie Mental Health, "
    "we approach self-harm without judgment — with genuine curiosity about what is underneath "
    "and real support for finding something more sustainable."
)
SEED_FEELINGS = [
    "Self-harm means different things to different people, and the reasons behind it vary. "
    "What is consistent is that it usually signals emotional pain that needs attention.",
    "A way to release emotions that feel too big to contain or express any other way",
    "A method for feeling something real when numbness has taken over",
    "A way to externalize internal pain that feels invisible to everyone else",
    "Something that works in the moment even when you know it is not good for you long term",
    "Shame and secrecy that make it harder to stop, not easier",
    "A habit that has grown over time and feels increasingly difficult to manage alone",
]
SEED_THOUGHTS = [
    "It’s the only thing that actually helps when things get too much.",
    "I’m ashamed of it but I don’t know how to stop.",
    "Nobody would understand.",
    "It’s not that bad — it’s not like I’m trying to die.",
]
SEED_CRISIS = (
    "If you are having thoughts of suicide or feel you may be in danger, please call or text 988 "
    "or call 911 and go to your nearest emergency room. This page is for non-suicidal "
    "self-injury — self-harm as a coping behavior — but both deserve care and support."
)
SEED_CAUSES = [
    "Self-harm is most commonly a coping mechanism — a way of managing emotional states that "
    "feel unbearable or unmanageable. It is not irrational from the perspective of someone in "
    "acute distress. It is a solution that creates its own problems over time.",
    "Self-harm may be connected to:",
    "Difficulty tolerating or regulating intense emotions",
    "A history of trauma, abuse, or emotional invalidation",
    "Feeling disconnected or numb and using pain to feel present",
    "Overwhelming stress, shame, or self-directed anger",
    "Depression, anxiety, BPD, PTSD, or other co-occurring concerns",
    "Feeling like there is no other way to communicate the depth of pain",
]
SEED_SUPPORT = [
    "Talking about self-harm requires courage and trust. Ellie works to make that as safe and "
    "low-pressure as possible.",
    "No judgment: Self-harm is approached with compassion and clinical seriousness, not shame "
    "or alarm",
    "Therapist matching: We connect you with clinicians experienced in working with self-harm "
    "and the emotional pain driving it",
    "Skills-based support: Building alternative coping tools is central to the therapeutic work",
    "Insurance clarity: We help you understand your coverage before you start",
    "Telehealth available: Many locations offer virtual sessions for added privacy and "
    "accessibility",
    "Fit matters: Finding a therapist you trust is especially important for this kind of work",
]
SEED_FAQ_INTRO = (
    "Not sure what to expect? These are the questions people ask us before they get started."
)
SEED_FAQ_ANSWERS = [
    "Not necessarily. Non-suicidal self-injury (NSSI) is self-harm carried out without intent to "
    "end one’s life — it is typically a coping strategy for emotional pain. That said, self-harm "
    "does increase risk over time, and anyone who is having thoughts of suicide should reach out "
    "to a crisis line or emergency services immediately.",
    "Confidentiality rules vary depending on age and circumstances. In general, therapists are "
    "required to break confidentiality only when there is imminent risk of serious harm. For "
    "non-suicidal self-harm, many therapists can work with you confidentially. This is worth "
    "discussing directly with your therapist at the start of treatment.",
    "Dialectical Behavior Therapy (DBT) is one of the most well-researched approaches for "
    "self-harm, particularly when emotional dysregulation is a core factor. It builds practical "
    "skills for tolerating distress and regulating emotions without self-harm. Other "
    "trauma-informed and cognitive approaches are also used depending on what is driving the "
    "behavior.",
    "That is an honest place to start. Therapy does not require you to arrive fully committed to "
    "stopping. It requires only a willingness to explore what is happening and what else might "
    "help. A good therapist meets you where you are.",
    "Calmly, without panic or judgment. Express concern without ultimatums. Listen more than you "
    "advise. Encourage them to speak with a professional, and offer to help them find support. "
    "Avoid making them feel like they need to manage your reaction to the disclosure.",
]
FAQ_QUESTIONS = [
    "Does self-harm mean someone is suicidal?",
    "If I tell a therapist about self-harm, will they have to tell someone?",
    "What kind of therapy helps with self-harm?",
    "What if I’m not sure I want to stop?",
    "How should I respond if someone tells me they self-harm?",
]


@pytest.fixture
def self_harm_text(client):
    response = client.get("/conditions/self-harm/")
    assert response.status_code == 200
    return visible_text(response.content)


@pytest.mark.parametrize(
    "passage",
    [SEED_HEADLINE, SEED_INTRO, *SEED_FEELINGS, *SEED_THOUGHTS, SEED_CRISIS, *SEED_CAUSES]
    + [*SEED_SUPPORT, SEED_FAQ_INTRO, *SEED_FAQ_ANSWERS],
)
def test_the_self_harm_page_shows_every_passage_of_the_original(self_harm_text, passage):
    assert passage in self_harm_text


@pytest.mark.parametrize(
    "heading",
    [
        "Self-harm",
        "What this can feel like",
        "Some of the thoughts that can come with it",
        "If you are in danger right now",
        "Why this happens",
        "How Ellie makes support more accessible",
        "Frequently asked questions about self-harm",
    ],
)
def test_the_self_harm_page_has_every_section_of_the_original(self_harm_text, heading):
    assert heading in self_harm_text


def test_the_self_harm_faq_pairs_a_question_with_each_of_the_five_answers(client):
    page = Condition.objects.get(slug="self-harm")
    assert [(faq.title, faq.text) for faq in page.faqs] == list(
        zip(FAQ_QUESTIONS, SEED_FAQ_ANSWERS, strict=True)
    )
    html = client.get("/conditions/self-harm/").content.decode()
    assert html.count('<details class="faq">') == 5
    for question in FAQ_QUESTIONS:
        assert f"<summary>{question}</summary>" in html


def test_the_self_harm_thoughts_are_shown_as_quotes(client):
    html = client.get("/conditions/self-harm/").content.decode()
    for thought in SEED_THOUGHTS:
        assert f"<q>{thought}</q>" in html


SHIPPED = {
    "self-harm": (["self-harm"], ("dbt",)),
    "anxiety": (["anxiety"], ("act", "cbt")),
    "depression": (["depression"], ("act", "cbt", "psychodynamic")),
    "trauma-ptsd": (["trauma-ptsd"], ("cpt", "emdr")),
    "borderline-personality-disorder": (["borderline-personality"], ("dbt",)),
    "eating-disorders": (["eating-disorders"], ("cbt", "dbt", "family-therapy")),
}


@pytest.mark.parametrize(("slug", "mapping"), SHIPPED.items())
def test_each_shipped_page_is_published_mapped_and_claims_no_review(slug, mapping, client):
    specialties, modalities = mapping
    page = Condition.objects.get(slug=slug)
    assert page.is_published
    assert page.crisis_notice_enabled
    # Nobody has reviewed the shipped text yet, so no page says anybody did.
    assert not page.is_reviewed
    assert (page.reviewer, page.reviewed_on, page.reviewed_by) == ("", None, None)
    assert "Clinically reviewed" not in client.get(page.get_absolute_url()).content.decode()
    assert list(page.specialties.values_list("slug", flat=True)) == specialties
    assert tuple(page.modalities.order_by("slug").values_list("slug", flat=True)) == modalities


@pytest.mark.parametrize("slug", SHIPPED)
def test_each_shipped_page_has_every_section_filled(slug):
    page = Condition.objects.get(slug=slug)
    for field in ("headline", "summary", "intro", "feelings_intro", "causes_intro"):
        assert getattr(page, field), field
    assert page.support_intro and page.faq_intro and page.crisis_notice_text
    assert len(page.summary) <= 160
    assert len(page.feelings) >= 5
    assert len(page.thoughts) >= 3
    assert len(page.causes) >= 5
    assert len(page.support_points) >= 5
    assert len(page.faqs) >= 4
    assert all(faq.title.endswith("?") for faq in page.faqs)


# Safe-messaging: our pages never describe methods, tools or injuries (or, for eating
# disorders, numbers to aim for).
UNSAFE_WORDS = re.compile(
    r"\b(cut|cuts|cutting|razors?|blades?|burn(s|ing)?|overdos\w*|pills?|poison\w*|hang\w*|"
    r"wrists?|bleed\w*|blood|scars?|wounds?|ligature|lethal|calories?|pounds|lbs|bmi|"
    r"purg\w*|laxatives?|vomit\w*)\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize("slug", SHIPPED)
def test_shipped_pages_describe_no_methods_tools_or_injuries(client, slug):
    text = visible_text(client.get(f"/conditions/{slug}/").content)
    assert UNSAFE_WORDS.findall(text) == []


@pytest.mark.parametrize("slug", SHIPPED)
def test_shipped_pages_point_to_help(client, slug):
    html = client.get(f"/conditions/{slug}/").content.decode()
    assert "data-crisis-notice" in html
    assert html.count('href="tel:988"') >= 2, "the crisis strip and the page's own notice"
    assert "/get-matched/?concern=" in html
