"""The form: clear messages for missing and bad answers, and every other value kept."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from intake.models import MatchRequest

pytestmark = pytest.mark.django_db

URL = "/get-matched/"


def post(client, data):
    return client.post(URL, data)


def body(response) -> str:
    return response.content.decode()


def test_the_form_page_is_never_cached_and_carries_the_crisis_strip(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    text = body(response)
    assert 'aria-label="Crisis support"' in text
    assert "not watched around the clock" in text


def test_confidentiality_and_988_come_before_the_first_clinical_question(client):
    text = body(client.get(URL))
    first_question = text.index('name="concerns"')
    assert text.index("limits of confidentiality") < first_question
    assert text.index("not watched around the clock") < first_question
    assert text.index('href="tel:988"', text.index('id="main"')) < first_question


def test_the_safety_screen_says_it_is_not_a_diagnosis(client):
    assert "not a diagnosis" in body(client.get(URL))


def test_concern_in_the_query_string_is_preselected(client):
    text = body(client.get(URL + "?concern=self-harm&concern=depression&concern=nonsense"))
    checked = re.findall(r'<input[^>]*name="concerns"[^>]*>', text)
    chosen = {re.search(r'value="([^"]+)"', tag).group(1) for tag in checked if "checked" in tag}
    assert chosen == {"self-harm", "depression"}


def test_each_form_gets_its_own_unguessable_token(client):
    tokens = {
        re.search(r'name="form_token" value="([^"]+)"', body(client.get(URL))).group(1)
        for _ in range(3)
    }
    assert len(tokens) == 3
    assert all(len(token) >= 32 for token in tokens)


def test_the_honeypot_is_hidden_from_people_and_screen_readers(client):
    text = body(client.get(URL))
    wrapper = re.search(r'<div[^>]*class="hp-field"[^>]*>', text).group(0)
    assert 'aria-hidden="true"' in wrapper
    field = re.search(r'<input[^>]*name="website"[^>]*>', text).group(0)
    assert 'tabindex="-1"' in field
    assert 'autocomplete="off"' in field


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("asq_wished_dead", "Please choose an answer: yes, no, or rather not say."),
        ("format", "Please choose telehealth, in person, or either."),
        ("state", "Please choose the state you will be in during sessions."),
        ("payment", "Please choose insurance or self-pay."),
        ("date_of_birth", "Please enter a date of birth."),
        ("first_name", "Please tell us what to call you."),
        ("contact_method", "Please choose how we should contact you first."),
        ("consent_to_contact", "We can only help if we may contact you."),
    ],
)
def test_a_missing_answer_gets_a_clear_message_and_keeps_the_others(
    client, post_data, missing, message
):
    response = post(client, post_data(**{missing: None}))
    assert response.status_code == 200
    text = body(response)
    assert message in text
    assert "Please check one answer" in text
    assert MatchRequest.objects.count() == 0
    assert_values_kept(text, post_data(), skip={missing})


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("zip_code", "5540", "Please enter a 5-digit ZIP code"),
        ("zip_code", "00000", "We could not find that ZIP code"),
        ("zip_code", "90210", "That ZIP code is not in the state you chose"),
        # Digits of other scripts pass Python's \d; the ZIP library crashed on them.
        ("zip_code", "\u0665\u0665\u0664\u0660\u0661", "Please enter a 5-digit ZIP code"),
        ("zip_code", "\u0665\u0665\u0664\u0660\u0661-1234", "Please enter a 5-digit ZIP code"),
        ("phone", "555-0100", "Please enter a 10-digit US phone number"),
        (
            "phone",
            "\u0666\u0661\u0662\u0665\u0665\u0665\u0660\u0661\u0664\u0667",
            "10-digit US phone",
        ),
        ("email", "not-an-email", "Please enter an email address such as name@example.com."),
        ("date_of_birth", "31/31/1990", "Please enter a date of birth such as 04/17/1990."),
        ("budget", "-5", "Please enter a whole number of dollars"),
        ("carrier", "", "Please choose your insurance, or choose self-pay above."),
    ],
)
def test_a_bad_value_gets_a_clear_message_and_keeps_the_others(
    client, post_data, field, value, message
):
    data = post_data(**{field: value})
    if field == "budget":
        data.update(payment="self_pay", carrier="")
    text = body(post(client, data))
    assert message in text
    assert MatchRequest.objects.count() == 0
    assert_values_kept(text, data, skip={field, "budget", "carrier"})


def test_a_future_date_of_birth_is_refused(client, post_data):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert "That date is in the future" in body(post(client, post_data(date_of_birth=tomorrow)))


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1990-04-17", "1990-04-17"),
        ("04/17/1990", "1990-04-17"),
        ("31/31/1990", None),
        ("mañana", None),
    ],
)
def test_a_date_of_birth_comes_back_in_the_only_form_the_date_picker_takes(
    client, post_data, typed, value
):
    # Another field's error keeps the form on screen; <input type="date"> holds YYYY-MM-DD only.
    text = body(post(client, post_data(date_of_birth=typed, email="not-an-email")))
    tag = re.search(r'<input type="date"[^>]*>', text).group(0)
    shown = re.search(r'value="([^"]*)"', tag)
    assert (shown.group(1) if shown else None) == value


def test_a_zip_code_is_needed_for_in_person_sessions(client, post_data):
    text = body(post(client, post_data(format="in_person", zip_code="")))
    assert "Please enter your ZIP code so we can find offices near you." in text


def test_no_zip_code_is_needed_for_telehealth(client, post_data, clinicians):
    response = post(client, post_data(zip_code=""))
    assert response.status_code == 302


def test_a_minor_without_a_guardian_is_refused_with_a_clear_message(client, post_data):
    sixteen = timezone.localdate().replace(year=timezone.localdate().year - 16)
    text = body(post(client, post_data(date_of_birth=sixteen.isoformat())))
    assert "under 18, we need a parent or guardian&#x27;s name" in text
    assert MatchRequest.objects.count() == 0


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"first_name": "", "format": None, "payment": None, "asq_wished_dead": None},
        {"email": "", "phone": "", "contact_method": "phone"},
    ],
    ids=["only the guardian missing", "several questions", "no way to reach them"],
)
def test_the_error_summary_never_says_the_same_thing_twice(client, post_data, overrides):
    sixteen = timezone.localdate().replace(year=timezone.localdate().year - 16)
    data = post_data(date_of_birth=sixteen.isoformat(), **overrides)
    text = body(post(client, data))
    summary = re.search(r'id="error-summary".*?</ul>', text, re.S).group(0)
    messages = re.findall(r'<li><a href="#[^"]+">(.*?)</a></li>', summary)
    assert len(messages) >= 2
    assert len(messages) == len(set(messages)), messages
    # Each field says what it is missing, beside it and in the summary: once each.
    for message in [
        "we need a parent or guardian&#x27;s name.",
        "we need a phone number or an email address to reach their parent or guardian.",
    ]:
        assert summary.count(message) == 1
        assert text.count(message) == 2, "in the summary and beside its field"


def test_a_minor_with_a_guardian_is_accepted_and_matched_as_a_teen(client, post_data):
    sixteen = timezone.localdate().replace(year=timezone.localdate().year - 16)
    response = post(
        client,
        post_data(
            date_of_birth=sixteen.isoformat(),
            guardian_name="Pat Parent",
            guardian_email="pat@example.org",
        ),
    )
    assert response.status_code == 302
    request = MatchRequest.objects.get()
    assert request.age_group == "teen"
    assert request.guardian_name == "Pat Parent"


def test_a_child_under_13_is_matched_as_a_child(client, post_data):
    ten = timezone.localdate().replace(year=timezone.localdate().year - 10)
    post(
        client,
        post_data(
            date_of_birth=ten.isoformat(), guardian_name="Pat", guardian_phone="612-555-0188"
        ),
    )
    assert MatchRequest.objects.get().age_group == "child"


def test_an_email_or_a_phone_is_needed(client, post_data):
    text = body(post(client, post_data(email="", phone="", contact_method="email")))
    assert "Please give an email address or a phone number (or both)" in text


@pytest.mark.parametrize(
    ("method", "overrides", "message"),
    [
        ("phone", {"phone": ""}, "You asked us to call or text, so please add a phone number"),
        ("text", {"phone": ""}, "You asked us to call or text, so please add a phone number"),
        ("email", {"email": ""}, "You asked us to email, so please add an email address"),
    ],
)
def test_the_preferred_contact_method_needs_that_contact(
    client, post_data, method, overrides, message
):
    text = body(post(client, post_data(contact_method=method, **overrides)))
    assert message in text


def test_with_a_phone_we_ask_whether_a_voicemail_is_safe(client, post_data):
    text = body(post(client, post_data(voicemail_ok=None)))
    assert "Please tell us whether a voicemail is safe." in text


def test_phone_numbers_are_stored_in_one_shape(client, post_data, clinicians):
    post(client, post_data(phone="(612) 555-0147"))
    assert MatchRequest.objects.get().phone == "+16125550147"


def test_full_width_digits_are_read_as_the_digits_they_are(client, post_data, clinicians):
    """Some keyboards type ５５４０１; it is the same ZIP code and phone number."""
    full_width = str.maketrans(
        "0123456789", "\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19"
    )
    data = post_data(
        format="either",
        zip_code="55401".translate(full_width),
        phone="(612) 555-0147".translate(full_width),
    )
    assert post(client, data).status_code == 302
    saved = MatchRequest.objects.get()
    assert (saved.zip_code, saved.phone) == ("55401", "+16125550147")


def test_self_pay_clears_the_carrier_and_keeps_the_budget(client, post_data, clinicians):
    post(client, post_data(payment="self_pay", carrier="aetna", budget="90", sliding_scale="on"))
    request = MatchRequest.objects.get()
    assert request.carrier is None
    assert request.budget == 90
    assert request.sliding_scale is True


def test_the_error_summary_links_to_each_field(client, post_data):
    text = body(post(client, post_data(first_name="", format=None)))
    assert "Please check 2 answers" in text
    assert 'href="#id_format_0"' in text
    assert 'href="#id_first_name"' in text


def assert_values_kept(text: str, data: dict, *, skip: set[str]) -> None:
    """Every answer the person gave is shown again: typed text, choices, ticks."""
    for name, value in data.items():
        if name in skip or name in {"website", "consent_to_contact"} or value in ("", None):
            continue
        for item in value if isinstance(value, list) else [value]:
            if name == "form_token":
                assert f'value="{item}"' in text
                continue
            tags = re.findall(rf'<(?:input|option)[^>]*(?:name="{name}")?[^>]*>', text)
            if name in {"state", "carrier", "distance_miles", "language"}:
                assert re.search(rf'<option value="{item}"[^>]*selected', text), (name, item)
                continue
            field_tags = [t for t in tags if f'name="{name}"' in t]
            assert field_tags, name
            if any('type="radio"' in t or 'type="checkbox"' in t for t in field_tags):
                assert any(f'value="{item}"' in t and "checked" in t for t in field_tags), (
                    name,
                    item,
                )
            else:
                assert any(f'value="{item}"' in t for t in field_tags), (name, item)
