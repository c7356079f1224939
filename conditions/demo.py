"""The demo content editor account (``manage.py load_demo``, run by ``make run``; never in
production): ``editor-demo``, in Content editors, with a fresh random password each time
(printed, never stored anywhere else), so a newcomer can edit a condition page or one of the
practice's pages in the admin straight away.
"""

from __future__ import annotations

from ellie.auth import CONTENT_EDITORS, reset_demo_account

USERNAME = "editor-demo"


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


def _demo_account() -> str:
    # Staff status opens the admin; the group decides what is in it.
    return reset_demo_account(
        USERNAME, first_name="Demo", last_name="Editor", group=CONTENT_EDITORS, is_staff=True
    )
