"""Condition pages as a person on a phone sees them."""

import re
from urllib.parse import parse_qs, urlparse

import pytest


def watch_csp(page) -> list[str]:
    """Collect Content Security Policy violations the page reports."""
    seen: list[str] = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and seen.append(message.text),
    )
    return seen


def test_a_person_on_a_phone_reads_the_self_harm_page_and_asks_for_a_match(page):
    violations = watch_csp(page)
    assert page.goto(page.site_url + "/conditions/self-harm/").status == 200

    # 988 is on screen without scrolling, in the page's own crisis notice.
    notice = page.locator("[data-crisis-notice]")
    call = notice.get_by_role("link", name="Call 988")
    assert call.get_attribute("href") == "tel:988"
    assert notice.get_by_role("link", name="Text 988").get_attribute("href") == "sms:988"
    assert notice.get_by_role("link", name="Call 911").get_attribute("href") == "tel:911"
    assert page.evaluate("window.scrollY") == 0
    box = call.bounding_box()
    viewport = page.viewport_size
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], box
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], box

    # The FAQ opens without any script of ours.
    question = page.get_by_text("Does self-harm mean someone is suicidal?")
    answer = page.get_by_text("Non-suicidal self-injury (NSSI)", exact=False)
    assert not answer.is_visible()
    question.click()
    assert answer.is_visible()
    assert page.locator("details.faq").first.get_attribute("open") is not None

    cta = page.get_by_role("link", name="Get matched with a therapist who works with self-harm")
    cta.click()
    page.wait_for_url(re.compile(r"/get-matched/\?"))
    page.a11y()
    url = urlparse(page.url)
    assert url.path == "/get-matched/"
    assert parse_qs(url.query) == {"concern": ["self-harm"]}
    assert violations == []


def test_the_faq_works_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    assert page.goto(site.url + "/conditions/self-harm/").status == 200
    answer = page.get_by_text("Calmly, without panic or judgment.", exact=False)
    assert not answer.is_visible()
    page.get_by_text("How should I respond if someone tells me they self-harm?").click()
    assert answer.is_visible()
    context.close()


def test_the_list_leads_to_each_condition(page):
    violations = watch_csp(page)
    assert page.goto(page.site_url + "/conditions/").status == 200
    links = page.locator(".condition-card h2 a")
    assert links.count() >= 6
    page.get_by_role("link", name="Trauma and PTSD").click()
    page.wait_for_url("**/conditions/trauma-ptsd/")
    page.a11y()
    assert page.get_by_role("heading", level=1).inner_text() == "Trauma and PTSD"
    assert violations == []


@pytest.mark.parametrize(
    "path",
    [
        "/conditions/",
        "/conditions/self-harm/",
        "/conditions/anxiety/",
        "/conditions/depression/",
        "/conditions/trauma-ptsd/",
        "/conditions/borderline-personality-disorder/",
        "/conditions/eating-disorders/",
        "/",
    ],
)
def test_condition_pages_fit_a_phone_and_pass_axe(page, path):
    violations = watch_csp(page)
    assert page.goto(page.site_url + path).status == 200  # axe runs here
    if path.startswith("/conditions/") and path != "/conditions/":
        assert page.locator("details.faq").count() >= 4
        assert page.locator("[data-crisis-notice]").is_visible()
    for details in page.locator("details").all():
        details.locator("summary").click()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{path} is {width}px wide on a 390px screen"
    page.a11y()  # again, with every answer open
    assert violations == []
