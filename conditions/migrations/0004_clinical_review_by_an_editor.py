"""A clinical review is recorded by the signed-in editor (conditions.reviews), not typed in.

The pages shipped in 0003 carried a review nobody made (a made-up reviewer and date): those
stamps are cleared, so no page claims a review until an editor records one. Content
editors may record reviews.
"""

import datetime

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

INVENTED = {
    "reviewer_name": "Dr. Maya Lindqvist",
    "reviewer_credentials": "PsyD",
    "reviewed_on": datetime.date(2026, 10, 15),
}


def clear_invented_reviews(apps, schema_editor):
    Condition = apps.get_model("conditions", "Condition")
    Condition.objects.filter(reviewed_by=None, **INVENTED).update(
        reviewer_name="", reviewer_credentials="", reviewed_on=None
    )


def editors_may_review(apps, schema_editor):
    app_config = apps.get_app_config("conditions")
    app_config.models_module = True  # the historical app registry leaves it unset
    create_permissions(app_config, verbosity=0, apps=apps, using=schema_editor.connection.alias)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Content editors")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="conditions", codename="review_condition")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("conditions", "0003_condition_pages"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="condition",
            options={
                "ordering": ["title"],
                "permissions": [("review_condition", "Can record a clinical review of a page")],
            },
        ),
        migrations.AddField(
            model_name="condition",
            name="reviewed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="reviewer's account",
            ),
        ),
        migrations.AlterField(
            model_name="condition",
            name="reviewer_credentials",
            field=models.CharField(
                blank=True, max_length=60, verbose_name="reviewer's credentials"
            ),
        ),
        migrations.AlterField(
            model_name="condition",
            name="reviewer_name",
            field=models.CharField(blank=True, max_length=120, verbose_name="clinical reviewer"),
        ),
        migrations.RunPython(clear_invented_reviews, migrations.RunPython.noop),
        migrations.RunPython(editors_may_review, migrations.RunPython.noop),
    ]
