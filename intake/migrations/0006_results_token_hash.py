"""Keep only the hash of each results token (the cookie keeps the token itself)."""

import hashlib

from django.db import migrations, models


def hash_tokens(apps, schema_editor):
    MatchRequest = apps.get_model("intake", "MatchRequest")
    for request in MatchRequest.objects.only("pk", "results_token_hash").iterator():
        digest = hashlib.sha256(request.results_token_hash.encode()).hexdigest()
        MatchRequest.objects.filter(pk=request.pk).update(results_token_hash=digest)


class Migration(migrations.Migration):
    dependencies = [("intake", "0005_rate_counter")]

    operations = [
        migrations.RenameField("matchrequest", "results_token", "results_token_hash"),
        migrations.RunPython(hash_tokens, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="matchrequest",
            name="results_token_hash",
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
    ]
