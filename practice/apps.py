from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class PracticeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "practice"
    verbose_name = "The practice"

    def ready(self):
        from practice import checks  # noqa: F401  (registers the settings checks)
        from practice.models import (
            Holiday,
            OpeningHours,
            Practice,
            PracticePage,
            PracticePageSection,
        )

        # Whatever writes the practice or its pages (the admin, a shell, a migration), the
        # cached copy (footer links included) is forgotten. Cache upkeep, not business logic.
        for model in (Practice, OpeningHours, Holiday, PracticePage, PracticePageSection):
            for signal in (post_save, post_delete):
                signal.connect(_forget, sender=model, dispatch_uid=f"practice-forget-{model}")


def _forget(sender, **kwargs):
    from practice.models import Practice

    Practice.forget()
