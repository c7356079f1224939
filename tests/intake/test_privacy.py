"""Nothing that identifies a person or their answers goes into a log line, a URL, an email,
an audit row or an error page (the searching is tests/security/canary.py)."""

import logging
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django.views.debug import SafeExceptionReporterFilter

from intake.models import AuditEvent, MatchRequest
from outbox.models import OutboxMessage
from tests.intake.conftest import CANARY_EMAIL, CANARY_NAME, CANARY_PHONE
from tests.security.canary import capture_outputs
from tests.security.helpers import sign_in

pytestmark = pytest.mark.django_db

CANARY_ZIP = "55419"
CANARY_BIRTHDAY = "1987-03-29"
CANARY_GUARDIAN = "Brindlewick"
CANARY_GUARDIAN_PHONE = "6515550193"
CANARY_GUARDIAN_EMAIL = "brindlewick.canary@example.org"
CANARY_TEEN_BIRTHDAY = "2011-03-29"
LOGGERS = ["", "django", "django.request", "django.server", "django.db.backends", "intake"]


@pytest.fixture
def every_log_line(caplog):
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def canary_post(post_data, **overrides):
    return post_data(
        concerns=["eating-disorders"],
        zip_code=CANARY_ZIP,
        date_of_birth=CANARY_BIRTHDAY,
        guardian_name=CANARY_GUARDIAN,
        email_confirmation="on",
        asq_wished_dead="yes",
        **overrides,
    )


def secrets_of(request: MatchRequest | None) -> list[str]:
    found = [
        CANARY_NAME,
        CANARY_NAME.lower(),
        CANARY_EMAIL,
        CANARY_PHONE,
        "555-0147",
        CANARY_ZIP,
        CANARY_BIRTHDAY,
        "1987",
        CANARY_GUARDIAN,
        "eating",
        "Eating",
    ]
    if request is not None:
        found += [request.results_token_hash, request.form_token]
    return found


