"""The outbox became its own app (outbox/): intake stops owning OutboxMessage.

State only: the table ``intake_outboxmessage`` stays where it is, with its rows, and
``outbox.0001_initial`` takes the model over.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("intake", "0003_roles")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="OutboxMessage")],
            database_operations=[],
        )
    ]
