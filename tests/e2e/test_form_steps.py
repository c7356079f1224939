"""Get matched in steps on a phone: with JavaScript one section at a time, with the crisis
line on every step; without it the same form on one page. The results page's choose button
and its five first matches work without JavaScript too."""

import re

import pytest
from django.core.cache import cache

from intake.models import MatchRequest
from tests.e2e.conftest import PHONE
from tests.e2e.test_get_matched import (
    FIRST_FOUR,
    answer_safety,
    dbt_clinicians,  # noqa: F401 - a fixture, used by name
    fill_telehealth_minnesota_aetna_adult_who_prefers_dbt,
    send_with_two_mistakes_only_the_server_sees,
    step_to,
    submit,
)
from tests.factories import ClinicianFactory

URL = "/get-matched/?concern=self-harm"
SECTIONS = [
    "What you would like help with",
    "A few questions about your safety",
    "Where and how you would like to meet",
    "Paying for sessions",
    "About the person coming to therapy",
    "Your preferences (optional)",
    "How to reach you",
]


def on_screen(locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


def is_focused(locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def shown_sections(page) -> list[str]:
    return [
        name
        for name in SECTIONS
        if page.get_by_role("heading", name=name, exact=True, level=2).is_visible()
    ]


def crisis_line_in_view(page) -> bool:
    head = page.locator(".form-steps-head")
    links = [head.get_by_role("link", name=name) for name in ("Call 988", "Text 988", "Call 911")]
    return all(on_screen(link) for link in links) and links[0].get_attribute("href") == "tel:988"


def test_with_javascript_the_form_shows_one_section_at_a_time(page):
    page.goto(page.site_url + URL)
    progress = page.get_by_role("status").filter(has_text=re.compile(r"^Step \d of 7$"))
    back = page.get_by_role("button", name="Back", exact=True)
    next_ = page.get_by_role("button", name="Next", exact=True)
    send = page.get_by_role("button", name="Show my matches", include_hidden=True)
    assert shown_sections(page) == SECTIONS[:1]
    assert progress.inner_text() == "Step 1 of 7"
    assert next_.is_visible() and not back.is_visible() and not send.is_visible()
    # Before any question: the limits of confidentiality and the crisis help, as on one page.
    assert page.get_by_role("heading", name=re.compile("limits of confidentiality")).is_visible()
    assert page.get_by_text(re.compile("it takes about 4 minutes")).is_visible()

    def now_on(number: int) -> None:
        name = SECTIONS[number - 1]
        assert shown_sections(page) == [name], name
        assert progress.inner_text() == f"Step {number} of 7"
        heading = page.get_by_role("heading", name=name, exact=True, level=2)
        assert is_focused(heading), f"focus moves to the heading of {name}"
        assert on_screen(heading)
        assert crisis_line_in_view(page), f"988 and 911 are on screen at {name}"
        assert back.is_visible()
        page.a11y()

    next_.click()
    now_on(2)
    answer_safety(page)
    next_.click()
    now_on(3)
    page.get_by_label("Telehealth (video)").check()
    page.get_by_label("State you will be in during sessions").select_option("MN")
    next_.click()
    now_on(4)
    page.get_by_label("With my insurance").check()
    page.get_by_label("Your insurance").select_option(label="Aetna")
    next_.click()
    now_on(5)
    page.get_by_label("Date of birth").fill("1990-04-17")
    next_.click()
    now_on(6)
    next_.click()
    now_on(7)
    assert send.is_visible() and not next_.is_visible()
    page.get_by_label("First name").fill("Robin")
    page.get_by_label("Email address").fill("robin@example.org")
    page.get_by_role("group", name=re.compile("contact you first")).get_by_label("Email").check()
    page.get_by_label(re.compile("I agree")).check()

    # Going back keeps every answer.
    step_to(page, page.get_by_role("group", name=re.compile(FIRST_FOUR[0]), include_hidden=True))
    assert progress.inner_text() == "Step 2 of 7"
    for question in FIRST_FOUR:
        group = page.get_by_role("group", name=re.compile(question))
        assert group.get_by_label("No", exact=True).is_checked()
    assert page.get_by_label("Telehealth (video)").is_checked()
    step_to(page, send)
    assert page.get_by_label("First name").input_value() == "Robin"
    submit(page, "Show my matches")
    assert page.url == page.site_url + "/get-matched/results/"
    assert MatchRequest.objects.get().first_name == "Robin"


def test_next_waits_for_the_safety_questions_and_keeps_to_the_asq(page):
    page.goto(page.site_url + URL)
    next_ = page.get_by_role("button", name="Next", exact=True)
    next_.click()
    next_.click()  # nothing answered yet
    progress = page.get_by_role("status").filter(has_text="of 7")
    assert progress.inner_text() == "Step 2 of 7", "the safety questions cannot be skipped"
    assert page.get_by_role("alert").filter(has_text="questions marked *").is_visible()
    first = page.get_by_role("group", name=re.compile(FIRST_FOUR[0]))
    assert is_focused(first.get_by_label("Yes", exact=True))
    assert first.get_by_label("Yes", exact=True).get_attribute("aria-invalid") == "true"
    page.a11y()

    # Four noes: "right now" is not asked (asq.js hides it), so Next goes on.
    answer_safety(page)
    next_.click()
    assert progress.inner_text() == "Step 3 of 7"

    # A yes brings "right now", which must then be answered before going on.
    page.get_by_role("button", name="Back", exact=True).click()
    first.get_by_label("Yes", exact=True).check()
    right_now = page.get_by_role("group", name=re.compile("right now"))
    assert right_now.is_visible()
    next_.click()
    assert progress.inner_text() == "Step 2 of 7"
    assert is_focused(right_now.get_by_label("Yes", exact=True))


def test_a_yes_to_right_now_shows_crisis_help_in_the_step_at_once(page):
    page.goto(page.site_url + URL)
    answer_safety(page, right_now=True)
    help_now = page.locator("[data-asq-now]")
    assert help_now.get_by_role("heading", name="Please reach out for help right now").is_visible()
    call = help_now.get_by_role("link", name="Call 988")
    assert call.get_attribute("href") == "tel:988"
    assert help_now.get_by_role("link", name="Text 988").get_attribute("href") == "sms:988"
    assert help_now.get_by_role("link", name="Call 911").get_attribute("href") == "tel:911"
    page.a11y()
    right_now = page.get_by_role("group", name=re.compile("right now"))
    right_now.get_by_label("No", exact=True).check()
    assert not help_now.is_visible()


@pytest.mark.usefixtures("dbt_clinicians")
def test_mistakes_from_the_server_open_their_step_and_each_link_opens_its_own(page):
    send_with_two_mistakes_only_the_server_sees(page)
    contact = page.get_by_role("group", name=re.compile("contact you first"), include_hidden=True)

    summary = page.get_by_role("alert").filter(has_text="Please check 2 answers")
    assert is_focused(summary) and on_screen(summary)
    progress = page.get_by_role("status").filter(has_text="of 7")
    assert progress.inner_text() == "Step 3 of 7", "the step of the first mistake is open"
    assert page.get_by_label("ZIP code").input_value() == "90210"

    summary.get_by_role("link", name=re.compile("please add a phone number")).click()
    assert progress.inner_text() == "Step 7 of 7"
    assert is_focused(contact.get_by_label("Phone call"))
    assert contact.get_by_label("Phone call").is_checked(), "the answer is kept"
    page.a11y()
    summary.get_by_role("link", name=re.compile("ZIP code is not in the state")).click()
    assert progress.inner_text() == "Step 3 of 7"
    assert is_focused(page.get_by_label("ZIP code"))
    assert MatchRequest.objects.count() == 0


def test_without_javascript_the_form_is_one_page(browser, site):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(site.url + URL)
    assert shown_sections(page) == SECTIONS
    assert page.get_by_role("button", name="Show my matches").is_visible()
    assert page.get_by_role("button", name="Next", exact=True).count() == 0
    assert page.get_by_text(re.compile(r"Step \d of \d")).count() == 0
    # The help that asq.js shows at once waits for the next page without JavaScript.
    assert not page.locator("[data-asq-now]").is_visible()
    context.close()


@pytest.fixture
def many_fits(site):
    cache.clear()
    fits = {"specialties": ["self-harm:primary"], "modalities": ["dbt"], "carriers": ["aetna"]}
    return ClinicianFactory.create_batch(8, **fits)


@pytest.mark.usefixtures("many_fits")
def test_without_javascript_the_results_show_five_then_more_and_the_choose_button_stays(
    browser, site
):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, is_mobile=True)
    page = context.new_page()
    page.goto(site.url + URL)
    answer_safety(page)
    fill_telehealth_minnesota_aetna_adult_who_prefers_dbt(page)
    page.get_by_role("button", name="Show my matches").click()
    page.wait_for_url(site.url + "/get-matched/results/")

    cards = page.locator(".match-card")
    assert cards.count() == 8
    assert [cards.nth(n).is_visible() for n in range(8)] == [True] * 5 + [False] * 3
    button = page.get_by_role("button", name="Ask for the therapists I chose")
    height = page.evaluate("document.documentElement.scrollHeight")
    for scroll in (0, 600, height // 2):
        page.evaluate(f"window.scrollTo(0, {scroll})")
        assert on_screen(button), f"the choose button is in reach at {scroll}px"
    page.get_by_text("Show 3 more matches").click()
    assert all(cards.nth(n).is_visible() for n in range(8))
    page.locator(".match-card").nth(6).get_by_role("checkbox").check()
    page.locator(".match-card").nth(0).get_by_role("checkbox").check()
    assert on_screen(button)
    button.click()
    page.wait_for_url(site.url + "/get-matched/done/")
    assert len(MatchRequest.objects.get().chosen_matches()) == 2
    context.close()
