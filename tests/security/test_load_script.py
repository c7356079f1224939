"""tools/load.py: the pieces that decide what is sent and what counts as an error."""

import importlib.util
import sys
from pathlib import Path

import pytest

PATH = Path(__file__).resolve().parents[2] / "tools" / "load.py"
spec = importlib.util.spec_from_file_location("load_script", PATH)
load = importlib.util.module_from_spec(spec)
sys.modules["load_script"] = load  # dataclasses look their module up by name
spec.loader.exec_module(load)

FORM = """
<form method="post" action="/accounts/logout/"><input type="hidden" name="x" value="1"></form>
<form method="post" action="/get-matched/" novalidate>
  <input type="hidden" name="csrfmiddlewaretoken" value="tok">
  <input type="hidden" name="form_token" value="abc">
  <input type="text" name="first_name">
  <input type="email" name="email">
  <input type="text" name="zip_code">
  <input type="text" name="website">
  <select name="state"><option value="">Choose</option><option value="MN">MN</option></select>
  <input type="radio" name="asq_1" value="yes"><input type="radio" name="asq_1" value="no">
  <input type="radio" name="contact_method" value="phone">
  <input type="radio" name="contact_method" value="email">
  <input type="checkbox" name="concerns" value="anxiety">
  <input type="checkbox" name="concerns" value="depression">
  <input type="checkbox" name="consent" value="on">
  <input type="checkbox" name="newsletter" value="on">
  <textarea name="notes"></textarea>
  <button type="submit">Send</button>
</form>
"""


def test_the_intake_payload_fills_the_form_on_the_page():
    payload = load.intake_payload(load.parse_form(FORM), 7)
    assert payload["csrfmiddlewaretoken"] == "tok"
    assert payload["form_token"] == "abc"
    assert payload["email"] == "load.test+7@example.org"
    assert payload["zip_code"] == "55401"
    assert payload["state"] == "MN"
    assert payload["asq_1"] == "no"
    assert payload["contact_method"] == "phone"
    assert payload["concerns"] == "anxiety"
    assert payload["consent"] == "on"
    assert "newsletter" not in payload
    assert "website" not in payload, "the honeypot stays empty"
    assert payload["notes"]


def test_the_sign_out_form_is_never_taken_for_the_intake_form():
    assert load.parse_form(FORM).action == "/get-matched/"


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