@pytest.mark.parametrize("site", ["", "/es"], ids=["english", "spanish"])
def test_canary_values_reach_no_log_email_url_audit_row_or_error_page_end_to_end(
    client, post_data, clinicians, intake_staff, settings, monkeypatch, site
):
    """A person asks for help with identifiable values; staff then open, note and call.

    Everything the journey writes outside the request's own rows is searched: every log
    record of every logger at every level, every URL and redirect, every error page (4xx
    and 5xx), the outbox rows and the mail the worker sent, and the audit trail.
    """
    staff = sign_in(Client(raise_request_exception=False), intake_staff)
    answers = {
        **canary_post(post_data),
        "date_of_birth": CANARY_TEEN_BIRTHDAY,  # a teen, so the guardian is really asked for
        "guardian_phone": CANARY_GUARDIAN_PHONE,
        "guardian_email": CANARY_GUARDIAN_EMAIL,
    }
    with capture_outputs() as seen:
        # The person, on their own device.
        client.get(f"{site}/get-matched/")
        client.post(f"{site}/get-matched/", {**answers, "first_name": ""})  # shown again to fix
        assert client.post(f"{site}/get-matched/", answers).status_code == 302
        client.get(f"{site}/get-matched/results/")
        client.post(f"{site}/get-matched/results/", {"action": "choose"})  # nothing chosen
        client.post(
            f"{site}/get-matched/results/", {"action": "choose", "clinicians": [clinicians[0].pk]}
        )
        client.get(f"{site}/get-matched/done/")
        Client().get(f"{site}/get-matched/results/")  # another device: a kind "closed" page
        with monkeypatch.context() as broken:  # a crash while saving: a 500 page and a log
            broken.setattr("intake.views.submit_request", _boom)
            Client(raise_request_exception=False).post(
                f"{site}/get-matched/", {**answers, "form_token": "form-token-crash-0123456789"}
            )

        # The outbox worker: first the mail server is down, then it sends.
        settings.EMAIL_BACKEND = "tests.intake.test_outbox.BrokenBackend"
        call_command("deliver_outbox", stdout=StringIO())
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        with time_machine.travel(timezone.now() + timedelta(hours=1)):
            call_command("deliver_outbox", stdout=StringIO())

        # Staff: the queue, the request, a note that names the person, a call.
        request = MatchRequest.objects.get()
        page = f"/staff/requests/{request.pk}/"
        staff.get("/staff/")
        staff.get(page)
        staff.get(f"{page}?rerun=1")
        note = f"Spoke with {CANARY_NAME}; {CANARY_GUARDIAN} will call back."
        staff.post(f"{page}notes/", {"version": request.version, "text": note})
        request.refresh_from_db()
        staff.post(
            f"{page}contact-attempts/",
            {
                "version": request.version,
                "attempted_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
                "method": "phone",
                "result": "voicemail",
            },
        )
        staff.get(f"/staff/requests/{request.pk + 1000}/")  # a request that is not there

    request.refresh_from_db()
    results_cookie = client.cookies["intake_results"].value
    assert request.first_name == CANARY_NAME, "the canaries did reach the database"
    assert request.guardian_name == CANARY_GUARDIAN
    assert request.notes.get().text == note
    assert request.contact_attempts.count() == 1
    sent = list(mail.outbox)
    assert [m.to for m in sent if m.to == [CANARY_EMAIL]], "the confirmation went out"
    assert len(sent) == 2

    seen.add(
        "outbox row",
        *(f"{m.subject}\n{m.body}" for m in OutboxMessage.objects.all()),
    )
    seen.add(
        "audit row",
        *(
            f"{e.action} {e.detail} {e.actor_username} {e.ip}"
            for e in AuditEvent.objects.filter(request_id=request.pk)
        ),
    )
    assert {"view", "rerun", "note", "contact"} <= set(
        AuditEvent.objects.values_list("action", flat=True)
    )
    assert any(url.startswith("/staff/requests/") for url in seen.urls)
    assert f"{site}/get-matched/results/" in seen.urls, "redirects were captured"
    assert len(seen.error_pages) >= 3, "the closed page, the 500 and the staff 404"
    assert any("Traceback" in line for line in seen.logs), "the crash was logged"
    assert any("ConnectionRefusedError" in line for line in seen.logs), "and the mail failure"

    seen.assert_absent(
        CANARY_NAME,
        CANARY_EMAIL,
        CANARY_PHONE,
        "555-0147",
        CANARY_GUARDIAN,
        CANARY_GUARDIAN_PHONE,
        CANARY_GUARDIAN_EMAIL,
        CANARY_TEEN_BIRTHDAY,
        "Eating disorders",
        "Trastornos de la conducta alimentaria",  # the same concern, named in Spanish
        "eating-disorders",
        request.results_token_hash,
        results_cookie,
        request.form_token,
    )


def _boom(**kwargs):
    raise RuntimeError("the database went away")


def test_an_error_while_submitting_logs_no_answer_and_reports_no_post_body(
    post_data, clinicians, monkeypatch, every_log_line
):
    def boom(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("intake.views.submit_request", boom)
    client = Client(raise_request_exception=False)
    response = client.post("/get-matched/", canary_post(post_data))
    assert response.status_code == 500
    errors = [r for r in every_log_line.records if r.levelno >= logging.ERROR]
    assert errors, "the failure was logged"
    reporter = SafeExceptionReporterFilter()
    for record in errors:
        text = record.getMessage() + (record.exc_text or "")
        if record.exc_info:
            text += logging.Formatter().formatException(record.exc_info)
        for secret in secrets_of(None):
            assert secret not in text
        post = reporter.get_post_parameters(record.request)
        assert set(post.values()) == {reporter.cleansed_substitute}
    assert MatchRequest.objects.count() == 0


def test_the_staff_notice_never_carries_the_results_token(clinicians, post_data, client):
    client.post("/get-matched/", canary_post(post_data))
    request = MatchRequest.objects.get()
    body = request.outbox_messages.get(kind="staff_new_request").body
    assert client.cookies["intake_results"].value not in body
    assert request.results_token_hash not in body
    assert request.form_token not in body
