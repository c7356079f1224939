"""No promise without a record, and the promise in words from the practice's calendar."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.db import DatabaseError

from intake.models import MatchRequest
from practice.models import Holiday, Practice

pytestmark = pytest.mark.django_db

URL = "/get-matched/"
RESULTS = "/get-matched/results/"
DONE = "/get-matched/done/"
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
PROMISES = ("will reach out", "will contact you", "will also reach out", "reach out to you")


def main(response) -> str:
    page = response.content.decode()
    return page[page.index('id="main"') :]


def assert_no_promise_and_crisis_first(page: str) -> None:
    for promise in PROMISES:
        assert promise not in page
    assert "Your request has not been sent yet" in page
    first_field = page.index('name="concerns"')
    assert page.index("Please reach out for help right now") < first_field
    for link in ('href="tel:988"', 'href="sms:988"', 'href="tel:911"'):
        assert page.index(link) < first_field
    assert 'value="Quillonax"' in page, "the answers are kept"


@pytest.mark.parametrize(
    "why",
    ["validation", "honeypot"],
)
def test_a_right_now_yes_that_is_not_stored_promises_nothing(client, post_data, why):
    data = post_data(asq_wished_dead="yes", asq_right_now="yes")
    if why == "validation":
        data["zip_code"] = "not a zip"
    else:
        data["website"] = "autofilled by a browser"
    response = client.post(URL, data)
    assert MatchRequest.objects.count() == 0
    assert_no_promise_and_crisis_first(main(response))
    assert "intake_results" not in response.cookies


def test_a_form_with_errors_never_promises_contact(client, post_data):
    page = main(client.post(URL, post_data(first_name="")))
    for promise in PROMISES:
        assert promise not in page
    assert "Your request has not been sent yet" in page


def test_a_refused_request_without_a_positive_screen_says_it_was_not_sent(
    client, post_data, settings, clinicians
):
    settings.INTAKE_RATE_LIMIT = 1
    client.post(URL, post_data(form_token="first-request-abcdefghijkl"))
    response = client.post(URL, post_data(form_token="second-request-abcdefghijk"))
    assert response.status_code == 429
    page = main(response)
    for promise in PROMISES:
        assert promise not in page
    assert "Your request has not been sent yet" in page
    assert '<a href="tel:+16125550142">(612) 555-0142</a>' in page


@pytest.mark.parametrize("answer", ["asq_wished_dead", "asq_ever_attempted", "asq_right_now"])
def test_a_positive_screen_is_never_dropped_by_the_rate_limit(
    client, post_data, settings, clinicians, answer
):
    settings.INTAKE_RATE_LIMIT = 1
    client.post(URL, post_data(form_token="first-request-abcdefghijkl"))
    extra = {"asq_wished_dead": "yes"} if answer == "asq_right_now" else {}
    response = client.post(
        URL, post_data(form_token="second-request-abcdefghijk", **{answer: "yes"}, **extra)
    )
    assert response.status_code == 302
    assert MatchRequest.objects.count() == 2
    assert MatchRequest.objects.filter(urgent=True, safety__in=["any_yes", "right_now"]).count()


@pytest.mark.parametrize("step", ["intake.views.submit_request", "intake.antispam.bump"])
def test_a_positive_screen_that_cannot_be_stored_says_so_with_the_phone_number(
    client, post_data, monkeypatch, step
):
    def database_away(*args, **kwargs):
        raise DatabaseError("the database went away")

    monkeypatch.setattr(step, database_away)
    response = client.post(URL, post_data(asq_wished_dead="yes", asq_right_now="yes"))
    assert response.status_code == 503
    page = main(response)
    assert_no_promise_and_crisis_first(page)
    assert "We could not save it just now" in page
    assert '<a href="tel:+16125550142">(612) 555-0142</a>' in page


def at(y, m, d, hh, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=CHICAGO)


# 2027: Tuesday 23 November; Thursday 25 November is Thanksgiving (closed); hours are
# Monday to Friday, 8 a.m. to 6 p.m. (the settings the practice is seeded from).
@pytest.mark.parametrize(
    ("answers", "sent", "phrase"),
    [
        (
            {"asq_wished_dead": "yes", "asq_right_now": "yes"},
            at(2027, 11, 23, 10),
            "within the hour",
        ),
        ({"asq_wished_dead": "yes"}, at(2027, 11, 23, 10), "today"),
        (
            {"asq_wished_dead": "yes", "asq_right_now": "yes"},
            at(2027, 11, 23, 19),
            "tomorrow morning",
        ),
        ({"asq_wished_dead": "yes"}, at(2027, 11, 23, 19), "tomorrow"),
        ({"asq_wished_dead": "yes"}, at(2027, 11, 24, 19), "on Friday"),
        (
            {"asq_wished_dead": "yes", "asq_right_now": "yes"},
            at(2027, 11, 26, 19),
            "on Monday morning",
        ),
        ({"asq_wished_dead": "yes"}, at(2027, 11, 27, 11), "on Monday"),
        ({"concerns": ["anxiety"]}, at(2027, 11, 23, 10), "by tomorrow"),
        ({"concerns": ["anxiety"]}, at(2027, 11, 24, 10), "by Friday"),
        ({"concerns": ["anxiety"]}, at(2027, 11, 26, 10), "by Monday"),
    ],
)
def test_the_promised_contact_time_follows_business_hours_weekends_and_holidays(
    client, post_data, clinicians, answers, sent, phrase
):
    Holiday.objects.get_or_create(
        practice=Practice.objects.get(),
        date=dt.date(2027, 11, 25),
        defaults={"name": "Thanksgiving Day"},
    )
    Practice.forget()
    with time_machine.travel(sent, tick=False):
        client.post(URL, post_data(**answers))
        results = main(client.get(RESULTS))
        client.post(RESULTS, {"action": "staff"})
        done = main(client.get(DONE))
    for page in (results, done):
        assert f'<strong class="first-contact">{phrase}</strong>' in page
    if "asq_right_now" in answers:
        assert f"Our team will also reach out to you {phrase}." in results
