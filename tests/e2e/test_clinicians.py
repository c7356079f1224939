"""The clinicians' side on a phone: a check-in from the printed email, and a referral that
passes on when its deadline goes by."""

import datetime as dt
import re

import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from clinicians.models import Referral
from tests.e2e.test_get_matched import (
    answer_safety,
    dbt_clinicians,  # noqa: F401 - a fixture
    fill_telehealth_minnesota_aetna_adult_who_prefers_dbt,
    open_the_form_from_the_self_harm_page,
    submit,
)
from tests.factories import ClinicianFactory, IntakeRequestFactory

LINK = re.compile(r"https?://\S+/for-clinicians/check-in/[A-Za-z0-9_-]+/")


def test_a_clinician_taps_nothing_changed_and_a_new_match_says_today(
    page,
    dbt_clinicians,  # noqa: F811 - the fixture imported above
    settings,
):
    settings.SITE_URL = page.site_url
    maya = dbt_clinicians[0]
    maya.availability_confirmed_on = timezone.localdate() - dt.timedelta(days=20)
    maya.save()
    from matching.search_rows import refresh_search_rows

    refresh_search_rows(clinician_ids=[maya.pk])

    # The schedule process's round: the check-in is queued and "sent" (printed, in DEBUG).
    call_command("run_schedule")
    (email,) = [m for m in mail.outbox if maya.email in m.to]
    link = LINK.search(email.body).group(0)

    page.goto(link)
    assert page.get_by_role("heading", name="Hello Maya").is_visible()
    assert "last confirmed: 2 weeks ago" in page.locator(".check-in").inner_text()
    page.get_by_role("button", name="Nothing changed").click()
    page.wait_for_load_state()
    page.a11y()
    assert page.get_by_role("status").get_by_text("Availability confirmed today").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # Someone asks now: Maya's card says so.
    open_the_form_from_the_self_harm_page(page)
    answer_safety(page, right_now=False)
    fill_telehealth_minnesota_aetna_adult_who_prefers_dbt(page)
    submit(page, "Show my matches")
    card = page.locator(".match-card", has_text="Maya Okafor")
    card.locator("details.more-reasons summary").click()  # reasons past the top three fold
    assert card.get_by_text("Availability confirmed today").is_visible()

    # The link answered once: opening it again says so, kindly.
    page.goto(link)
    assert page.get_by_role("heading", name="This link no longer works").is_visible()


def test_a_referral_expires_past_its_deadline_and_moves_to_the_next_clinician(page, intake_staff):
    first = ClinicianFactory(first_name="Nadia", last_name="Haddad")
    second = ClinicianFactory(first_name="Omar", last_name="Warsame")
    request = IntakeRequestFactory(chosen=[first, second], chosen_at=timezone.now())

    # Staff send the referral from the request page.
    page.goto(page.site_url + "/accounts/login/")
    page.get_by_label("Username").fill("ivy")
    page.get_by_label("Password").fill("a-long-test-password-3")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/staff/$"))
    page.a11y()
    page.goto(page.site_url + f"/staff/requests/{request.pk}/")
    page.get_by_role("button", name="Send a referral to the next choice").click()
    page.wait_for_load_state()
    page.a11y()
    referrals = page.locator("#referrals")
    assert "Nadia Haddad: Waiting for the clinician" in referrals.inner_text()

    # Nadia never answers; the schedule process runs after the deadline.
    deadline = Referral.objects.get().deadline_at
    with time_machine.travel(deadline + dt.timedelta(minutes=1), tick=False):
        call_command("run_schedule")
    page.reload()
    page.a11y()
    text = page.locator("#referrals").inner_text()
    assert "Nadia Haddad: Expired" in text
    assert "Omar Warsame: Waiting for the clinician" in text
    assert any(request.reference in m.subject and "expired" in m.subject for m in mail.outbox)
