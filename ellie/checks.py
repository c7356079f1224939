"""Deployment checks of our own, run by `manage.py check --deploy`."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def second_factor_is_required(app_configs, **kwargs):
    if settings.REQUIRE_2FA:
        return []
    return [
        Warning(
            "REQUIRE_2FA is off: staff and admin pages open with a password alone.",
            hint="Unset REQUIRE_2FA (it is on whenever DEBUG is off) and enrol each staff "
            "member with `manage.py enrol_totp USERNAME`.",
            id="ellie.W001",
        )
    ]
