"""Content editors may view, add, change and delete clinicians, their offices and
specialties, and the reference data. The group may be created by another app's
migration too; get_or_create makes the order irrelevant."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = [
    "clinician",
    "office",
    "clinicianspecialty",
    "specialty",
    "modality",
    "carrier",
    "language",
]
ACTIONS = ["view", "add", "change", "delete"]


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("matching")
    app_config.models_module = True  # the historical app registry leaves it unset
    create_permissions(app_config, verbosity=0, apps=apps, using=schema_editor.connection.alias)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Content editors")
    codenames = [f"{action}_{model}" for model in MODELS for action in ACTIONS]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="matching", codename__in=codenames)
    )


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model in MODELS for action in ACTIONS]
    for group in Group.objects.filter(name="Content editors"):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="matching", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0003_clinicians"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
