"""tools/load.py: the pieces that decide what is sent and what counts as an error."""

import importlib.util
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.http import QueryDict

from intake.forms import MatchRequestForm

PATH = Path(__file__).resolve().parents[2] / "tools" / "load.py"
spec = importlib.util.spec_from_file_location("load_script", PATH)
load = importlib.util.module_from_spec(spec)
sys.modules["load_script"] = load  # dataclasses look their module up by name
spec.loader.exec_module(load)

FORM = """
<form method="post" action="/accounts/logout/"><input type="hidden" name="x" value="1"></form>
<form method="post" action="/get-matched/" novalidate>
  <input type="hidden" name="csrfmiddlewaretoken" value="tok">
  <input type="hidden" name="form_token" value="abcdefghijklmnopqrstuvwxyz012345">
  <input type="text" name="first_name">
  <input type="text" name="website">
  <button type="submit">Send</button>
</form>
"""

RESULTS = """
<form method="post" id="choose-form">
  <input type="hidden" name="csrfmiddlewaretoken" value="tok2">
  <input type="checkbox" name="clinicians" value="17">
  <input type="checkbox" name="clinicians" value="4">
  <button type="submit" name="action" value="choose">Ask</button>
</form>
"""


@pytest.mark.parametrize("n", range(len(load.PEOPLE)))
def test_every_load_test_person_is_a_valid_answer_to_the_real_form(n, db):
    payload = load.intake_payload(load.parse_form(FORM), n)
    data = QueryDict(urlencode(payload, doseq=True))  # as the server reads the body
    form = MatchRequestForm(data)
    assert form.is_valid(), form.errors.as_text()
    assert not form.is_spam, "the honeypot stays empty"
    assert payload["csrfmiddlewaretoken"] == "tok"
    assert form.cleaned_data["form_token"] == "abcdefghijklmnopqrstuvwxyz012345"


def test_the_load_test_people_send_only_fields_the_form_has():
    sent = set(load.EVERYONE) | {k for person in load.PEOPLE for k in person}
    assert sent <= set(MatchRequestForm.base_fields)


def test_the_load_test_people_differ_in_what_the_ranking_works_on():
    people = load.PEOPLE
    assert {p["format"] for p in people} == {"telehealth", "in_person", "either"}
    assert {p["payment"] for p in people} == {"insurance", "self_pay"}
    assert any("guardian_name" in p for p in people), "a minor, with a guardian"
    assert len({p["state"] for p in people}) >= 3


def test_each_submission_has_its_own_email_so_no_two_look_like_one_person():
    form = load.parse_form(FORM)
    assert load.intake_payload(form, 1)["email"] != load.intake_payload(form, 2)["email"]


def test_on_the_results_the_first_therapist_is_chosen_or_staff_asked():
    assert load.choice_payload(load.parse_form(RESULTS)) == {
        "csrfmiddlewaretoken": "tok2",
        "clinicians": ["17"],
        "action": "choose",
    }
    nobody = RESULTS.replace('name="clinicians"', 'name="other"')
    assert load.choice_payload(load.parse_form(nobody))["action"] == "staff"


def test_the_sign_out_form_is_never_taken_for_the_intake_form():
    assert load.parse_form(FORM).action == "/get-matched/"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/get-matched/", "/es/get-matched/"])
def test_on_the_real_page_the_intake_form_is_found_not_leave_this_site(client, path):
    form = load.parse_form(client.get(path).content.decode())
    assert form is not None
    assert form.action in ("", path)
    assert {"csrfmiddlewaretoken", "form_token"} <= set(form.hidden)
    assert "first_name" in form.fields


def test_a_form_shown_again_is_an_error_that_says_why():
    page = b'<div class="invalid-feedback"><strong>Please choose a state.</strong></div>'
    assert "Please choose a state." in load.redirected((200, {}, page))
    assert load.redirected((302, {}, b"")) == ""
    assert load.redirected((429, {}, b"")) == "HTTP 429"


def test_the_server_runs_without_the_per_address_submission_limit(monkeypatch):
    started = {}

    def start_server(env, port, workers):
        started.update(env)
        raise SystemExit(0)

    monkeypatch.setattr(load, "ensure_database", lambda url: None)
    monkeypatch.setattr(load, "manage", lambda env, *args, **kwargs: None)
    monkeypatch.setattr(load, "prepare_data", lambda env, count: "0")
    monkeypatch.setattr(load, "refresh_statistics", lambda url: None)
    monkeypatch.setattr(load, "start_server", start_server)
    with pytest.raises(SystemExit):
        load.main(["--duration", "1"])
    assert int(started["INTAKE_RATE_LIMIT"]) >= 10**6
    assert started["DEBUG"] == "0"


@pytest.mark.parametrize(("p", "expected"), [(50, 50), (95, 95), (99, 99), (100, 100)])
def test_percentiles_are_nearest_rank(p, expected):
    assert load.percentile([float(v) for v in range(1, 101)], p) == expected


def test_the_report_counts_errors():
    recorder = load.Recorder()
    recorder.timed("page", lambda: (200, {}, b""), load.expect_status(200))
    recorder.timed("page", lambda: (500, {}, b""), load.expect_status(200))
    recorder.timed("page", lambda: 1 / 0, load.expect_status(200))
    table, errors = load.report(recorder, 1.0)
    assert errors == 2
    assert "| page | 3 | 2 |" in table
    assert "HTTP 500" in table and "ZeroDivisionError" in table


def test_a_server_that_cannot_start_stops_the_run_at_once_and_says_so():
    broken = {"PATH": os.environ["PATH"], "DEBUG": "0", "SECRET_KEY": ""}  # refused at start
    started = time.monotonic()
    with pytest.raises(SystemExit, match="gunicorn exited before answering"):
        load.start_server(broken, load.free_port(), 1)
    assert time.monotonic() - started < 30
