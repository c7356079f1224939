"""The score, held to docs/matching.md: every rule and step, as the database computes it.

Each row of RULES sets one thing about a clinician who otherwise earns nothing, asks for
one thing, and expects the exact points of the documented table. The property test then
generates clinicians and requests and checks that the reasons shown add up to exactly the
score, and that every reason and caution is one the page documents and true.
"""

from __future__ import annotations

import datetime
import re
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching import scoring
from matching.models import Modality
from matching.ranking import Match, Preferences, rank
from tests.factories import ClinicianFactory

pytestmark = pytest.mark.django_db

DOC = Path(__file__).resolve().parents[2] / "docs" / "matching.md"


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


class DaysAgo(int):
    """A date in RULES, written as days before today and turned into a date when the test runs
    (collection may happen the day before, when the suite runs across midnight)."""


def on_the_day(fields: dict) -> dict:
    return {k: days_ago(v) if isinstance(v, DaysAgo) else v for k, v in fields.items()}


# A clinician who passes every filter of ASK_NOTHING and earns no points at all.
EARNS_NOTHING = {
    "gender": "man",
    "languages": ["english"],
    "availability_confirmed_on": DaysAgo(40),  # still offered, earns nothing
    "waitlist_weeks": 10,
    "self_pay_rate": 200,
    "sliding_scale": False,
}
ASK_NOTHING = {"state": "MN", "format": "telehealth", "seed": "score"}
IN_PERSON = {"format": "in_person", "zip_code": "55401"}  # downtown Minneapolis
OFFICE = {"telehealth": False}

