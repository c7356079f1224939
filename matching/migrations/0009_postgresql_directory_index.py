"""On PostgreSQL: a covering index for the directory's filters (SQLite gets none).

The directory lists every active clinician, accepting new clients or not, so the ranking's
covering index (0005, accepting rows only) does not serve it. With this one a state's rows
and every column the filters read come from one index-only scan (measured on 100,000
clinicians, Minnesota with telehealth and a carrier: 4.7 ms over 1,330 scattered heap pages
before, 0.5 ms after). Kept out of the model's Meta for the same reason as 0005.
"""

from django.db import migrations

COLUMNS = [
    "clinician_id",
    "accepting",
    "telehealth",
    "in_person",
    "ages",
    "languages",
    "carriers",
    "specialties",
    "primary_specialties",
    "modalities",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS search_row_directory_idx ON matching_searchrow (state)"
        f" INCLUDE ({', '.join(COLUMNS)}) WHERE is_active"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_row_directory_idx")


class Migration(migrations.Migration):
    dependencies = [("matching", "0008_clinician_email_phone")]

    operations = [migrations.RunPython(create, drop)]
