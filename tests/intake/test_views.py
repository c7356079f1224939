"""Submitting, the results page, choosing, and the confirmation."""

import contextlib
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from intake.models import AuditEvent, MatchRequest, RequestMatch, hash_results_token
from outbox.models import OutboxMessage
from tests.budgets import VERSION

pytestmark = pytest.mark.django_db

URL = "/get-matched/"
RESULTS = "/get-matched/results/"
DONE = "/get-matched/done/"


def submit(client, data):
    return client.post(URL, data)


def text(response) -> str:
    return response.content.decode()


def main(response) -> str:
    """The page's own content, after the crisis strip and header every page carries."""
    page = text(response)
    return page[page.index('id="main"') :]


def test_a_valid_request_is_saved_and_opens_the_results_page(client, post_data, clinicians):
    response = submit(client, post_data())
    assert response.status_code == 302
    assert response["Location"] == RESULTS
    request = MatchRequest.objects.get()
    assert re.fullmatch(r"ELL-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", request.reference)
    assert request.status == "new"
    cookie = response.cookies["intake_results"]
    assert hash_results_token(cookie.value) == request.results_token_hash
    assert cookie.value not in request.results_token_hash
    assert cookie["httponly"]
    assert cookie["path"] == "/get-matched/"
    # A session cookie: it ends when the browser closes (the server's one-day limit stays).
    assert cookie["max-age"] == "" and cookie["expires"] == ""


def test_head_answers_like_get_without_a_body(client):
    response = client.head(URL)
    assert response.status_code == 200
    assert response.content == b""
    assert response["Content-Type"].startswith("text/html")


def test_the_results_page_shows_ranked_matches_with_reasons(client, post_data, clinicians):
    submit(client, post_data())
    response = client.get(RESULTS)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = main(response)
    assert page.index("Maya Okafor") < page.index("Jonah Berg")
    assert "Works with self-harm as a primary focus" in page
    assert "Trained in DBT" in page
    assert "In network with Aetna" in page
    assert "Wren Hollis" not in page
    assert "Let staff choose for me" in page


def test_the_results_page_shows_the_snapshot_even_when_clinicians_change(
    client, post_data, clinicians
):
    submit(client, post_data())
    clinicians[0].delete()
    page = main(client.get(RESULTS))
    assert "Maya Okafor" in page


def test_with_fewer_than_three_matches_the_page_explains_and_labels_relaxed_matches(
    client, post_data, clinicians
):
    submit(client, post_data(carrier="cigna"))
    page = main(client.get(RESULTS))
    assert "Fewer matches than we hoped" in page
    assert "Our staff will help" in page
    assert "Close match" in page
    assert MatchRequest.objects.get().match_explanation
    assert RequestMatch.objects.filter(relaxed=True).exists()


def test_with_no_clinicians_at_all_staff_are_asked_to_help(client, post_data):
    submit(client, post_data())
    page = main(client.get(RESULTS))
    assert "our staff will help you find someone" in page
    response = client.post(RESULTS, {"action": "staff"})
    assert response["Location"] == DONE
    assert MatchRequest.objects.get().staff_choose


def test_choosing_two_clinicians_leads_to_the_confirmation(client, post_data, clinicians):
    submit(client, post_data())
    maya, jonah = clinicians[0], clinicians[1]
    response = client.post(RESULTS, {"action": "choose", "clinicians": [maya.pk, jonah.pk]})
    assert response.status_code == 302
    assert response["Location"] == DONE
    request = MatchRequest.objects.get()
    assert set(request.chosen_matches().values_list("clinician_id", flat=True)) == {
        maya.pk,
        jonah.pk,
    }
    done = client.get(DONE)
    assert "no-store" in done["Cache-Control"]
    page = main(done)
    assert request.reference in page
    assert "What happens next" in page
    assert "Maya Okafor" in page
    assert "Jonah Berg" in page
    assert 'if you call us at <a href="tel:+16125550142">(612) 555-0142</a>' in page


