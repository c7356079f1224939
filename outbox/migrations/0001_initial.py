"""OutboxMessage, taken over from intake (``intake.0004_outbox_moves_out``).

State only for the model: its table ``intake_outboxmessage`` already exists and keeps its
rows. The content type is renamed to this app, so the permissions granted on it (Intake
staff may view messages) and the admin history stay attached.
"""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def adopt_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    old = ContentType.objects.using(db).filter(app_label="intake", model="outboxmessage")
    if not ContentType.objects.using(db).filter(app_label="outbox", model="outboxmessage"):
        old.update(app_label="outbox")


def return_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    new = ContentType.objects.using(db).filter(app_label="outbox", model="outboxmessage")
    if not ContentType.objects.using(db).filter(app_label="intake", model="outboxmessage"):
        new.update(app_label="intake")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("intake", "0004_outbox_moves_out"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="OutboxMessage",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("staff_new_request", "Staff: a new request is waiting"),
                                    (
                                        "confirmation",
                                        "Person: confirmation with the reference code",
                                    ),
                                ],
                                max_length=30,
                            ),
                        ),
                        ("to", models.JSONField(default=list, help_text="Recipient addresses")),
                        ("subject", models.CharField(max_length=200)),
                        ("body", models.TextField()),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "Pending"),
                                    ("sent", "Sent"),
                                    ("failed", "Failed"),
                                ],
                                db_index=True,
                                default="pending",
                                max_length=10,
                            ),
                        ),
                        ("attempts", models.PositiveSmallIntegerField(default=0)),
                        (
                            "next_attempt_at",
                            models.DateTimeField(db_index=True, default=django.utils.timezone.now),
                        ),
                        ("last_error", models.CharField(blank=True, max_length=200)),
                        (
                            "created_at",
                            models.DateTimeField(default=django.utils.timezone.now, editable=False),
                        ),
                        ("sent_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "request",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="outbox_messages",
                                to="intake.matchrequest",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "intake_outboxmessage",
                        "ordering": ["created_at"],
                        "indexes": [
                            models.Index(
                                fields=["status", "next_attempt_at"],
                                name="intake_outb_status_cc325c_idx",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(adopt_content_type, return_content_type),
    ]
