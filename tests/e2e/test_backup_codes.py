"""A staff member who lost their phone signs in with a backup code, sees how many are left,
and makes a new set, in a real browser."""

import re

from django.contrib.auth.models import Group

from ellie.auth import INTAKE_STAFF
from ellie.backup_codes import display, make_backup_codes
from tests.security.helpers import authenticator


def test_a_backup_code_opens_the_code_step_and_a_new_set_can_be_made(
    page, settings, django_user_model
):
    settings.REQUIRE_2FA = True
    user = django_user_model.objects.create_user("ivy", password="a-long-test-password-3")
    user.groups.add(Group.objects.get_or_create(name=INTAKE_STAFF)[0])
    authenticator(user)
    codes = make_backup_codes(user=user, ip=None, how="in a browser test")

    page.goto(page.site_url + "/accounts/login/?next=/crisis/")
    page.get_by_label("Username").fill("ivy")
    page.get_by_label("Password").fill("a-long-test-password-3")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/verify/**")
    page.a11y()
    assert page.get_by_text("Lost your phone? Enter one of your backup codes instead.").is_visible()
    page.get_by_label("Code from your authenticator app").fill(display(codes[0]).upper())
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/accounts/backup-codes/?next=%2Fcrisis%2F")
    page.a11y()
    assert page.get_by_text(
        "You signed in with a backup code; it cannot be used again."
    ).is_visible()
    assert page.get_by_text("You have 9 unused backup codes.").is_visible()
    assert page.get_by_role("heading", name="Backup codes", level=1).is_visible()

    page.get_by_role("button", name="Make new backup codes").click()
    page.wait_for_load_state()
    page.a11y()
    listed = page.get_by_role("list", name="Your backup codes").inner_text()
    new = re.findall(r"[a-z2-7]{4}-[a-z2-7]{4}", listed)
    assert len(new) == 10 and display(codes[1]) not in new
    assert page.get_by_text("They are not shown again.").is_visible()

    page.get_by_role("link", name="Continue").click()
    page.wait_for_url(page.site_url + "/crisis/")
    page.a11y()
