"""The fuller profile: approach, who they work with, a first session; in the clinician's words."""

import csv
import datetime as dt
import io

import pytest

from matching.demo import APPROACH, FIRST_SESSION, roster_csv, works_with
from matching.models import Clinician
from matching.roster import import_roster
from tests.factories import ClinicianFactory
from tests.matching.test_roster import GOOD, HEADER

pytestmark = pytest.mark.django_db

HEADINGS = ["How Rosa works", "Who Rosa works with", "What a first session is like"]


def test_the_profile_shows_each_part_under_its_own_heading(client):
    rosa = ClinicianFactory(
        first_name="Rosa",
        approach="I use DBT.\n\nWe go at your pace.",
        works_with="I work with teenagers.",
        first_session="- We talk\n- You ask me anything",
    )
    html = client.get(rosa.get_absolute_url()).content.decode()
    positions = [html.index(f">{heading}</h2>") for heading in HEADINGS]
    assert positions == sorted(positions)
    assert "<p>I use DBT.</p>\n<p>We go at your pace.</p>" in html
    assert "<ul><li>We talk</li><li>You ask me anything</li></ul>" in html


@pytest.mark.parametrize(
    ("given", "shown", "hidden"),
    [
        ({}, [], HEADINGS),
        ({"approach": "Gently."}, HEADINGS[:1], HEADINGS[1:]),
        ({"first_session": "We talk."}, HEADINGS[2:], HEADINGS[:2]),
    ],
)
def test_a_part_left_empty_is_not_shown(client, given, shown, hidden):
    rosa = ClinicianFactory(first_name="Rosa", **given)
    html = client.get(rosa.get_absolute_url()).content.decode()
    assert all(heading in html for heading in shown)
    assert not any(heading in html for heading in hidden)


def test_markup_in_a_profile_is_shown_as_typed(client):
    rosa = ClinicianFactory(approach='<script>alert("x")</script>')
    html = client.get(rosa.get_absolute_url()).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


def test_the_roster_imports_the_profile_columns():
    header = [*HEADER, "approach", "works_with", "first_session"]
    row = {**GOOD, "approach": "I use DBT.", "works_with": "Teens.", "first_session": "We talk."}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header)
    writer.writeheader()
    writer.writerow(row)
    result = import_roster(file=io.BytesIO(out.getvalue().encode()))
    assert result.ok, result.errors
    rosa = Clinician.objects.get(npi=GOOD["npi"])
    assert (rosa.approach, rosa.works_with, rosa.first_session) == (
        "I use DBT.",
        "Teens.",
        "We talk.",
    )


def test_every_demo_clinician_has_a_fuller_profile():
    text = roster_csv(dt.date.today()).read().decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows
    for row in rows:
        assert row["works_with"].startswith("I work with "), row["works_with"]
        assert row["first_session"] in FIRST_SESSION
    assert sum(1 for row in rows if row["approach"] in APPROACH.values()) == len(rows)


@pytest.mark.parametrize(
    ("ages", "specialties", "text"),
    [
        ("adult", "anxiety", "I work with adults. Most often: anxiety."),
        (
            "teen;adult",
            "self-harm:primary;adhd",
            "I work with teenagers and adults. Most often: self-harm and ADHD.",
        ),
        (
            "child;teen;adult",
            "",
            "I work with children (with their parents or carers), teenagers and adults.",
        ),
    ],
)
def test_demo_profiles_say_who_each_clinician_works_with(ages, specialties, text):
    assert works_with(ages, specialties) == text
