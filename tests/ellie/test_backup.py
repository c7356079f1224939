"""A backup with `dumpdata` restores with `loaddata` into an empty database, whole.

The source is the default test database filled with demo content and a little of every
kind of record; the target is a second, empty test database (`restore`, see
ellie/settings.py). Runs on SQLite and on PostgreSQL, whichever DATABASE_URL names.
"""

import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ellie.models import AccountEvent
from intake.models import AuditEvent, ContactAttempt, CoverageCheck, MatchRequest, Note, RateCounter
from matching.models import Carrier, Clinician, Modality, SearchRow
from outbox.models import OutboxMessage
from tests.matching.helpers import assert_search_rows_current

pytestmark = pytest.mark.django_db(databases=["default", "restore"])


@pytest.fixture(autouse=True)
def _forget_content_types():
    """`flush` makes the restore database's content types anew: drop cached ones after."""
    yield
    ContentType.objects.clear_cache()


# What a backup leaves out: Django makes content types and permissions itself on
# `migrate` (and on `flush`), and natural keys point at them.
BACKUP_OPTIONS = {
    "natural_foreign": True,
    "natural_primary": True,
    "exclude": ["contenttypes", "auth.permission"],
}


def _sign_in_token() -> str:
    from tests.clinicians.helpers import last_link

    return last_link(OutboxMessage.Kind.CLINICIAN_SIGN_IN)


def fill_with_demo_content() -> None:
    call_command("load_demo", force=True, stdout=io.StringIO())
    user = get_user_model().objects.get(username="intake-demo")
    request = MatchRequest.objects.order_by("pk").first()
    request.modalities.set(Modality.objects.filter(slug__in=["dbt", "cbt"]))
    now = timezone.now()
    Note.objects.create(  # a time the backup writes as "….000Z" (see WHOLE_SECOND)
        request=request, author=user, text="Called back.", created_at=now.replace(microsecond=123)
    )
    ContactAttempt.objects.create(
        request=request, staff=user, attempted_at=now, method="phone", result="voicemail"
    )
    CoverageCheck.objects.create(
        request=request,
        carrier=Carrier.objects.get(slug="aetna"),
        in_network=True,
        estimated_cost=Decimal("25.00"),
        checked_by=user,
    )
    AuditEvent.objects.create(
        actor=user,
        actor_username=user.username,
        ip="127.0.0.1",
        action="note",
        request_id=request.pk,
    )
    OutboxMessage.objects.create(
        kind="confirmation", request=request, to=["sam@example.org"], subject="Thanks", body="…"
    )
    RateCounter.objects.create(
        key="submit:0123abcd", bucket=493000, count=2, expires_at=now.replace(microsecond=0)
    )
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    codes = StaticDevice.objects.create(user=user, name="backup codes", confirmed=True)
    StaticToken.objects.create(device=codes, token="k7pq2xwm")
    AccountEvent.objects.create(
        user=user, username=user.username, ip="127.0.0.1", action="backup_codes_made"
    )
    AccessAttempt.objects.create(
        username="someone", ip_address="127.0.0.2", user_agent="test", failures_since_start=1
    )
    session = SessionStore()
    session["note"] = "kept"
    session.create()
    clinician = Clinician.objects.order_by("pk").first()
    # The clinicians' side: the demo made a referral and its events; a link and a session.
    from clinicians import services as clinician_services

    clinician_services.request_sign_in_link(email=clinician.email)
    clinician_services.sign_in(token=_sign_in_token())
    LogEntry.objects.log_actions(
        user_id=user.pk, queryset=[clinician], action_flag=CHANGE, change_message="Edited."
    )


def our_models() -> list:
    """Concrete models of the project's own apps (the folders beside manage.py)."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if Path(model._meta.app_config.path).parent == Path(settings.BASE_DIR)
        and not model._meta.proxy
    ]


# Django's JSON keeps times to the millisecond: a time whose microseconds are below 1000 is
# written "…:22.000Z", and once restored (as …:22.000000) it is written "…:22Z".
WHOLE_SECOND = re.compile(r'(T\d\d:\d\d:\d\d)\.000(Z|[+-]\d\d:\d\d)"')


def dump(database: str) -> list[dict]:
    out = io.StringIO()
    call_command("dumpdata", database=database, stdout=out, format="json", **BACKUP_OPTIONS)
    return json.loads(WHOLE_SECOND.sub(r'\1\2"', out.getvalue()))


def version_of(objects: list[dict]) -> int:
    [number] = [obj["fields"]["number"] for obj in objects if obj["model"] == "ellie.pageversion"]
    return number


def without_version(objects: list[dict]) -> list[dict]:
    return [obj for obj in objects if obj["model"] != "ellie.pageversion"]


def counts(objects: list[dict]) -> dict[str, int]:
    """Rows per model in a backup; links of a many-to-many field count as their table's."""
    found: dict[str, int] = {}
    for obj in objects:
        model = apps.get_model(obj["model"])
        found[obj["model"]] = found.get(obj["model"], 0) + 1
        for field in model._meta.many_to_many:
            if field.remote_field.through._meta.auto_created:
                label = field.remote_field.through._meta.label_lower
                found[label] = found.get(label, 0) + len(obj["fields"][field.name])
    return found


def test_a_backup_holds_every_row_of_every_model():
    fill_with_demo_content()
    dumped = counts(dump("default"))
    missing = {
        label: (dumped.get(label, 0), model._default_manager.count())
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.proxy
        and model._meta.app_label not in ("contenttypes",)
        and (label := model._meta.label_lower) != "auth.permission"
        if dumped.get(label, 0) != model._default_manager.count()
    }
    assert missing == {}, "model: (rows in the backup, rows in the database)"
    assert dumped["matching.clinician"] == 40


def test_a_backup_restores_into_an_empty_database_exactly(tmp_path):
    fill_with_demo_content()
    backup = dump("default")
    empty_models = [m._meta.label for m in our_models() if not m._default_manager.exists()]
    assert empty_models == [], "give every model of ours a row in fill_with_demo_content()"

    call_command("flush", database="restore", interactive=False, verbosity=0)
    assert not Clinician.objects.using("restore").exists()
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(backup))
    call_command("loaddata", str(path), database="restore", verbosity=0)

    restored = dump("restore")
    # The public pages' version is the one row a restore must not copy as it was: writing
    # the condition pages' rows moves it (conditions 0007), so no page cached before the
    # restore is ever answered after it. Everything else comes back exactly.
    assert version_of(restored) > version_of(backup)
    assert without_version(restored) == without_version(backup)
    assert SearchRow.objects.using("restore").count() == SearchRow.objects.count()
    assert_search_rows_current(database="restore")
    # The restored database takes new rows (its id sequences were moved past the backup's).
    Clinician.objects.using("restore").create(
        npi="1234567893", slug="new-after-restore", first_name="New", last_name="Person"
    )
