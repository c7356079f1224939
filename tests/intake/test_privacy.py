"""Nothing that identifies a person or their answers goes into a log line, a URL or an email."""

import logging
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django.views.debug import SafeExceptionReporterFilter

from intake.models import MatchRequest
from tests.intake.conftest import CANARY_EMAIL, CANARY_NAME, CANARY_PHONE

pytestmark = pytest.mark.django_db

CANARY_ZIP = "55419"
CANARY_BIRTHDAY = "1987-03-29"
CANARY_GUARDIAN = "Brindlewick"
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
        found += [request.results_token, request.form_token]
    return found


def test_a_canary_name_and_answer_appear_in_no_log_line_url_or_email(
    client, post_data, clinicians, settings, every_log_line
):
    locations: list[str] = []
    paths: list[str] = []

    def visit(method, path, data=None, via=client):
        response = getattr(via, method)(path, data or {})
        paths.append(path)
        if "Location" in response:
            locations.append(response["Location"])
        return response

    visit("get", "/get-matched/")
    visit("post", "/get-matched/", canary_post(post_data, first_name=""))
    visit("post", "/get-matched/", canary_post(post_data))
    visit("get", "/get-matched/results/")
    visit("post", "/get-matched/results/", {"action": "choose"})
    visit("post", "/get-matched/results/", {"action": "choose", "clinicians": [clinicians[0].pk]})
    visit("get", "/get-matched/done/")
    visit("get", "/get-matched/results/", via=Client())
    settings.EMAIL_BACKEND = "tests.intake.test_outbox.BrokenBackend"
    call_command("deliver_outbox", stdout=None)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        call_command("deliver_outbox")

    request = MatchRequest.objects.get()
    assert request.first_name == CANARY_NAME, "the canary did reach the database"
    assert len(mail.outbox) == 2
    assert locations == ["/get-matched/results/", "/get-matched/done/"]
    assert every_log_line.records, "the journey logged something to check"

    lines = [record.getMessage() for record in every_log_line.records]
    lines += [str(record.args) for record in every_log_line.records]
    emails = [f"{m.subject}\n{m.body}" for m in mail.outbox]
    for secret in secrets_of(request):
        for line in lines:
            assert secret not in line, f"{secret!r} in a log line"
        for url in locations + paths:
            assert secret not in url, f"{secret!r} in a URL"
        for email in emails:
            assert secret not in email, f"{secret!r} in an email"


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
    assert request.results_token not in body
    assert request.form_token not in body
