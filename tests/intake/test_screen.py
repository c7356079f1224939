"""The safety screen follows the ASQ: refusals count, "right now" comes after a yes."""

import re

import pytest

from intake.models import MatchRequest

pytestmark = pytest.mark.django_db

URL = "/get-matched/"
QUESTIONS = (
    "asq_wished_dead",
    "asq_better_off_dead",
    "asq_thoughts_of_suicide",
    "asq_ever_attempted",
    "asq_right_now",
)
REQUIRED = "Please choose an answer: yes, no, or rather not say."


def page(response) -> str:
    return response.content.decode()


def test_every_question_offers_rather_not_say(client):
    text = page(client.get(URL))
    for name in QUESTIONS:
        values = re.findall(rf'name="{name}" value="([a-z]+)"', text)
        assert values == ["yes", "no", "declined"], name
    assert text.count("I&#x27;d rather not say") == len(QUESTIONS)


def test_without_javascript_right_now_says_when_it_applies_and_the_script_is_static(client):
    text = page(client.get(URL))
    note = text.index("Answer this question only if you answered yes")
    assert text.index('name="asq_ever_attempted"') < note < text.index('name="asq_right_now"')
    assert re.search(r'<script src="/static/js/asq\.js" defer></script>', text)
    assert not re.search(r"<script>(?!\s*</script>)", text), "no inline script (CSP)"


@pytest.mark.parametrize(
    ("answers", "stored_right_now", "safety", "urgent"),
    [
        ({}, "", "none", False),
        ({"asq_wished_dead": "declined", "asq_right_now": "no"}, "no", "any_yes", True),
        (
            {"asq_ever_attempted": "declined", "asq_right_now": "declined"},
            "declined",
            "right_now",
            True,
        ),
        ({"asq_better_off_dead": "yes", "asq_right_now": "no"}, "no", "any_yes", True),
        ({"asq_thoughts_of_suicide": "yes", "asq_right_now": "yes"}, "yes", "right_now", True),
        # No yes before it, but a yes to "right now" given anyway is taken seriously.
        ({"asq_right_now": "yes"}, "yes", "right_now", True),
        # Not asked after four noes: a "no" given anyway is stored as not asked.
        ({"asq_right_now": "no"}, "", "none", False),
    ],
)
def test_refusals_count_as_positive_and_right_now_follows_the_first_four(
    client, post_data, clinicians, answers, stored_right_now, safety, urgent
):
    data = post_data(concerns=["anxiety"], **{"asq_right_now": None, **answers})
    assert client.post(URL, data).status_code == 302
    request = MatchRequest.objects.get()
    assert request.asq_right_now == stored_right_now
    assert (request.safety, request.urgent) == (safety, urgent)
    for name in QUESTIONS[:4]:
        assert getattr(request, name) == answers.get(name, "no")


def test_after_a_yes_right_now_must_be_answered(client, post_data):
    response = client.post(URL, post_data(asq_wished_dead="yes", asq_right_now=None))
    assert response.status_code == 200
    assert f"Safety question 5: {REQUIRED}" in page(response)
    assert MatchRequest.objects.count() == 0


def test_staff_see_a_refusal_as_such(client, post_data, clinicians, intake_staff):
    client.post(URL, post_data(asq_better_off_dead="declined", asq_right_now="no"))
    request = MatchRequest.objects.get()
    assert request.safety_yes_answers == [
        "Felt others would be better off (past few weeks) (rather not say)"
    ]


def test_parents_are_told_the_questions_are_about_their_child(client):
    text = page(client.get(URL))
    screen = text[
        text.index("A few questions about your safety") : text.index('name="asq_wished_dead"')
    ]
    assert "Answer these questions about your child" in screen
    assert "A clinician will also ask your child these questions directly" in screen


def test_someone_under_18_is_told_what_happens_before_sending(client):
    text = page(client.get(URL))
    note = text[text.index("What happens next for someone under 18") :]
    note = note[: note.index("</ul>")]
    assert "contact the parent or guardian named here" in note
    assert "stays between them and their therapist" in note
    assert "the therapist explains them" in note
    assert text.index("What happens next for someone under 18") < text.index(
        'value="Show my matches"'
    )
    for legal in ("law", "legal", "statute", "in your state", "Minnesota"):
        assert legal not in note