def test_choosing_more_than_three_is_refused_and_keeps_the_ticks(client, post_data, clinicians):
    more = [c.pk for c in clinicians[:3]]
    submit(client, post_data(carrier="aetna"))
    from tests.factories import ClinicianFactory

    extra = ClinicianFactory(specialties=["self-harm"], carriers=["aetna"])
    request = MatchRequest.objects.get()
    RequestMatch.objects.create(
        request=request, clinician=extra, clinician_name="Extra", rank=99, score=1
    )
    response = client.post(RESULTS, {"action": "choose", "clinicians": [*more, extra.pk]})
    page = main(response)
    assert "Please choose no more than three therapists." in page
    for pk in more:
        assert re.search(rf'value="{pk}"[^>]*checked', page)
    assert not request.chosen_matches().exists()


def test_choosing_nobody_asks_to_choose_or_let_staff_choose(client, post_data, clinicians):
    submit(client, post_data())
    page = main(client.post(RESULTS, {"action": "choose"}))
    assert "Choose one to three therapists, or let our staff choose for you." in page


def test_a_clinician_who_was_not_shown_cannot_be_chosen(client, post_data, clinicians):
    submit(client, post_data())
    outsider = clinicians[3]
    page = main(client.post(RESULTS, {"action": "choose", "clinicians": [outsider.pk]}))
    assert "Select a valid choice" in page
    assert not MatchRequest.objects.get().chosen_matches().exists()


@pytest.mark.parametrize(
    ("answers", "safety", "urgent", "crisis_first", "when"),
    [
        ({}, "none", False, False, "by tomorrow"),
        ({"asq_wished_dead": "yes"}, "any_yes", True, False, "today"),
        ({"asq_ever_attempted": "yes"}, "any_yes", True, False, "today"),
        (
            {"asq_wished_dead": "yes", "asq_right_now": "yes"},
            "right_now",
            True,
            True,
            "within the hour",
        ),
    ],
)
def test_the_three_safety_outcomes_route_as_specified(
    client, post_data, clinicians, answers, safety, urgent, crisis_first, when
):
    # A Tuesday at 10 a.m. in the practice's time zone (see test_promises for the calendar).
    traveller = time_machine.travel(datetime(2027, 11, 23, 16, 0, tzinfo=UTC), tick=False)
    traveller.start()
    submit(client, post_data(concerns=["anxiety"], **answers))
    request = MatchRequest.objects.get()
    assert request.safety == safety
    assert request.urgent is urgent
    results = main(client.get(RESULTS))
    assert f'<strong class="first-contact">{when}</strong>' in results
    first_match = results.index("Maya Okafor")
    if crisis_first:
        crisis = results.index("Please reach out for help right now")
        assert crisis < first_match
        for link in ('href="tel:988"', 'href="sms:988"', 'href="tel:911"'):
            assert results.index(link) < first_match
        assert "nearest emergency room" in results[:first_match]
    else:
        assert "Please reach out for help right now" not in results
    if safety == "any_yes":
        assert "Thank you for answering the safety questions" in results
    client.post(RESULTS, {"action": "staff"})
    done = main(client.get(DONE))
    assert f'<strong class="first-contact">{when}</strong>' in done
    assert ("Please reach out for help right now" in done) is crisis_first
    traveller.stop()


def test_a_self_harm_concern_without_suicidal_thoughts_is_flagged_for_a_same_day_call(
    client, post_data, clinicians
):
    submit(client, post_data(concerns=["self-harm"]))
    request = MatchRequest.objects.get()
    assert request.safety == "none"
    assert request.urgent
    assert request.urgent_reason == "concern"
    page = main(client.get(RESULTS))
    assert "Please reach out for help right now" not in page
    assert "We would like to talk with you soon" in page
    assert f'<strong class="first-contact">{request.first_contact_phrase()}</strong>' in page


@pytest.mark.parametrize(
    "answers",
    [{"concerns": ["self-harm"]}, {"concerns": ["anxiety"], "asq_wished_dead": "yes"}],
    ids=["self-harm concern", "a yes on the screen"],
)
def test_the_results_say_when_we_reach_out_once_before_the_matches(
    client, post_data, clinicians, answers
):
    # A Tuesday at 10 a.m. in the practice's time zone: an urgent request hears "today".
    with time_machine.travel(datetime(2027, 11, 23, 16, 0, tzinfo=UTC), tick=False):
        submit(client, post_data(**answers))
        page = main(client.get(RESULTS))
    assert MatchRequest.objects.get().urgent
    first_screen = page[: page.index('class="match-card')]
    assert first_screen.count("today") == 1, first_screen
    assert '<strong class="first-contact">today</strong>' in first_screen