# (rule in docs/matching.md, the clinician, the request, points)
RULES = [
    ("PRIMARY_CONCERN", {"specialties": ["self-harm:primary"]}, {"concerns": ("self-harm",)}, 30),
    (
        "PRIMARY_CONCERN",
        {"specialties": ["self-harm:primary", "depression:primary"]},
        {"concerns": ("self-harm", "depression")},
        60,
    ),
    ("EXPERIENCED_CONCERN", {"specialties": ["depression"]}, {"concerns": ("depression",)}, 15),
    (
        "EXPERIENCED_CONCERN",
        {"specialties": ["self-harm:primary", "depression"]},
        {"concerns": ("self-harm", "depression")},
        45,
    ),
    ("EXPERIENCED_CONCERN", {"specialties": ["anxiety"]}, {"concerns": ("depression",)}, 0),
    ("RECOMMENDED_MODALITY", {"modalities": ["dbt"]}, {"recommended_modalities": ("dbt",)}, 12),
    (
        "RECOMMENDED_MODALITY",
        {"modalities": ["dbt", "cbt"]},
        {"recommended_modalities": ("dbt", "cbt")},
        24,
    ),
    ("PREFERRED_MODALITY", {"modalities": ["emdr"]}, {"modalities": ("emdr",)}, 10),
    (
        "PREFERRED_MODALITY",
        {"modalities": ["dbt"]},
        {"recommended_modalities": ("dbt",), "modalities": ("dbt",)},
        22,
    ),
    ("IN_NETWORK", {"carriers": ["aetna"]}, {"carrier": "aetna"}, 25),
    ("IN_NETWORK", {"carriers": ["cigna"]}, {"carrier": "aetna", "out_of_network_ok": True}, 0),
    ("IN_NETWORK", {"carriers": ["aetna"]}, {"carrier": "aetna", "self_pay": True}, 0),
    ("LANGUAGE", {"languages": ["english", "spanish"]}, {"language": "spanish"}, 20),
    ("LANGUAGE", {}, {"language": "spanish"}, 0),
    ("GENDER", {"gender": "woman"}, {"gender": "woman"}, 10),
    ("GENDER", {"gender": "nonbinary"}, {"gender": "woman"}, 0),
    ("AVAILABILITY_POINTS", {"availability_confirmed_on": DaysAgo(0)}, {}, 10),
    ("AVAILABILITY_POINTS", {"availability_confirmed_on": DaysAgo(14)}, {}, 10),
    ("AVAILABILITY_POINTS", {"availability_confirmed_on": DaysAgo(15)}, {}, 5),
    ("AVAILABILITY_POINTS", {"availability_confirmed_on": DaysAgo(28)}, {}, 5),
    ("AVAILABILITY_POINTS", {"availability_confirmed_on": DaysAgo(29)}, {}, 0),
    ("AVAILABILITY_POINTS", {"availability_confirmed_on": DaysAgo(45)}, {}, 0),
    ("WAITLIST_POINTS", {"waitlist_weeks": None}, {}, 8),
    ("WAITLIST_POINTS", {"waitlist_weeks": 0}, {}, 8),
    ("WAITLIST_POINTS", {"waitlist_weeks": 1}, {}, 5),
    ("WAITLIST_POINTS", {"waitlist_weeks": 2}, {}, 5),
    ("WAITLIST_POINTS", {"waitlist_weeks": 3}, {}, 2),
    ("WAITLIST_POINTS", {"waitlist_weeks": 4}, {}, 2),
    ("WAITLIST_POINTS", {"waitlist_weeks": 5}, {}, 0),
    ("DISTANCE_POINTS", {**OFFICE, "offices": ["55408"]}, IN_PERSON, 10),  # 2.7 miles
    ("DISTANCE_POINTS", {**OFFICE, "offices": ["55102"]}, IN_PERSON, 6),  # 7.9 miles
    ("DISTANCE_POINTS", {**OFFICE, "offices": ["55379"]}, IN_PERSON, 3),  # 18.7 miles
    ("DISTANCE_POINTS", {**OFFICE, "offices": ["55330"]}, {**IN_PERSON, "distance_miles": 50}, 0),
    ("DISTANCE_POINTS", {"offices": ["55408"]}, {}, 0),  # telehealth asked: no distance
    ("SLIDING_SCALE", {"sliding_scale": True}, {"self_pay": True, "sliding_scale": True}, 10),
    ("SLIDING_SCALE", {"sliding_scale": True}, {"self_pay": True}, 0),
    ("WITHIN_BUDGET", {"self_pay_rate": 120}, {"self_pay": True, "budget": 120}, 10),
    ("WITHIN_BUDGET", {"self_pay_rate": 121}, {"self_pay": True, "budget": 120}, 0),
    ("WITHIN_BUDGET", {"self_pay_rate": None}, {"self_pay": True, "budget": 120}, 0),
]


def only_match(prefs: Preferences) -> Match:
    result = rank(prefs)
    [match] = result.matches + result.relaxed
    return match


@pytest.mark.parametrize(
    ("rule", "clinician", "request_", "points"),
    RULES,
    ids=[f"{rule}-{n}" for n, (rule, *_) in enumerate(RULES)],
)
def test_each_rule_gives_exactly_its_documented_points(rule, clinician, request_, points):
    ClinicianFactory(**on_the_day({**EARNS_NOTHING, **clinician}))
    match = only_match(Preferences(**{**ASK_NOTHING, **request_}))
    assert not match.relaxed
    assert match.score == points


def test_a_clinician_with_nothing_asked_for_earns_nothing():
    ClinicianFactory(**on_the_day(EARNS_NOTHING))
    assert only_match(Preferences(**ASK_NOTHING)).score == 0


def test_points_add_up_across_rules():
    ClinicianFactory(
        specialties=["self-harm:primary"],
        modalities=["dbt"],
        carriers=["aetna"],
        gender="woman",
        availability_confirmed_on=days_ago(3),
        waitlist_weeks=0,
    )
    prefs = Preferences(
        state="MN",
        concerns=("self-harm",),
        recommended_modalities=("dbt",),
        carrier="aetna",
        gender="woman",
        seed="score",
    )
    assert only_match(prefs).score == 30 + 12 + 25 + 10 + 10 + 8  # Maya in docs/matching.md


