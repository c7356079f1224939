"""Fixtures for the intake tests: a complete, valid form post and clinicians who fit it."""

import pytest
from django.core.cache import cache

from tests.factories import ClinicianFactory

CANARY_NAME = "Quillonax"
CANARY_EMAIL = "quillonax.canary@example.org"
CANARY_PHONE = "6125550147"


def form_data(**overrides) -> dict:
    """A telehealth Minnesota Aetna adult who prefers DBT, with self-harm as a concern."""
    data = {
        "form_token": "form-token-0123456789abcdef",
        "website": "",
        "concerns": ["self-harm"],
        "asq_wished_dead": "no",
        "asq_better_off_dead": "no",
        "asq_thoughts_of_suicide": "no",
        "asq_ever_attempted": "no",
        "asq_right_now": "no",
        "format": "telehealth",
        "state": "MN",
        "zip_code": "55401",
        "distance_miles": "25",
        "payment": "insurance",
        "carrier": "aetna",
        "budget": "",
        "date_of_birth": "1990-04-17",
        "guardian_name": "",
        "guardian_phone": "",
        "guardian_email": "",
        "clinician_gender": "",
        "language": "",
        "modalities": ["dbt"],
        "available_days": ["mon", "wed"],
        "available_times": ["evening"],
        "first_name": CANARY_NAME,
        "email": CANARY_EMAIL,
        "phone": CANARY_PHONE,
        "contact_method": "phone",
        "voicemail_ok": "no",
        "consent_to_contact": "on",
    }
    for key, value in overrides.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    """Each test starts with no submissions counted against its address."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def post_data():
    return form_data


@pytest.fixture
def clinicians(db):
    return clinicians_for_form_data()


def clinicians_for_form_data() -> list:
    """Three clinicians who fit the person of `form_data`, and one who does not."""
    return [
        ClinicianFactory(
            first_name="Maya",
            last_name="Okafor",
            specialties=["self-harm:primary"],
            modalities=["dbt"],
            carriers=["aetna"],
        ),
        ClinicianFactory(
            first_name="Jonah",
            last_name="Berg",
            specialties=["self-harm"],
            modalities=["dbt", "cbt"],
            carriers=["aetna"],
        ),
        ClinicianFactory(
            first_name="Rosa",
            last_name="Delgado",
            specialties=["anxiety"],
            modalities=["cbt"],
            carriers=["aetna"],
        ),
        ClinicianFactory(first_name="Wren", last_name="Hollis", licensed_states=["WI"]),
    ]