def test_a_yes_to_right_now_puts_crisis_help_first_even_when_the_form_has_errors(client, post_data):
    page = main(submit(client, post_data(asq_right_now="yes", first_name="")))
    assert page.index("Please reach out for help right now") < page.index('name="concerns"')


def test_the_results_page_needs_the_cookie_of_the_device_that_asked(client, post_data):
    submit(client, post_data())
    other = Client()
    response = other.get(RESULTS)
    assert response.status_code == 404
    assert "This page has closed" in text(response)
    assert other.get(DONE).status_code == 404


def test_the_results_page_closes_after_a_day(client, post_data):
    submit(client, post_data())
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        response = client.get(RESULTS)
    assert response.status_code == 404
    assert "MatchRequest" not in text(response)


def test_forget_this_on_this_device_clears_the_cookie_and_keeps_the_request(
    client, post_data, clinicians
):
    submit(client, post_data())
    for page in (main(client.get(RESULTS)), main(client.get(DONE))):
        assert 'action="/get-matched/forget/"' in page
        assert "Forget this on this device" in page
    response = client.post("/get-matched/forget/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    gone = response.cookies["intake_results"]
    assert (gone.value, gone["path"], gone["max-age"]) == ("", "/get-matched/", 0)
    assert "This device has forgotten your matches" in main(response)
    assert client.get(RESULTS).status_code == 404
    assert MatchRequest.objects.count() == 1


def test_forgetting_is_a_post_only(client):
    assert client.get("/get-matched/forget/").status_code == 405


def test_the_results_page_still_closes_after_a_day_in_an_open_browser(client, post_data):
    submit(client, post_data())
    with time_machine.travel(timezone.now() + timedelta(hours=24, minutes=1)):
        assert client.get(RESULTS).status_code == 404


def test_a_forged_cookie_opens_nothing(client, post_data):
    submit(client, post_data())
    client.cookies["intake_results"] = "x" * 43
    assert client.get(RESULTS).status_code == 404


def test_a_bot_that_fills_the_honeypot_gets_a_neutral_page_and_nothing_is_saved(client, post_data):
    response = submit(client, post_data(website="http://spam.example"))
    assert response.status_code == 200
    assert "Thank you" in text(response)
    assert "ELL-" not in text(response)
    assert "intake_results" not in response.cookies
    assert MatchRequest.objects.count() == 0
    assert OutboxMessage.objects.count() == 0


def test_the_rate_limit_keeps_the_answers_and_explains_kindly(
    client, post_data, settings, clinicians
):
    settings.INTAKE_RATE_LIMIT = 2
    for n in range(2):
        assert (
            submit(client, post_data(form_token=f"token-number-{n}-abcdefghijk")).status_code == 302
        )
    response = submit(client, post_data(form_token="token-number-3-abcdefghijk"))
    assert response.status_code == 429
    page = main(response)
    assert "We have had several requests from this connection" in page
    assert "Your answers are still here" in page
    assert 'value="Quillonax"' in page
    assert MatchRequest.objects.count() == 2


def test_the_rate_limit_is_per_address(client, post_data, settings, clinicians):
    settings.INTAKE_RATE_LIMIT = 1
    submit(client, post_data(form_token="token-number-1-abcdefghijk"))
    other = Client(REMOTE_ADDR="192.0.2.77")
    response = other.post(URL, post_data(form_token="token-number-2-abcdefghijk"))
    assert response.status_code == 302


def test_a_repeat_of_the_same_form_is_not_counted_against_the_limit(
    client, post_data, settings, clinicians
):
    settings.INTAKE_RATE_LIMIT = 1
    submit(client, post_data())
    response = submit(client, post_data())
    assert response.status_code == 302
    assert MatchRequest.objects.count() == 1


def test_double_submit_from_one_browser_makes_one_request_and_reopens_it(post_data, clinicians):
    browser = Client()
    browser.post(URL, post_data())
    response = browser.post(URL, post_data())
    assert response.status_code == 302
    assert response["Location"] == RESULTS
    assert MatchRequest.objects.count() == 1
    assert OutboxMessage.objects.filter(kind="staff_new_request").count() == 1
    assert browser.get(RESULTS).status_code == 200


def test_a_replayed_form_token_from_another_browser_gets_a_neutral_page_and_no_cookie(
    post_data, clinicians
):
    first, second = Client(), Client()
    first.post(URL, post_data())
    response = second.post(URL, post_data(first_name="Someone", email="else@example.org"))
    assert response.status_code == 200
    page = main(response)
    assert "We already have this request" in page
    assert "Quillonax" not in page and "ELL-" not in page and "Maya Okafor" not in page
    assert "intake_results" not in response.cookies
    assert second.get(RESULTS).status_code == 404
    assert MatchRequest.objects.count() == 1


def test_every_choice_is_audited_without_a_name(client, post_data, clinicians):
    submit(client, post_data())
    request = MatchRequest.objects.get()
    client.post(RESULTS, {"action": "choose", "clinicians": [clinicians[0].pk]})
    client.post(RESULTS, {"action": "staff"})
    events = list(AuditEvent.objects.filter(request_id=request.pk).order_by("at", "id"))
    assert [(e.action, e.detail, e.actor) for e in events] == [
        ("choice", "chose 1 clinician(s)", None),
        ("choice", "let staff choose", None),
    ]
    assert all(e.ip == "127.0.0.1" for e in events)


def test_an_expired_form_gets_a_kind_page_with_the_crisis_strip(post_data):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(URL, post_data())
    assert response.status_code == 403
    page = text(response)
    assert "Please try that again" in page
    assert "only work for a while after the page was opened" in page
    assert "Nothing was saved" in page
    assert 'aria-label="Crisis support"' in page
    assert MatchRequest.objects.count() == 0


def test_the_intake_views_hide_post_bodies_from_error_reports(rf, post_data):
    from intake import views

    for view in (views.get_matched, views.results):
        request = rf.post(URL, post_data())
        request._dont_enforce_csrf_checks = True
        with contextlib.suppress(Exception):  # only the marker matters here
            view(request)
        assert request.sensitive_post_parameters == "__ALL__"


def test_an_empty_choice_post_is_answered_with_a_message(client, post_data, clinicians):
    submit(client, post_data())
    page = main(client.post(RESULTS, {}))
    assert "Choose one to three therapists, or let our staff choose for you." in page


def test_results_cards_show_photos_first_at_once_then_lazily_and_initials_otherwise(
    client, post_data, clinicians
):
    from matching.photos import read_photo, set_clinician_photo
    from tests.images import jpeg_bytes
    from tests.matching.test_portraits import Portraits

    for clinician in clinicians[:2]:
        set_clinician_photo(clinician=clinician, photo=read_photo(jpeg_bytes(700, 900)))
    submit(client, post_data())
    page = main(client.get(RESULTS))
    found = Portraits(page)

    first, second = found.pictures
    assert first["img"]["alt"] == "Photo of Maya Okafor"
    assert "loading" not in first["img"] and second["img"]["loading"] == "lazy"
    assert (first["img"]["width"], first["img"]["height"]) == ("96", "96")
    assert first["source"]["type"] == "image/webp"
    assert [a["text"] for a in found.avatars] == ["RD"], "Rosa Delgado has no photo"


def test_a_submission_looks_nothing_up_twice(client, post_data, clinicians, practice):
    """The form token is looked up once, the chosen carrier is the form's own: the same
    statement never runs twice in one submission."""
    from collections import Counter

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/get-matched/")
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/get-matched/", post_data())
    assert response.status_code == 302
    sql = [q["sql"] for q in queries.captured_queries]
    statements = Counter(q for q in sql if not q.startswith(("SAVEPOINT", "RELEASE")))
    repeated = {statement: n for statement, n in statements.items() if n > 1}
    assert not repeated, repeated
    token_lookups = [
        q for q in sql if q.startswith("SELECT") and '"form_token" =' in q and "matchrequest" in q
    ]
    assert len(token_lookups) == 1, token_lookups
    assert len(queries.captured_queries) <= VERSION + 20
