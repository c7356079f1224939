"""The demo intake staff account: made by load_demo with DEBUG only, new password each time."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from intake import demo
from intake.models import MatchRequest
from intake.staff.access import is_intake_staff

pytestmark = pytest.mark.django_db


def authenticate(*, username: str, password: str):
    user = get_user_model().objects.get(username=username)
    return user if user.check_password(password) else None


def password_in(output: str, username: str = demo.USERNAME) -> str:
    """The password printed right after ``username``'s line."""
    lines = output.splitlines()
    [at] = [i for i, line in enumerate(lines) if line.strip() == f"username: {username}"]
    return lines[at + 1].split("password:")[1].strip()


def test_load_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="development only"):
        call_command("load_demo", stdout=io.StringIO())
    assert not get_user_model().objects.filter(username=demo.USERNAME).exists()
    assert not MatchRequest.objects.exists()


def test_load_demo_prints_the_account_and_fills_the_queue(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    output = out.getvalue()
    assert f"username: {demo.USERNAME}" in output
    user = authenticate(username=demo.USERNAME, password=password_in(output))
    assert user is not None and is_intake_staff(user)
    assert not user.is_superuser
    assert MatchRequest.objects.filter(urgent=True).count() >= 2
    assert MatchRequest.objects.count() == len(demo.DEMO_REQUESTS)


def test_loading_again_resets_the_password_and_adds_no_requests(settings):
    settings.DEBUG = True
    first, second = io.StringIO(), io.StringIO()
    call_command("load_demo", stdout=first)
    call_command("load_demo", stdout=second)
    old, new = password_in(first.getvalue()), password_in(second.getvalue())
    assert old != new
    assert authenticate(username=demo.USERNAME, password=old) is None
    assert authenticate(username=demo.USERNAME, password=new) is not None
    assert MatchRequest.objects.count() == len(demo.DEMO_REQUESTS)


def test_make_run_loads_the_demo_before_serving():
    from pathlib import Path

    makefile = (Path(__file__).resolve().parents[3] / "Makefile").read_text()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert run.index("load_demo") < run.index("runserver")
