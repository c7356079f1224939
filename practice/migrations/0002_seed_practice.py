"""The practice's row, its weekly hours and holidays, seeded from settings (PRACTICE_*)."""

from django.db import migrations
from django.utils import timezone


def seed(apps, schema_editor):
    from practice import seed as defaults

    Practice = apps.get_model("practice", "Practice")
    if Practice.objects.exists():
        return
    practice = Practice.objects.create(pk=1, **defaults.contact_defaults())
    apps.get_model("practice", "OpeningHours").objects.bulk_create(
        apps.get_model("practice", "OpeningHours")(
            practice=practice, weekday=day, opens=opens, closes=closes
        )
        for day, intervals in sorted(defaults.default_hours().items())
        for opens, closes in intervals
    )
    apps.get_model("practice", "Holiday").objects.bulk_create(
        apps.get_model("practice", "Holiday")(practice=practice, date=day, name=name)
        for day, name in defaults.default_holidays(timezone.localdate())
    )


class Migration(migrations.Migration):
    dependencies = [("practice", "0001_practice")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
