"""A clinical review is recorded by the signed-in editor, dated today, with their credentials."""

import datetime as dt

import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from conditions import reviews
from conditions.models import Condition

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2027, 3, 3, 15, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def clinician_editor(editor):
    editor.first_name, editor.last_name = "Ana", "Reviewer"
    editor.save()
    return editor


@pytest.fixture
def page():
    return Condition.objects.get(slug="anxiety")


def review_url(condition) -> str:
    return reverse("admin:conditions_condition_review", args=[condition.pk])


@time_machine.travel(TODAY, tick=False)
def test_an_editor_records_their_review_and_the_page_says_so(client, clinician_editor, page):
    client.force_login(clinician_editor)
    form = client.get(review_url(page))
    assert form.status_code == 200
    assert "Clinically reviewed by Ana Reviewer, <em>your credentials</em> on March 3, 2027" in (
        form.content.decode()
    )
    response = client.post(review_url(page), {"credentials": " PsyD,  LP ", "read_it": "on"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.reviewed_by == clinician_editor
    assert (page.reviewer_name, page.reviewer_credentials) == ("Ana Reviewer", "PsyD, LP")
    assert page.reviewed_on == dt.date(2027, 3, 3)
    assert LogEntry.objects.get(object_id=str(page.pk)).get_change_message() == (
        "Recorded a clinical review."
    )
    html = client.get(page.get_absolute_url()).content.decode()
    assert "Clinically reviewed by Ana Reviewer, PsyD, LP on" in html
    assert '<time datetime="2027-03-03">March 3, 2027</time>' in html


def test_the_name_and_date_cannot_be_typed_in(client, clinician_editor, page):
    client.force_login(clinician_editor)
    response = client.post(
        review_url(page),
        {
            "credentials": "MD",
            "read_it": "on",
            "reviewer_name": "Dr. Someone Else",
            "reviewed_on": "2020-01-01",
        },
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.reviewer_name == "Ana Reviewer"
    assert page.reviewed_on != dt.date(2020, 1, 1)
    # Nor through the page's own form: the admin shows the review, it does not edit it.
    change = client.get(reverse("admin:conditions_condition_change", args=[page.pk]))
    assert 'name="reviewer_name"' not in change.content.decode()
    assert "Record your clinical review" in change.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"credentials": "", "read_it": "on"}, "This field is required"),
        ({"credentials": "PsyD"}, "This field is required"),
        ({"credentials": "   ", "read_it": "on"}, "This field is required"),
    ],
)
def test_a_review_needs_credentials_and_the_promise_to_have_read_it(
    client, clinician_editor, page, data, message
):
    client.force_login(clinician_editor)
    response = client.post(review_url(page), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    page.refresh_from_db()
    assert not page.is_reviewed


def test_an_account_without_a_full_name_cannot_sign_a_review(client, editor, page):
    client.force_login(editor)
    response = client.post(review_url(page), {"credentials": "PsyD", "read_it": "on"})
    assert response.status_code == 200
    assert "Add your first and last name to your account first" in response.content.decode()
    page.refresh_from_db()
    assert not page.is_reviewed


def test_only_those_allowed_to_review_may(client, stranger, intake_staff, page):
    for user in (stranger, intake_staff):
        client.force_login(user)
        assert client.get(review_url(page)).status_code == 403
    with pytest.raises(ValidationError, match="may not record"):
        reviews.record_review(condition_id=page.pk, reviewer=stranger, credentials="MD")


def test_content_editors_may_review_by_their_group(clinician_editor):
    assert clinician_editor.has_perm("conditions.review_condition")


@time_machine.travel(TODAY, tick=False)
def test_recording_a_review_moves_the_page_last_modified(clinician_editor, page):
    before = Condition.objects.with_last_modified().get(pk=page.pk).last_modified
    with time_machine.travel(TODAY + dt.timedelta(hours=1), tick=False):
        reviews.record_review(condition_id=page.pk, reviewer=clinician_editor, credentials="PsyD")
    after = Condition.objects.with_last_modified().get(pk=page.pk).last_modified
    assert after > before


def test_the_invented_review_is_cleared_and_real_ones_are_kept(clinician_editor):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("conditions.migrations.0004_clinical_review_by_an_editor")
    invented = Condition.objects.get(slug="depression")
    real = Condition.objects.get(slug="anxiety")
    Condition.objects.filter(pk=invented.pk).update(**migration.INVENTED)
    Condition.objects.filter(pk=real.pk).update(reviewed_by=clinician_editor, **migration.INVENTED)
    migration.clear_invented_reviews(apps, None)
    invented.refresh_from_db()
    real.refresh_from_db()
    assert not invented.is_reviewed
    assert real.is_reviewed
