from django.db import migrations

from matching.reference import create_baseline


def forwards(apps, schema_editor):
    create_baseline(apps)


class Migration(migrations.Migration):
    dependencies = [("matching", "0001_reference_data")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
