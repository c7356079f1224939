"""The roster import: all or nothing, every problem reported, idempotent."""

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from matching.models import Carrier, Clinician, SearchRow
from matching.npi import complete_npi, is_valid_npi
from matching.roster import import_roster
from tests.matching.helpers import assert_search_rows_current

pytestmark = pytest.mark.django_db

HEADER = [
    "npi", "first_name", "last_name", "credentials", "pronouns", "gender", "bio", "languages",
    "licensed_states", "telehealth", "in_person", "accepting_new_clients", "sliding_scale",
    "office_zip", "availability_confirmed_on", "waitlist_weeks", "ages", "specialties",
    "modalities", "insurance", "self_pay_rate",
]  # fmt: skip
GOOD = {
    "npi": "1234567893",
    "first_name": "Rosa",
    "last_name": "Lindqvist",
    "credentials": "LICSW",
    "pronouns": "she/her",
    "gender": "woman",
    "bio": "Rosa works with teens and adults, often alongside families.",
    "languages": "English;Spanish",
    "licensed_states": "MN;wi",
    "telehealth": "yes",
    "in_person": "Yes",
    "accepting_new_clients": "true",
    "sliding_scale": "0",
    "office_zip": "55401",
    "availability_confirmed_on": "2026-11-01",
    "waitlist_weeks": "2",
    "ages": "teen;adult",
    "specialties": "Self-Harm:primary;depression",
    "modalities": "DBT;cbt",
    "insurance": "aetna;Medica",
    "self_pay_rate": "150",
}
SECOND = {
    **GOOD,
    "npi": complete_npi("987654321"),
    "first_name": "Omar",
    "last_name": "Haddad",
    "in_person": "no",
    "office_zip": "",
    "insurance": "",
    "specialties": "anxiety",
}


def roster(*rows: dict, header=HEADER) -> io.BytesIO:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return io.BytesIO(out.getvalue().encode())


def snapshot() -> list:
    return [
        (c.npi, c.first_name, c.accepting_new_clients, c.updated_at)
        for c in Clinician.objects.order_by("npi")
    ] + list(SearchRow.objects.order_by("clinician_id", "state").values_list())


def test_it_checks_the_npi_digit():
    assert is_valid_npi("1234567893")
    assert not is_valid_npi("1234567890")
    assert not is_valid_npi("123456789")
    assert is_valid_npi(complete_npi("987654321"))


def test_a_good_roster_creates_clinicians_with_everything_the_file_says():
    result = import_roster(file=roster(GOOD, SECOND))
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    rosa = Clinician.objects.get(npi="1234567893")
    assert rosa.slug == "rosa-lindqvist"
    assert rosa.licensed_states == ["MN", "WI"]
    assert rosa.age_groups == ["teen", "adult"]
    assert (rosa.telehealth, rosa.in_person, rosa.accepting_new_clients) == (True, True, True)
    assert rosa.sliding_scale is False
    assert sorted(rosa.carriers.values_list("slug", flat=True)) == ["aetna", "medica"]
    assert sorted(rosa.languages.values_list("slug", flat=True)) == ["english", "spanish"]
    levels = dict(rosa.clinician_specialties.values_list("specialty__slug", "level"))
    assert levels == {"self-harm": "primary", "depression": "experienced"}
    assert [o.zip_code for o in rosa.offices.all()] == ["55401"]
    assert rosa.offices.get().city == "Minneapolis"
    assert sorted(rosa.search_rows.values_list("state", flat=True)) == ["MN", "WI"]
    omar = Clinician.objects.get(first_name="Omar")
    assert omar.carriers.count() == 0 and omar.offices.count() == 0
    assert_search_rows_current()


def test_importing_the_same_file_twice_changes_nothing_the_second_time():
    assert import_roster(file=roster(GOOD, SECOND)).created == 2
    before = snapshot()
    again = import_roster(file=roster(GOOD, SECOND))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert snapshot() == before


def test_a_changed_row_updates_only_that_clinician():
    import_roster(file=roster(GOOD, SECOND))
    omar_before = Clinician.objects.get(first_name="Omar").updated_at
    result = import_roster(file=roster({**GOOD, "accepting_new_clients": "no"}, SECOND))
    assert (result.updated, result.unchanged) == (1, 1)
    assert Clinician.objects.get(npi="1234567893").accepting_new_clients is False
    assert Clinician.objects.get(first_name="Omar").updated_at == omar_before
    # The ranking's copy follows.
    assert not SearchRow.objects.filter(clinician__npi="1234567893", accepting=True).exists()
    assert_search_rows_current()


def test_a_changed_link_alone_counts_as_an_update():
    import_roster(file=roster(GOOD))
    result = import_roster(file=roster({**GOOD, "insurance": "aetna"}))
    assert result.updated == 1
    aetna = Carrier.objects.get(slug="aetna")
    assert SearchRow.objects.filter(carriers=aetna.mask).count() == 2
    assert_search_rows_current()


