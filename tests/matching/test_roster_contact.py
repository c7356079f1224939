"""The roster's contact columns: `email` (validated, unique, warned about when missing) and
an optional `phone`."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from matching.models import Clinician
from matching.roster import import_roster
from tests.factories import ClinicianFactory
from tests.matching.helpers import assert_search_rows_current
from tests.matching.test_roster import GOOD, HEADER, SECOND, roster, snapshot

pytestmark = pytest.mark.django_db

CONTACT_HEADER = [*HEADER, "email", "phone"]
ROSA = {**GOOD, "email": " Rosa.Lindqvist@Example.org ", "phone": "+16125550111"}
OMAR = {**SECOND, "email": "omar@example.org", "phone": ""}


def test_a_roster_with_emails_stores_them_lower_case_with_the_phone():
    result = import_roster(file=roster(ROSA, OMAR, header=CONTACT_HEADER))
    assert result.ok and result.created == 2 and result.warnings == []
    rosa = Clinician.objects.get(npi=GOOD["npi"])
    assert (rosa.email, rosa.phone) == ("rosa.lindqvist@example.org", "+16125550111")
    assert Clinician.objects.get(npi=SECOND["npi"]).email == "omar@example.org"
    assert_search_rows_current()


def test_importing_the_same_roster_with_emails_twice_changes_nothing():
    import_roster(file=roster(ROSA, OMAR, header=CONTACT_HEADER))
    before = snapshot()
    result = import_roster(file=roster(ROSA, OMAR, header=CONTACT_HEADER))
    assert (result.unchanged, result.changed) == (2, 0)
    assert snapshot() == before


def test_a_roster_without_the_column_imports_with_a_warning_per_clinician():
    result = import_roster(file=roster(GOOD, SECOND))
    assert result.ok and result.created == 2
    assert [(w.line, w.column) for w in result.warnings] == [(2, "email"), (3, "email")]
    assert "cannot sign in" in result.warnings[0].reason
    assert "2 warning(s)" in result.summary()


def test_without_the_column_a_stored_address_is_kept_and_not_warned_about():
    import_roster(file=roster(ROSA, header=CONTACT_HEADER))
    result = import_roster(file=roster({**GOOD, "first_name": "Rosalind"}, SECOND))
    assert result.ok
    assert Clinician.objects.get(npi=GOOD["npi"]).email == "rosa.lindqvist@example.org"
    assert [w.line for w in result.warnings] == [3], "only the clinician with no address"


def test_an_empty_cell_is_a_warning_too():
    result = import_roster(file=roster(ROSA, {**OMAR, "email": ""}, header=CONTACT_HEADER))
    assert result.ok
    assert [(w.line, w.column) for w in result.warnings] == [(3, "email")]


@pytest.mark.parametrize(
    ("change", "line", "column", "words"),
    [
        ({"email": "rosa@"}, 2, "email", "not an email address"),
        ({"email": "rosa at example.org"}, 2, "email", "not an email address"),
        ({"email": "OMAR@example.org"}, 3, "email", "the same address is on line 2"),
        ({"phone": "+1 612 555 0111 extension 4455"}, 2, "phone", "longer than 20"),
    ],
)
def test_a_bad_address_or_phone_is_reported_and_nothing_is_written(change, line, column, words):
    import_roster(file=roster(SECOND))
    before = snapshot()
    result = import_roster(file=roster({**ROSA, **change}, OMAR, header=CONTACT_HEADER))
    assert [(e.line, e.column) for e in result.errors] == [(line, column)]
    assert words in result.errors[0].reason
    assert snapshot() == before


def test_an_address_another_clinician_has_is_refused():
    ClinicianFactory(email="rosa.lindqvist@example.org")
    before = snapshot()
    result = import_roster(file=roster(ROSA, header=CONTACT_HEADER))
    assert [(e.line, e.column) for e in result.errors] == [(2, "email")]
    assert "another clinician" in result.errors[0].reason
    assert snapshot() == before


def test_the_command_prints_the_warnings(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(roster(GOOD).getvalue())
    out, err = io.StringIO(), io.StringIO()
    call_command("import_clinicians", str(path), stdout=out, stderr=err)
    assert "1 created" in out.getvalue()
    assert "line 2, column email: no email address" in err.getvalue()


def test_an_active_clinician_needs_an_address_and_an_inactive_one_does_not():
    clinician = Clinician(npi="1234567893", first_name="Ann", last_name="Lee", email="")
    with pytest.raises(ValidationError, match="needs an email address"):
        clinician.clean()
    clinician.is_active = False
    clinician.clean()


def test_two_clinicians_cannot_share_an_address_whatever_its_case():
    ClinicianFactory(email="sam@example.org")
    other = Clinician(npi="1234567893", first_name="Ann", last_name="Lee", email=" SAM@Example.org")
    with pytest.raises(ValidationError, match="already has this address"):
        other.clean()
    assert other.email == "sam@example.org"


def test_every_demo_clinician_has_an_address_and_the_demo_imports_without_warnings():
    import datetime

    from matching.demo import DemoPortraits, roster_csv

    result = import_roster(file=roster_csv(datetime.date(2026, 12, 1)), photos=DemoPortraits())
    assert result.ok and result.warnings == []
    assert not Clinician.objects.filter(email="").exists()


def test_a_profile_never_shows_the_clinicians_address_or_phone(client):
    clinician = ClinicianFactory(email="private.person@example.org", phone="+16125550199")
    page = client.get(clinician.get_absolute_url()).content.decode()
    assert clinician.full_name in page
    assert "private.person" not in page and "5550199" not in page
