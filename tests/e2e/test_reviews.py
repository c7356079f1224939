"""A clinician records their review of a condition page in the admin; the page then says so."""

import re

from django.utils import timezone
from django.utils.formats import date_format

from conditions.models import Condition


def test_an_editor_records_a_review_and_the_page_shows_it(page, editor):
    editor.first_name, editor.last_name = "Ana", "Reviewer"
    editor.save()
    condition = Condition.objects.get(slug="depression")
    page.goto(page.site_url + condition.get_absolute_url())
    assert "Clinically reviewed" not in page.content()

    page.goto(page.site_url + "/accounts/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a-long-test-password-2")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    page.a11y()
    page.goto(page.site_url + f"/admin/conditions/condition/{condition.pk}/change/")
    page.get_by_role("link", name="Record your clinical review").click()
    page.wait_for_url(re.compile(r"/review/$"))
    page.a11y()
    page.get_by_label("Your credentials").fill("PsyD, LP")
    page.get_by_label(re.compile("I have read the whole page")).check()
    page.get_by_role("button", name="Record my review").click()
    page.wait_for_url(re.compile(r"/change/$"))
    page.a11y()
    assert "Reviewed by Ana Reviewer, PsyD, LP" in page.content()

    page.goto(page.site_url + condition.get_absolute_url())
    today = date_format(timezone.localdate(), "F j, Y")
    assert page.get_by_text(
        f"Clinically reviewed by Ana Reviewer, PsyD, LP on {today}"
    ).is_visible()
