"""The results page on a phone: compact cards, five matches first, the rest a tap away."""

import re

import pytest
from django.template.loader import render_to_string

from tests.factories import ClinicianFactory

pytestmark = pytest.mark.django_db

RESULTS = "/get-matched/results/"


def card(reasons, cautions=()):
    match = {
        "reasons": list(reasons),
        "cautions": list(cautions),
        "clinician": None,
        "clinician_id": 7,
        "clinician_name": "Rosa Delgado, PsyD",
        "rank": 1,
        "relaxed": False,
    }
    return render_to_string("intake/match_card.html", {"match": match, "chosen_ids": []})


@pytest.mark.parametrize(
    ("n", "shown", "folded"),
    [(1, 1, 0), (3, 3, 0), (4, 3, 1), (6, 3, 3)],
)
def test_a_card_shows_the_top_three_reasons_and_folds_the_rest(n, shown, folded):
    reasons = [f"Reason {i}" for i in range(1, n + 1)]
    html = card(reasons, cautions=["Availability last confirmed 5 weeks ago"])
    folds = re.findall(r'<details class="more-reasons">.*?</details>', html, re.S)
    inside = "".join(folds)
    outside = re.sub(r'<details class="more-reasons">.*?</details>', "", html, flags=re.S)
    assert [r for r in reasons if f"<li>{r}</li>" in outside] == reasons[:shown]
    assert [r for r in reasons if f"<li>{r}</li>" in inside] == reasons[shown:]
    assert len(folds) == (1 if folded else 0)
    if folded:
        assert f"{folded} more reason" in inside
    assert "Availability last confirmed 5 weeks ago" in outside, "cautions are never folded"
    assert 'name="clinicians" value="7"' in html


def test_five_matches_come_first_and_the_rest_are_behind_show_more(client, post_data):
    for i in range(8):
        ClinicianFactory(
            first_name=f"Fit{i}",
            last_name="Person",
            specialties=["self-harm:primary"],
            modalities=["dbt"],
            carriers=["aetna"],
        )
    client.post("/get-matched/", post_data())
    html = client.get(RESULTS).content.decode()
    first, _, rest = html.partition('<details class="more-matches">')
    shown = len(re.findall(r'class="match-card', first))
    folded = len(re.findall(r'class="match-card', rest))
    assert shown == 5
    assert folded >= 1
    assert f"Show {folded} more match" in rest
    assert '<ol class="match-list list-unstyled" start="6"' in rest
    # Every card can still be chosen without any script: the checkboxes are in the form.
    assert html.count('name="clinicians"') == shown + folded
    assert "{#" not in html, "a template comment leaked onto the page"


def test_with_five_or_fewer_matches_nothing_is_folded(client, post_data, clinicians):
    client.post("/get-matched/", post_data())
    assert "more-matches" not in client.get(RESULTS).content.decode()
