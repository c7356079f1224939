"""The two roles: "Intake staff" works requests; "Content editors" edits content only.

Intake staff may view and change the request models and view the audit trail (which
nobody changes). "Content editors" is only made sure to exist here (its permissions are
given with the content models): get_or_create, so either migration may run first.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

INTAKE_STAFF = "Intake staff"
CONTENT_EDITORS = "Content editors"
WORKED = ["matchrequest", "requestmatch", "note", "contactattempt", "coveragecheck"]
VIEWED = ["outboxmessage", "auditevent"]


def _codenames():
    for model in WORKED:
        yield f"view_{model}"
        yield f"change_{model}"
    for model in VIEWED:
        yield f"view_{model}"


def create_roles(apps, schema_editor):
    # Permissions are normally made after migrate; make them now so they can be granted.
    intake = apps.get_app_config("intake")
    intake.models_module = True
    create_permissions(intake, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    intake.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    staff, _ = Group.objects.get_or_create(name=INTAKE_STAFF)
    staff.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="intake", codename__in=list(_codenames())
        )
    )
    Group.objects.get_or_create(name=CONTENT_EDITORS)


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name=INTAKE_STAFF).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0002_staff_review"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
