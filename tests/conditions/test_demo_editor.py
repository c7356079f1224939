"""The demo content editor account: made by load_demo with DEBUG only, new password each time."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from conditions import demo
from tests.intake.staff.test_demo import password_in

pytestmark = pytest.mark.django_db


def test_load_demo_prints_an_editor_account_that_can_edit_content_and_nothing_else(
    settings, client
):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    password = password_in(out.getvalue(), demo.USERNAME)
    assert client.login(username=demo.USERNAME, password=password)
    user = get_user_model().objects.get(username=demo.USERNAME)
    assert user.is_staff and not user.is_superuser
    assert user.has_perm("conditions.change_condition")
    assert user.has_perm("practice.change_practicepage")
    assert not user.has_perm("intake.view_matchrequest")
    assert client.get("/admin/conditions/condition/").status_code == 200
    assert client.get("/admin/practice/practicepage/").status_code == 200
    assert client.get("/staff/").status_code == 403


def test_loading_again_makes_a_new_editor_password(settings):
    settings.DEBUG = True
    first, second = io.StringIO(), io.StringIO()
    call_command("load_demo", stdout=first)
    call_command("load_demo", stdout=second)
    old = password_in(first.getvalue(), demo.USERNAME)
    new = password_in(second.getvalue(), demo.USERNAME)
    user = get_user_model().objects.get(username=demo.USERNAME)
    assert old != new and user.check_password(new) and not user.check_password(old)


def test_no_editor_account_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo", stdout=io.StringIO())
    assert not get_user_model().objects.filter(username=demo.USERNAME).exists()
