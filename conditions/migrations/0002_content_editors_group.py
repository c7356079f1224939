"""The "Content editors" group: conditions and matching reference data, nothing else.

Editors are staff users in this group. They get no intake permissions, so they cannot read
intake requests. Later migrations add other content (clinicians) to the same group.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Content editors"
ACTIONS = ("add", "change", "delete", "view")
MODELS = {
    "conditions": [
        "condition",
        "conditionitem",
        "feelingitem",
        "thoughtitem",
        "causeitem",
        "supportpoint",
        "faqentry",
    ],
    "matching": ["specialty", "modality", "carrier", "language"],
}


def forwards(apps, schema_editor):
    # On a fresh database permissions are made after all migrations (post_migrate): make
    # the ones this group needs now.
    for label in MODELS:
        create_permissions(
            global_apps.get_app_config(label),
            apps=apps,
            verbosity=0,
            using=schema_editor.connection.alias,
        )
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, models in MODELS.items():
        codenames = [f"{action}_{model}" for model in models for action in ACTIONS]
        permissions = Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        )
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Missing permissions for {GROUP}: {sorted(missing)}")
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("matching", "0002_baseline_reference_data"),
        ("conditions", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
