"""Staff see who needs confirming: not offered as a match first, then cautions."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import ClinicianFactory
from tests.security.helpers import sign_in

pytestmark = pytest.mark.django_db


def days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)


def test_the_list_shows_unconfirmed_clinicians_first_and_leaves_fresh_ones_out(intake_staff):
    never = ClinicianFactory(first_name="Never", availability_confirmed_on=None)
    old = ClinicianFactory(first_name="Old", availability_confirmed_on=days_ago(50))
    caution = ClinicianFactory(first_name="Caution", availability_confirmed_on=days_ago(30))
    fresh = ClinicianFactory(first_name="Fresh", availability_confirmed_on=days_ago(3))
    ClinicianFactory(first_name="Gone", availability_confirmed_on=None, is_active=False)
    page = sign_in(Client(), intake_staff).get("/staff/clinicians/").content.decode()
    order = [page.index(c.first_name) for c in (never, old, caution)]
    assert order == sorted(order)
    assert fresh.first_name not in page and "Gone" not in page
    assert page.count("Not offered as a match</strong>") == 2
    assert "never" in page and "7 weeks ago" in page


def test_the_list_costs_the_same_few_queries_however_many(
    intake_staff, django_assert_max_num_queries, practice
):
    for _ in range(10):
        ClinicianFactory(availability_confirmed_on=None)
    client = sign_in(Client(), intake_staff)
    client.get("/staff/clinicians/")
    with django_assert_max_num_queries(12):
        assert client.get("/staff/clinicians/").status_code == 200


def test_a_clinician_who_let_a_referral_expire_is_flagged_on_the_list(intake_staff):
    import datetime as dt

    import time_machine

    from clinicians import referrals
    from tests.factories import IntakeRequestFactory

    clinician = ClinicianFactory(first_name="Slow")
    request = IntakeRequestFactory(chosen=[clinician], chosen_at=timezone.now())
    referral = referrals.offer(request=request)
    with time_machine.travel(referral.deadline_at + dt.timedelta(minutes=1)):
        referrals.expire_overdue_referrals()
    page = sign_in(Client(), intake_staff).get("/staff/clinicians/").content.decode()
    assert "Slow" in page
    assert "Flagged: let a referral expire while listed as accepting" in page
