"""Safety-screen answers become yes / no / declined (a refusal counts as positive).

The columns change from boolean to text: PostgreSQL writes 'true'/'false', SQLite 1/0;
both become 'yes'/'no'.
"""

from django.db import migrations, models

FIELDS = (
    "asq_wished_dead",
    "asq_better_off_dead",
    "asq_thoughts_of_suicide",
    "asq_ever_attempted",
    "asq_right_now",
)


def to_words(apps, schema_editor):
    MatchRequest = apps.get_model("intake", "MatchRequest")
    for name in FIELDS:
        MatchRequest.objects.filter(**{f"{name}__in": ["true", "1", "True", "t"]}).update(
            **{name: "yes"}
        )
        MatchRequest.objects.filter(**{f"{name}__in": ["false", "0", "False", "f"]}).update(
            **{name: "no"}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0007_audit_choice"),
    ]

    operations = [
        migrations.AlterField(
            model_name="matchrequest",
            name="asq_better_off_dead",
            field=models.CharField(
                choices=[
                    ("yes", "Yes"),
                    ("no", "No"),
                    ("declined", "Rather not say"),
                    ("", "Not asked"),
                ],
                max_length=8,
                verbose_name="Felt others would be better off (past few weeks)",
            ),
        ),
        migrations.AlterField(
            model_name="matchrequest",
            name="asq_ever_attempted",
            field=models.CharField(
                choices=[
                    ("yes", "Yes"),
                    ("no", "No"),
                    ("declined", "Rather not say"),
                    ("", "Not asked"),
                ],
                max_length=8,
                verbose_name="Ever tried to end their life",
            ),
        ),
        migrations.AlterField(
            model_name="matchrequest",
            name="asq_right_now",
            field=models.CharField(
                blank=True,
                choices=[
                    ("yes", "Yes"),
                    ("no", "No"),
                    ("declined", "Rather not say"),
                    ("", "Not asked"),
                ],
                max_length=8,
                verbose_name="Thoughts of suicide right now",
            ),
        ),
        migrations.AlterField(
            model_name="matchrequest",
            name="asq_thoughts_of_suicide",
            field=models.CharField(
                choices=[
                    ("yes", "Yes"),
                    ("no", "No"),
                    ("declined", "Rather not say"),
                    ("", "Not asked"),
                ],
                max_length=8,
                verbose_name="Thoughts of suicide (past week)",
            ),
        ),
        migrations.AlterField(
            model_name="matchrequest",
            name="asq_wished_dead",
            field=models.CharField(
                choices=[
                    ("yes", "Yes"),
                    ("no", "No"),
                    ("declined", "Rather not say"),
                    ("", "Not asked"),
                ],
                max_length=8,
                verbose_name="Wished they were dead (past few weeks)",
            ),
        ),
        migrations.RunPython(to_words, migrations.RunPython.noop, elidable=True),
    ]