# --- The table in docs/matching.md ------------------------------------------------------


def documented_rules() -> dict[str, tuple[str, list[int]]]:
    """Rule -> (what, points) from the score table of docs/matching.md."""
    rules = {}
    for line in DOC.read_text().splitlines():
        found = re.fullmatch(r"\| (.+) \| ([\d /]+?)(?: each)? \| `([A-Z_]+)` \|", line)
        if found:
            what, points, rule = found.groups()
            rules[rule] = (what, [int(p) for p in points.split(" / ")])
    return rules


def test_the_documented_table_has_every_rule_and_the_tests_cover_each():
    documented = documented_rules()
    assert len(documented) == 12
    assert set(documented) == {rule for rule, *_ in RULES}


@pytest.mark.parametrize("rule", sorted(documented_rules()))
def test_the_documented_points_are_the_weights_in_the_code(rule):
    what, points = documented_rules()[rule]
    weight = getattr(scoring, rule)
    if isinstance(weight, int):
        assert points == [weight]
    else:
        assert points == [value for _, value in weight]
        # The steps named in the table: days, weeks or miles (a waitlist of 0 is "none").
        limits = [int(n) for n in re.findall(r"\d+", what)]
        assert limits == [limit for limit, _ in weight if limit]


# --- Reasons and cautions: generated clinicians and requests ----------------------------

CONCERNS = ["self-harm", "depression", "anxiety"]
MODALITIES = ["dbt", "cbt", "emdr"]
# Offices at 2.7, 7.9, 18.7, 27.5 and 59 miles from 55401: no two near a step's edge.
ZIPS = ["55408", "55102", "55379", "55330", "56301"]


def documented(section: str) -> list[str]:
    """The quoted examples of a paragraph of docs/matching.md ("Reasons:", "Cautions:")."""
    [paragraph] = [p for p in DOC.read_text().split("\n\n") if p.startswith(f"{section}: ")]
    return re.findall(r'"([^"]+)"', " ".join(paragraph.split()))


def distance_points(miles: float) -> int:
    return next((points for limit, points in ((5, 10), (10, 6), (25, 3)) if miles <= limit), 0)


def availability_points(confirmed: datetime.date) -> int:
    age = (timezone.localdate() - confirmed).days
    return 10 if age <= 14 else 5 if age <= 28 else 0


def waitlist_points(weeks: int | None) -> int:
    weeks = weeks or 0
    return 8 if weeks == 0 else 5 if weeks <= 2 else 2 if weeks <= 4 else 0


class Case:
    """One generated clinician and request, and what is true of them."""

    def __init__(self, clinician: dict, prefs: Preferences, match: Match):
        self.c = clinician
        self.prefs = prefs
        self.match = match
        self.levels = dict(s.partition(":")[::2] for s in clinician["specialties"])

    def has_specialty(self, name: str, level: str) -> bool:
        slug = name.lower()
        wanted = "primary" if level == "primary" else ""
        return slug in self.prefs.concerns and self.levels.get(slug, None) == wanted

    def modality_points(self, short: str) -> int:
        slug = next(m.slug for m in Modality.objects.all() if scoring.short_name(m.name) == short)
        assert slug in self.c["modalities"], short
        return 12 * (slug in self.prefs.recommended_modalities) + 10 * (
            slug in self.prefs.modalities
        )

    @property
    def uses_carrier(self) -> bool:
        return bool(self.prefs.carrier) and not self.prefs.self_pay

    @property
    def in_network(self) -> bool:
        return self.prefs.carrier in self.c["carriers"]

    @property
    def speaks(self) -> bool:
        return self.prefs.language in self.c["languages"]

    @property
    def confirmed_days(self) -> int | None:
        confirmed = self.c["availability_confirmed_on"]
        return None if confirmed is None else (timezone.localdate() - confirmed).days


