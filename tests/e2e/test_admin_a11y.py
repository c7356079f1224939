"""The admin pages content editors use pass axe (no serious or critical violations)."""

import pytest

from conditions.models import Condition
from practice.models import PracticePage
from tests.e2e.test_staff import sign_in
from tests.factories import ClinicianFactory

EDITOR = ("editor", "a-long-test-password-2")


@pytest.fixture
def editor_pages(editor):
    clinician = ClinicianFactory()
    return [
        "/admin/",
        "/admin/conditions/condition/",
        f"/admin/conditions/condition/{Condition.objects.get(slug='self-harm').pk}/change/",
        "/admin/conditions/condition/add/",
        "/admin/practice/practicepage/",
        f"/admin/practice/practicepage/{PracticePage.objects.get(slug='about').pk}/change/",
        "/admin/matching/clinician/",
        f"/admin/matching/clinician/{clinician.pk}/change/",
    ]


def test_the_pages_content_editors_use_pass_axe(page, editor_pages):
    sign_in(page, *EDITOR)
    for path in editor_pages:  # page.goto runs axe and the test fails on any violation
        assert page.goto(page.site_url + path).status == 200, path