def test_an_empty_office_zip_removes_the_office_and_in_person_care():
    import_roster(file=roster(GOOD))
    import_roster(file=roster({**GOOD, "in_person": "no", "office_zip": ""}))
    rosa = Clinician.objects.get(npi=GOOD["npi"])
    assert not rosa.offices.exists()
    assert not rosa.search_rows.filter(in_person=True).exists()
    assert_search_rows_current()


@pytest.mark.parametrize(
    ("change", "column", "words"),
    [
        ({"npi": "1234567890"}, "npi", "not a valid NPI"),
        ({"specialties": "self-harm:primary;astrology"}, "specialties", "unknown specialty"),
        ({"modalities": "dbt;hypnosis"}, "modalities", "unknown modality"),
        ({"insurance": "acme-health"}, "insurance", "unknown carrier"),
        ({"languages": "Klingon"}, "languages", "unknown language"),
        ({"office_zip": ""}, "office_zip", "required when in_person is yes"),
        ({"office_zip": "00000"}, "office_zip", "not a ZIP code we know"),
        ({"telehealth": "maybe"}, "telehealth", "use yes or no"),
        ({"accepting_new_clients": ""}, "accepting_new_clients", "use yes or no"),
        ({"licensed_states": "MN;XX"}, "licensed_states", "not a USPS state code"),
        ({"ages": "toddler"}, "ages", "not one of"),
        ({"availability_confirmed_on": "11/01/2026"}, "availability_confirmed_on", "YYYY-MM-DD"),
        ({"waitlist_weeks": "two"}, "waitlist_weeks", "whole number"),
        ({"self_pay_rate": "$150"}, "self_pay_rate", "whole number"),
        ({"gender": "other"}, "gender", "woman, man, nonbinary"),
        ({"first_name": ""}, "first_name", "required"),
        ({"specialties": "self-harm:main"}, "specialties", ":primary"),
    ],
)
def test_a_bad_row_is_reported_and_nothing_is_written(change, column, words):
    import_roster(file=roster(SECOND))
    before = snapshot()
    result = import_roster(
        file=roster({**GOOD, **change}, {**SECOND, "accepting_new_clients": "no"})
    )
    assert not result.ok
    assert [(e.line, e.column) for e in result.errors] == [(2, column)]
    assert words in result.errors[0].reason
    assert snapshot() == before


def test_every_bad_row_is_reported_with_its_line():
    bad_npi = {**GOOD, "npi": "1111111111"}
    bad_yes = {**SECOND, "telehealth": "sometimes", "specialties": "nonsense"}
    result = import_roster(file=roster(GOOD, bad_npi, bad_yes))
    assert sorted((e.line, e.column) for e in result.errors) == [
        (3, "npi"),
        (4, "specialties"),
        (4, "telehealth"),
    ]
    assert Clinician.objects.count() == 0


def test_line_numbers_count_lines_inside_quoted_cells():
    text = roster({**GOOD, "bio": "First line.\nSecond line."}, {**SECOND, "npi": "1"})
    result = import_roster(file=text)
    assert [(e.line, e.column) for e in result.errors] == [(4, "npi")]


def test_a_repeated_npi_is_an_error():
    result = import_roster(file=roster(GOOD, {**SECOND, "npi": GOOD["npi"]}))
    assert [(e.line, e.column) for e in result.errors] == [(3, "npi")]


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ([c for c in HEADER if c != "ages"], "ages"),
        ([*HEADER, "favourite_colour"], "favourite_colour"),
    ],
)
def test_a_bad_header_is_reported(header, column):
    result = import_roster(file=roster(GOOD, header=header))
    assert [(e.line, e.column) for e in result.errors] == [(1, column)]


def test_columns_left_out_of_the_file_are_left_alone_on_update():
    import_roster(file=roster(GOOD))
    short = [c for c in HEADER if c not in ("bio", "insurance")]
    result = import_roster(file=roster({**GOOD, "first_name": "Rosalind"}, header=short))
    assert result.updated == 1
    rosa = Clinician.objects.get(npi=GOOD["npi"])
    assert rosa.first_name == "Rosalind"
    assert rosa.bio == GOOD["bio"]
    assert rosa.carriers.count() == 2
    assert rosa.slug == "rosa-lindqvist", "the address of a profile does not move"


def test_the_command_imports_and_fails_loudly(tmp_path):
    good = tmp_path / "roster.csv"
    good.write_bytes(roster(GOOD).getvalue())
    out = io.StringIO()
    call_command("import_clinicians", str(good), stdout=out)
    assert "1 created" in out.getvalue()

    bad = tmp_path / "bad.csv"
    bad.write_bytes(roster({**SECOND, "npi": "1234567890"}).getvalue())
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_clinicians", str(bad), stderr=err)
    assert "line 2, column npi" in err.getvalue()
    assert Clinician.objects.count() == 1
