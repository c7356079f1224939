"""Every write to a condition page's tables moves the public pages' version row, in the
database itself: the admin's saves send signals that move it already, and these catch the
rest (a bulk `update()`, a data migration, a fix typed in `psql`). Without a shared cache
(no REDIS_URL) a cached condition page therefore needs nothing but the version to know it
is current (ellie.pagecache); with one, condition pages keep their own stamp as well.
"""

from django.db import migrations

TABLES = [
    "conditions_condition",
    "conditions_conditionitem",
    "conditions_conditiontranslation",
    "conditions_translationitem",
    "conditions_condition_specialties",
    "conditions_condition_modalities",
]
BUMP = "UPDATE ellie_pageversion SET number = number + 1 WHERE id = 1"
FUNCTION = "ellie_bump_page_version"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {BUMP}; RETURN NULL; END $$"
        )
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_page_version AFTER INSERT OR UPDATE OR DELETE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
            )
    elif vendor == "sqlite":
        for table in TABLES:
            for event in ("INSERT", "UPDATE", "DELETE"):
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_page_version_{event.lower()} AFTER {event} "
                    f"ON {table} BEGIN {BUMP}; END"
                )


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_page_version ON {table}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
    elif vendor == "sqlite":
        for table in TABLES:
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_page_version_{event}")


class Migration(migrations.Migration):
    dependencies = [
        ("conditions", "0006_spanish_pages"),
        ("ellie", "0002_page_version"),
    ]

    operations = [migrations.RunPython(create, drop)]
