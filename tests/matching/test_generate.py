"""Generated rosters: deterministic, realistic enough, and indexed like any other roster."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from matching.generate import generate
from matching.models import Clinician, SearchRow
from matching.search_rows import refresh_search_rows
from tests.matching.helpers import assert_search_rows_current

pytestmark = pytest.mark.django_db


def fingerprint() -> list:
    return list(
        Clinician.objects.order_by("npi").values_list(
            "npi", "first_name", "last_name", "licensed_states", "age_groups", "telehealth"
        )
    )


def search_rows() -> list:
    return list(SearchRow.objects.order_by("clinician_id", "state").values_list())


def test_the_same_seed_gives_the_same_roster():
    generate(count=40, seed=3)
    first = fingerprint()
    Clinician.objects.all().delete()
    generate(count=40, seed=3)
    assert fingerprint() == first
    Clinician.objects.all().delete()
    generate(count=40, seed=4)
    assert fingerprint() != first


def test_generated_search_rows_are_what_a_refresh_would_write():
    generate(count=60, seed=9)
    assert_search_rows_current()
    written = [row[1:] for row in search_rows()]  # all but the row id
    refresh_search_rows(clinician_ids=Clinician.objects.values_list("pk", flat=True))
    assert [row[1:] for row in search_rows()] == written


def test_the_roster_spreads_over_states_and_offers_offices():
    generate(count=300, seed=1)
    states = {s for c in Clinician.objects.all() for s in c.licensed_states}
    assert len(states) > 25
    assert Clinician.objects.filter(in_person=True, offices__isnull=True).count() == 0
    assert Clinician.objects.filter(accepting_new_clients=False).exists()


def test_the_command_adds_clinicians():
    out = io.StringIO()
    call_command("generate_clinicians", count=25, seed=2, stdout=out)
    assert Clinician.objects.count() == 25
    assert "Added 25 generated clinicians." in out.getvalue()
    # On PostgreSQL the planner is told the tables grew (ANALYZE), so it plans for their size.
    refreshed = "Refreshed the planner's statistics" in out.getvalue()
    assert refreshed == (connection.vendor == "postgresql")
