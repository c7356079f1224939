"""The demo content editor account (``manage.py load_demo``, run by ``make run``; never in
production): ``editor-demo``, in Content editors, with a fresh random password each time
(printed, never stored anywhere else), so a newcomer can edit a condition page or one of the
practice's pages in the admin straight away.
"""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

USERNAME = "editor-demo"
GROUP = "Content editors"


def load(stdout) -> None:
    password = _demo_account()
    stdout.write(
        "\n"
        "  Content editor demo account (development only)\n"
        "    log in at /accounts/login/ then open /admin/\n"
        f"    username: {USERNAME}\n"
        f"    password: {password}\n"
        "  Try: Conditions → Self-harm, or The practice → Practice pages → About us.\n"
    )


@transaction.atomic
def _demo_account() -> str:
    user, _ = get_user_model().objects.get_or_create(
        username=USERNAME, defaults={"first_name": "Demo", "last_name": "Editor"}
    )
    password = secrets.token_urlsafe(12)
    user.set_password(password)
    user.is_active = True
    user.is_staff = True  # the admin is for staff accounts; the group decides what they see
    user.is_superuser = False
    user.save()
    group, _ = Group.objects.get_or_create(name=GROUP)
    user.groups.add(group)
    return password