# (pattern, the points the reason stands for; it fails when the reason is not true)
REASONS = [
    (
        r"Works with (.+) as a primary focus",
        lambda case, name: 30 if case.has_specialty(name, "primary") else None,
    ),
    (
        r"Experienced with (.+)",
        lambda case, name: 15 if case.has_specialty(name, "experienced") else None,
    ),
    (r"Trained in (.+)", lambda case, short: case.modality_points(short)),
    (
        r"In network with (.+)",
        lambda case, _: 25 if case.uses_carrier and case.in_network else None,
    ),
    (r"Offers sessions in (.+)", lambda case, _: 20 if case.speaks else None),
    (
        r"Is a (.+), as you asked",
        lambda case, _: 10 if case.c["gender"] == case.prefs.gender else None,
    ),
    (
        r"Offers telehealth",  # a fact, no points
        lambda case: 0 if case.c["telehealth"] and case.prefs.format != "in_person" else None,
    ),
    (
        r"Office in (.+), (?:about \d+ miles?|under a mile) away",
        lambda case, _: distance_points(case.match.distance_miles),
    ),
    (
        r"Availability confirmed (.+)",
        lambda case, _: availability_points(case.c["availability_confirmed_on"]) or None,
    ),
    (r"No waitlist", lambda case: 8 if case.c["waitlist_weeks"] == 0 else None),
    (
        r"Offers a sliding scale",
        lambda case: 10 if case.c["sliding_scale"] and case.prefs.sliding_scale else None,
    ),
    (
        r"Self-pay rate \$(\d+), within your budget",
        lambda case, rate: (
            10 if int(rate) == case.c["self_pay_rate"] <= case.prefs.budget else None
        ),
    ),
    (
        r"Self-pay rate \$(\d+)",  # a fact, no points: no budget given
        lambda case, rate: (
            0 if case.prefs.budget is None and int(rate) == case.c["self_pay_rate"] else None
        ),
    ),
]

# (pattern, whether it is true)
CAUTIONS = [
    (r"Availability last confirmed (.+)", lambda case, _: 28 < (case.confirmed_days or 0) <= 45),
    (
        r"Not offered as a match: availability (?:last confirmed .+ \(more than 45 days\)|never "
        r"confirmed)",
        lambda case: case.confirmed_days is None or case.confirmed_days > 45,
    ),
    (
        r"Waitlist about (\d+) weeks?",
        lambda case, weeks: int(weeks) == case.c["waitlist_weeks"] > 0,
    ),
    (r"Out of network with your plan", lambda case: case.uses_carrier and not case.in_network),
    (
        r"Self-pay rate \$(\d+), above your budget of \$(\d+)",
        lambda case, rate, budget: (
            int(rate) == case.c["self_pay_rate"] > int(budget) and int(budget) == case.prefs.budget
        ),
    ),
    (
        r"Self-pay rate not listed",
        lambda case: case.prefs.self_pay and case.c["self_pay_rate"] is None,
    ),
    (
        r"No sliding scale",
        lambda case: case.prefs.sliding_scale and not case.c["sliding_scale"],
    ),
    (
        r"Does not list (.+) among their languages",
        lambda case, _: bool(case.prefs.language) and not case.speaks,
    ),
    (r"Not accepting new clients right now", lambda case: not case.c["accepting_new_clients"]),
    (
        r"Telehealth only",
        lambda case: case.prefs.format != "telehealth" and not case.c["offices"],
    ),
    (
        r"Does not offer telehealth",
        lambda case: case.prefs.format == "telehealth" and not case.c["telehealth"],
    ),
    (
        r"Nearest office (?:about \d+ miles?|under a mile) away",
        lambda case: bool(case.c["offices"]) and case.prefs.format != "telehealth",
    ),
    (
        r"No office within (\d+) miles",
        lambda case, miles: int(miles) == case.prefs.distance_miles and not case.c["offices"],
    ),
]


