"""Settings that seed the practice must make sense before the first page is served."""

from django.conf import settings
from django.core.checks import Error, register

from practice import seed


@register()
def practice_settings(app_configs, **kwargs):
    errors = []
    try:
        seed.parse_hours(settings.PRACTICE_HOURS)
    except ValueError as exc:
        errors.append(
            Error(
                f"PRACTICE_HOURS is not understood: {exc}",
                hint='For example "mon-fri 08:00-18:00" or '
                '"mon-thu 08:00-12:00,13:00-19:00; fri 08:00-16:00".',
                id="practice.E001",
            )
        )
    for name in ("PRACTICE_TIME_ZONE", "TIME_ZONE"):
        try:
            seed.check_time_zone(getattr(settings, name))
        except ValueError as exc:
            errors.append(Error(f"{name}: {exc}", id="practice.E002"))
    return errors
