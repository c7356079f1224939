"""The admin tells nobody more than their permissions allow: not recipients, not how many
objects exist."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from ellie.backup_codes import make_backup_codes
from intake.models import AuditEvent
from outbox import services as outbox
from outbox.models import OutboxMessage
from tests.factories import ClinicianFactory, ConditionFactory, IntakeRequestFactory
from tests.security.helpers import authenticator, sign_in
from tests.security.urlwalk import outcome

pytestmark = pytest.mark.django_db

MISSING = "987654321"
RECIPIENT = "zebulon.admincanary@example.org"


@pytest.fixture
def bare_staff(django_user_model):
    """May open the admin, with no permission on anything."""
    return django_user_model.objects.create_user(
        "bare", password="a-long-test-password-8", is_staff=True
    )


@pytest.fixture
def stray_editor(editor):
    """A Content editor someone gave every intake permission by mistake."""
    editor.user_permissions.add(*Permission.objects.filter(content_type__app_label="intake"))
    return editor


@pytest.fixture
def one_of_each(intake_staff):
    """At least one row of every model the admin shows."""
    ConditionFactory()
    clinician = ClinicianFactory()
    IntakeRequestFactory()
    from clinicians.models import ClinicianEvent

    ClinicianEvent.objects.create(clinician=clinician, action=ClinicianEvent.Action.SIGNED_IN)
    AuditEvent.objects.create(action=AuditEvent.Action.VIEW, request_id=1, detail="test")
    outbox.queue_email(
        kind=OutboxMessage.Kind.CONFIRMATION, to=[RECIPIENT], subject="Hello", body="ELL-1"
    )
    authenticator(intake_staff)
    make_backup_codes(user=intake_staff, ip=None, how="in a test")  # a device and an event
    now = timezone.now()
    who = {"username": "ivy", "ip_address": "203.0.113.9", "user_agent": "test"}
    AccessAttempt.objects.create(**who, failures_since_start=1, attempt_time=now)
    AccessLog.objects.create(**who, attempt_time=now)
    AccessFailureLog.objects.create(**who, attempt_time=now)


def existing_pk(model) -> str:
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"add a {model._meta.label} to the one_of_each fixture"
    return str(obj.pk)


def may_see(model_admin, user) -> bool:
    request = RequestFactory().get("/admin/")
    request.user = user
    return model_admin.has_view_or_change_permission(request)


@pytest.mark.parametrize("who", ["bare_staff", "stray_editor", "editor"])
def test_object_pages_answer_alike_for_ids_that_exist_and_ids_that_do_not(
    request, one_of_each, who
):
    """For anyone without permission on a model: history, change and delete pages of an
    existing object and of a missing one give the same answer, for every admin model."""
    user = request.getfixturevalue(who)
    client = sign_in(Client(), user)
    checked, problems = 0, []
    for model, model_admin in admin.site._registry.items():
        if may_see(model_admin, user):
            continue
        info = (model._meta.app_label, model._meta.model_name)
        real = existing_pk(model)
        for page in ("history", "change", "delete"):
            name = f"admin:{info[0]}_{info[1]}_{page}"
            answers = {pk: outcome(client.get(reverse(name, args=[pk]))) for pk in (real, MISSING)}
            checked += 1
            if answers[real] != answers[MISSING] or answers[real] != "forbidden":
                problems.append(f"{name}: {answers}")
    assert checked >= 10 if who != "editor" else checked >= 3
    assert not problems, "\n".join(problems)


def test_history_stays_open_to_those_who_may_see_it(one_of_each, admin_user):
    client = sign_in(Client(), admin_user)
    pk = existing_pk(OutboxMessage)
    assert client.get(f"/admin/outbox/outboxmessage/{pk}/history/").status_code == 200
    missing = client.get(f"/admin/outbox/outboxmessage/{MISSING}/history/")
    assert missing.status_code == 302, "a missing id, for someone who may look: Django's redirect"


def test_a_stray_view_permission_does_not_show_a_content_editor_the_outbox(
    one_of_each, stray_editor
):
    client = sign_in(Client(), stray_editor)
    assert "Outbox messages" not in client.get("/admin/").content.decode()
    pk = existing_pk(OutboxMessage)
    for url in (
        "/admin/outbox/outboxmessage/",
        f"/admin/outbox/outboxmessage/{pk}/change/",
        f"/admin/outbox/outboxmessage/{pk}/history/",
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert RECIPIENT not in response.content.decode()


def test_the_outbox_admin_is_read_only_even_for_a_superuser(one_of_each, admin_user):
    client = sign_in(Client(), admin_user)
    pk = existing_pk(OutboxMessage)
    page = client.get(f"/admin/outbox/outboxmessage/{pk}/change/")
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    deleting = client.post(f"/admin/outbox/outboxmessage/{pk}/delete/", {"post": "yes"})
    assert deleting.status_code == 403
    assert OutboxMessage.objects.filter(pk=pk).exists()


def test_view_on_site_links_answer_alike_unless_the_model_may_be_seen(
    one_of_each, bare_staff, admin_user
):
    from django.contrib.contenttypes.models import ContentType

    from conditions.models import Condition

    hidden = ConditionFactory(is_published=False)
    types = [ContentType.objects.get_for_model(m) for m in admin.site._registry]
    outsider = sign_in(Client(), bare_staff)
    for content_type in types:
        pk = existing_pk(content_type.model_class())
        for url in (f"/admin/r/{content_type.pk}/{pk}/", f"/admin/r/{content_type.pk}/{MISSING}/"):
            assert outsider.get(url).status_code == 403, url
    assert outsider.get(f"/admin/r/{MISSING}/1/").status_code == 403
    assert outsider.get("/admin/r/x/1/").status_code == 403
    condition_type = ContentType.objects.get_for_model(Condition)
    response = sign_in(Client(), admin_user).get(f"/admin/r/{condition_type.pk}/{hidden.pk}/")
    assert response.status_code == 302 and hidden.slug in response["Location"]