def which(patterns, text: str):
    """The one documented pattern `text` is an instance of, and what it captured."""
    found = [(check, m.groups()) for p, check in patterns if (m := re.fullmatch(p, text))]
    assert len(found) == 1, f"not one documented phrase: {text!r}"
    return found[0]


@pytest.mark.parametrize(("section", "patterns"), [("Reasons", REASONS), ("Cautions", CAUTIONS)])
def test_every_phrase_the_page_documents_has_a_pattern_here_and_back(section, patterns):
    examples = documented(section)
    assert len(examples) >= 10
    for example in examples:
        which(patterns, example)
    for pattern, _ in patterns:
        assert any(re.fullmatch(pattern, example) for example in examples), pattern


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


clinicians = st.fixed_dictionaries(
    {
        "specialties": st.dictionaries(
            st.sampled_from(CONCERNS), st.sampled_from([":primary", ""]), max_size=3
        ).map(lambda found: [slug + level for slug, level in found.items()]),
        "modalities": st.lists(st.sampled_from(MODALITIES), unique=True),
        "carriers": st.lists(st.sampled_from(["aetna", "cigna"]), unique=True),
        "languages": st.sampled_from([["english"], ["english", "spanish"]]),
        "gender": st.sampled_from(["woman", "man", "nonbinary", ""]),
        "telehealth": st.booleans(),
        "offices": st.sampled_from([[], *([zip_code] for zip_code in ZIPS)]),
        "accepting_new_clients": st.booleans(),
        "availability_confirmed_on": st.one_of(st.none(), st.integers(0, 60).map(days_ago)),
        "waitlist_weeks": st.one_of(st.none(), st.integers(0, 8)),
        "self_pay_rate": st.sampled_from([None, 90, 120, 150, 200]),
        "sliding_scale": st.booleans(),
    }
)
requests = st.builds(
    Preferences,
    state=st.just("MN"),
    format=st.sampled_from(["telehealth", "in_person", "either"]),
    zip_code=st.just("55401"),
    distance_miles=st.sampled_from([10, 25, 50]),
    concerns=st.lists(st.sampled_from(CONCERNS), unique=True).map(tuple),
    recommended_modalities=st.lists(st.sampled_from(MODALITIES), unique=True).map(tuple),
    modalities=st.lists(st.sampled_from(MODALITIES), unique=True).map(tuple),
    carrier=st.sampled_from(["", "aetna", "cigna"]),
    out_of_network_ok=st.booleans(),
    self_pay=st.booleans(),
    budget=st.sampled_from([None, 100, 150]),
    sliding_scale=st.booleans(),
    language=st.sampled_from(["", "spanish"]),
    gender=st.sampled_from(["", "woman", "nonbinary"]),
    seed=st.just("property"),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(clinician=clinicians, prefs=requests)
def test_the_reasons_add_up_to_the_score_and_every_caution_is_a_true_documented_one(
    clinician, prefs
):
    with rolled_back():
        ClinicianFactory(**clinician)
        case = Case(clinician, prefs, only_match(prefs))
        given_by_reasons = 0
        for reason in case.match.reasons:
            check, captured = which(REASONS, reason)
            points = check(case, *captured)
            assert points is not None, f"not true of this clinician: {reason!r}"
            given_by_reasons += points
        # The waitlist's points are the one score without a reason of their own
        # unless the waitlist is zero ("No waitlist"), as docs/matching.md says.
        silent = (
            0
            if "No waitlist" in case.match.reasons
            else waitlist_points(clinician["waitlist_weeks"])
        )
        assert case.match.score == given_by_reasons + silent
        for caution in case.match.cautions:
            check, captured = which(CAUTIONS, caution)
            assert check(case, *captured), f"not true of this clinician: {caution!r}"
