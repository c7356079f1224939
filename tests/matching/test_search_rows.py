"""The ranking's copy of the roster: every write service keeps it current, and
`verify_search_rows` says exactly where it is not."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from matching.models import Carrier, Clinician, Language, SearchRow, Specialty
from matching.ranking import Preferences, rank
from matching.services import (
    confirm_availability,
    delete_reference_items,
    generate_roster,
    save_clinician,
    save_reference_item,
)
from tests.factories import ClinicianFactory
from tests.matching.helpers import assert_search_rows_current

pytestmark = pytest.mark.django_db


def verify(*options: str) -> tuple[str, bool]:
    """(what verify_search_rows printed, whether it passed)."""
    out = io.StringIO()
    try:
        call_command("verify_search_rows", *options, stdout=out)
    except CommandError as error:
        return out.getvalue() + str(error), False
    return out.getvalue(), True


def test_a_roster_written_through_the_services_has_no_drift():
    ClinicianFactory.create_batch(3, carriers=["aetna"], offices=["55403"])
    output, ok = verify()
    assert ok
    assert "Search rows match the roster: 3 clinicians, 3 rows." in output


@pytest.mark.parametrize(
    ("write_behind_its_back", "says"),
    [
        (
            lambda c: Clinician.objects.filter(pk=c.pk).update(accepting_new_clients=False),
            "in MN: accepting: stored yes, should be no",
        ),
        (
            lambda c: Clinician.objects.filter(pk=c.pk).update(waitlist_weeks=3),
            "in MN: waitlist_weeks: stored none, should be 3",
        ),
        (
            lambda c: c.carriers.add(Carrier.objects.get(slug="cigna")),
            "in MN: carriers: stored aetna; should be aetna, cigna",
        ),
        (
            lambda c: Clinician.objects.filter(pk=c.pk).update(age_groups=["teen", "adult"]),
            "in MN: ages: stored adult; should be teen, adult",
        ),
        (lambda c: SearchRow.objects.filter(clinician=c).delete(), "in MN: missing"),
        (
            lambda c: Clinician.objects.filter(pk=c.pk).update(licensed_states=["WI"]),
            "in MN: not licensed there, but listed",
        ),
        (
            lambda c: Language.objects.bulk_create([Language(slug="tagalog", name="Tagalog")]),
            "language 'tagalog': has no bit yet",
        ),
    ],
    ids=["field", "empty-field", "link", "ages", "missing", "extra", "reference-bit"],
)
def test_verify_names_each_difference_and_fails(write_behind_its_back, says):
    clinician = ClinicianFactory(
        first_name="Maya", last_name="Lindqvist", credentials="LICSW", carriers=["aetna"]
    )
    write_behind_its_back(clinician)
    output, ok = verify()
    assert not ok
    assert says in output
    if "bit" not in says:
        assert f"clinician {clinician.pk} (Maya Lindqvist, LICSW) in" in output
    assert "The search rows have drifted" in output


def test_fix_rebuilds_what_drifted_and_then_passes():
    drifted, fine = ClinicianFactory(), ClinicianFactory()
    Clinician.objects.filter(pk=drifted.pk).update(accepting_new_clients=False)
    Specialty.objects.bulk_create([Specialty(slug="insomnia", name="Insomnia")])
    untouched = SearchRow.objects.get(clinician=fine).pk
    output, ok = verify("--fix")
    assert ok, output
    assert "accepting: stored yes, should be no" in output  # said before fixing
    assert "Search rows match the roster" in output
    assert not SearchRow.objects.filter(clinician=drifted, accepting=True).exists()
    assert Specialty.objects.get(slug="insomnia").bit is not None
    assert SearchRow.objects.get(clinician=fine).pk == untouched, "only the drifted rebuilt"


# --- The services, each followed by the check --------------------------------------------


def test_save_clinician_rebuilds_the_search_rows():
    clinician = ClinicianFactory(licensed_states=["MN"])
    clinician.licensed_states = ["MN", "WI"]
    clinician.accepting_new_clients = False
    save_clinician(clinician=clinician, update_fields=["licensed_states", "accepting_new_clients"])
    assert sorted(clinician.search_rows.values_list("state", "accepting")) == [
        ("MN", False),
        ("WI", False),
    ]
    assert_search_rows_current()


def test_save_clinician_saves_the_links_before_the_rows():
    clinician = Clinician(npi="1234567893", slug="new", first_name="New", last_name="Person")
    clinician.licensed_states, clinician.age_groups, clinician.telehealth = ["MN"], ["adult"], True
    # Never-confirmed availability is only a relaxed option (docs/matching.md).
    clinician.availability_confirmed_on = datetime.date.today()
    spanish = Language.objects.get(slug="spanish")
    save_clinician(clinician=clinician, save_links=lambda: clinician.languages.set([spanish]))
    assert SearchRow.objects.get(clinician=clinician).languages == spanish.mask
    assert rank(Preferences(state="MN", language="spanish", seed="s")).matches[0].reasons[0] == (
        "Offers sessions in Spanish"
    )
    assert_search_rows_current()


def test_a_failed_write_leaves_neither_the_clinician_nor_its_rows_changed():
    clinician = ClinicianFactory()
    clinician.accepting_new_clients = False

    def links_that_fail():
        raise RuntimeError("the office could not be saved")

    with pytest.raises(RuntimeError):
        save_clinician(clinician=clinician, save_links=links_that_fail)
    assert Clinician.objects.get(pk=clinician.pk).accepting_new_clients is True
    assert SearchRow.objects.get(clinician=clinician).accepting is True
    assert_search_rows_current()


def test_confirm_availability_rebuilds_the_search_rows():
    first, second = ClinicianFactory(availability_confirmed_on=None), ClinicianFactory()
    day = datetime.date(2026, 11, 30)
    assert confirm_availability(clinician_ids=[first.pk, second.pk, first.pk], on=day) == 2
    assert set(SearchRow.objects.values_list("confirmed_on", flat=True)) == {day}
    assert_search_rows_current()


def test_reference_items_are_saved_and_deleted_through_the_services():
    ucare = save_reference_item(item=Carrier(slug="ucare", name="UCare"))
    assert ucare.bit is not None
    clinician = ClinicianFactory(carriers=["ucare", "aetna"])
    assert delete_reference_items(items=Carrier.objects.filter(slug="ucare")) == 1
    assert (
        SearchRow.objects.get(clinician=clinician).carriers
        == Carrier.objects.get(slug="aetna").mask
    )
    assert_search_rows_current()
    # The freed bit goes to the next new item without matching anyone to it.
    reused = save_reference_item(item=Carrier(slug="bright", name="Bright Health"))
    assert reused.bit == ucare.bit
    assert rank(Preferences(state="MN", carrier="bright", seed="s")).matches == ()
    assert_search_rows_current()


def test_generated_rosters_and_the_demo_have_no_drift():
    generate_roster(count=40, seed=5)
    assert_search_rows_current()
    Clinician.objects.all().delete()
    assert not SearchRow.objects.exists(), "a clinician's rows go with them"
    call_command("load_demo", force=True, stdout=io.StringIO())
    assert Clinician.objects.count() == 40
    assert_search_rows_current()
