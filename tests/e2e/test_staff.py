"""Intake staff on a phone: sign in, take the urgent request, reach the person, book them."""

import datetime as dt
import re

from django.utils import timezone

from tests.factories import IntakeRequestFactory


def test_staff_work_an_urgent_request_from_the_queue_to_booked(page, intake_staff):
    now = timezone.now()
    routine = IntakeRequestFactory(created_at=now - dt.timedelta(hours=20), concerns=["anxiety"])
    urgent = IntakeRequestFactory(
        right_now=True, created_at=now - dt.timedelta(minutes=30), concerns=["self-harm"]
    )

    page.goto(page.site_url + "/staff/")  # sends them to sign in first
    assert "/accounts/login/" in page.url
    page.get_by_label("Username").fill("ivy")
    page.get_by_label("Password").fill("a-long-test-password-3")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/staff/$"))
    page.a11y()

    # The urgent request is at the top, even though the routine one is older.
    rows = page.locator(".queue-table tbody tr")
    assert rows.count() == 2
    assert urgent.reference in rows.nth(0).inner_text()
    assert "Right now" in rows.nth(0).inner_text()
    assert routine.reference in rows.nth(1).inner_text()

    rows.nth(0).get_by_role("link", name=urgent.reference).click()
    page.wait_for_url(re.compile(rf"/staff/requests/{urgent.pk}/$"))
    page.a11y()
    assert page.get_by_role("heading", name=re.compile("Safety screen")).is_visible()
    assert "thoughts of suicide right now" in page.locator(".safety-result").inner_text()

    page.get_by_role("button", name="Assign to me").click()
    page.wait_for_load_state()
    page.a11y()
    assert page.get_by_text("Assigned to you.").is_visible()

    attempt = page.locator("form", has=page.get_by_role("button", name="Record attempt"))
    attempt.get_by_label("How").select_option(label="Phone call")
    attempt.get_by_label("Result").select_option(label="Spoke with them")
    attempt.get_by_role("button", name="Record attempt").click()
    page.wait_for_load_state()
    page.a11y()
    assert page.get_by_text("Contact attempt recorded.").is_visible()
    assert "Phone call, spoke with them" in page.locator(".history").first.inner_text()

    closing = page.locator("form", has=page.get_by_role("button", name="Close request"))
    closing.get_by_label("Outcome").select_option(label="Booked")
    closing.get_by_role("button", name="Close request").click()
    page.wait_for_load_state()
    page.a11y()
    assert page.get_by_text("Request closed.").is_visible()
    assert "Closed: Booked" in page.locator(".review-meta").inner_text()

    urgent.refresh_from_db()
    assert (urgent.status, urgent.outcome, urgent.assigned_to) == ("closed", "booked", intake_staff)

    page.get_by_role("link", name="Dashboard").click()
    page.wait_for_url(re.compile(r"/staff/dashboard/$"))
    page.a11y()
    outcomes = page.get_by_role("table", name="Outcomes of closed requests")
    assert re.search(r"Booked\s+1", outcomes.inner_text())
    # Five intake figures and three about clinicians (clinicians/dashboard.py).
    assert page.locator("svg[role=img]").count() == 8


IVY = ("ivy", "a-long-test-password-3")


def sign_in(page, username, password):
    page.goto(page.site_url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    page.a11y()


def test_a_right_now_request_made_after_two_urgent_ones_is_first_in_the_queue(page, intake_staff):
    now = timezone.now()
    older = IntakeRequestFactory(urgent=True, created_at=now - dt.timedelta(hours=8))
    old = IntakeRequestFactory(urgent=True, created_at=now - dt.timedelta(hours=5))
    right_now = IntakeRequestFactory(right_now=True, created_at=now - dt.timedelta(minutes=10))

    sign_in(page, *IVY)
    page.goto(page.site_url + "/staff/")
    rows = page.locator(".queue-table tbody tr")
    assert [rows.nth(i).locator("th a").inner_text() for i in range(3)] == [
        right_now.reference,
        older.reference,
        old.reference,
    ]
    badge = rows.nth(0).locator(".tier-acute")
    assert badge.inner_text().endswith("Right now")
    # The strongest weight in the queue: solid crisis red, more than the urgent badge.
    acute_bg = badge.evaluate("e => getComputedStyle(e).backgroundColor")
    urgent_bg = (
        rows.nth(1).locator(".tier-urgent").evaluate("e => getComputedStyle(e).backgroundColor")
    )
    assert acute_bg == "rgb(122, 31, 31)"
    assert urgent_bg != acute_bg


def test_escape_in_a_staff_note_keeps_the_page_and_the_note(page, intake_staff):
    match_request = IntakeRequestFactory(urgent=True)
    sign_in(page, *IVY)
    url = page.site_url + f"/staff/requests/{match_request.pk}/"
    page.goto(url)
    assert page.locator("[data-quick-exit]").count() == 0
    assert page.get_by_role("region", name="Crisis support").count() == 0
    note = page.get_by_role("textbox", name="Note")
    note.fill("Called twice; will try again after 3 pm")
    note.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_timeout(1000)  # time enough for any navigation to start
    assert page.url == url
    assert note.input_value() == "Called twice; will try again after 3 pm"
    page.get_by_role("button", name="Add note").click()
    page.wait_for_load_state()
    page.a11y()
    assert (
        "Called twice; will try again after 3 pm" in page.locator("#notes-heading + *").inner_text()
    )


def test_escape_in_the_admin_stays_in_the_admin(page, django_user_model):
    django_user_model.objects.create_superuser("root", password="a-long-test-password-9")
    sign_in(page, "root", "a-long-test-password-9")
    url = page.site_url + "/admin/practice/practice/1/change/"
    page.goto(url)
    phone = page.get_by_label("Phone")
    phone.fill("(651) 555-0199")
    phone.press("Escape")
    page.wait_for_timeout(1000)
    assert page.url == url
    assert phone.input_value() == "(651) 555-0199"
