"""The page shell a person sees first: crisis strip, quick exit, phone layout."""

import re

from intake.views import RESULTS_COOKIE
from tests.factories import IntakeRequestFactory

QUICK_EXIT = re.compile("Leave this site")


def test_home_shows_the_crisis_strip_on_a_phone(page):
    page.goto(page.site_url + "/")
    strip = page.get_by_role("region", name="Crisis support")
    assert strip.is_visible()
    assert strip.get_by_role("link", name="Call 988").get_attribute("href") == "tel:988"
    assert strip.get_by_role("link", name="Text 988").get_attribute("href") == "sms:988"
    assert strip.get_by_role("link", name="Call 911").get_attribute("href") == "tel:911"
    box = strip.bounding_box()
    assert box["y"] < 100, "the crisis strip is at the top of the page"


def test_quick_exit_button_leaves_the_site(page):
    page.goto(page.site_url + "/crisis/")
    page.get_by_role("button", name=QUICK_EXIT).click()
    page.wait_for_url("https://www.weather.gov/")
    assert page.title() == "Elsewhere"


def test_escape_key_leaves_the_site_and_back_does_not_return(page):
    page.goto(page.site_url + "/")
    page.goto(page.site_url + "/conditions/")
    page.keyboard.press("Escape")
    page.wait_for_url("https://www.weather.gov/")
    page.go_back()
    assert page.url == page.site_url + "/", "the page left was replaced in the history"


def results_device(page):
    """The browser holds the results cookie of a request it made."""
    match_request = IntakeRequestFactory()
    page.context.add_cookies(
        [
            {
                "name": RESULTS_COOKIE,
                "value": match_request.results_token,
                "url": page.site_url + "/get-matched/",
                "httpOnly": True,
            }
        ]
    )
    page.goto(page.site_url + "/get-matched/results/")
    assert match_request.reference in page.locator(".reference").inner_text()
    return match_request


def test_leaving_clears_the_results_on_this_device(page):
    page.goto(page.site_url + "/")
    results_device(page)
    page.keyboard.press("Escape")
    page.wait_for_url("https://www.weather.gov/")
    assert not [c for c in page.context.cookies() if c["name"] == RESULTS_COOKIE]
    # The next person at this device cannot reopen them: Back skips the results page (it
    # was replaced in the history), and opening it again finds nothing.
    page.go_back()
    assert page.url == page.site_url + "/"
    response = page.goto(page.site_url + "/get-matched/results/")
    assert response.status == 404
    assert page.get_by_role("heading", name="This page has closed").is_visible()


def test_forget_this_on_this_device_closes_the_results(page):
    results_device(page)
    page.get_by_role("button", name="Forget this on this device").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="This device has forgotten your matches").is_visible()
    page.a11y()
    assert not [c for c in page.context.cookies() if c["name"] == RESULTS_COOKIE]
    response = page.goto(page.site_url + "/get-matched/results/")
    assert response.status == 404


def test_the_quick_exit_button_clears_the_results_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    context.route(
        "https://www.weather.gov/**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<title>Elsewhere</title>"
        ),
    )
    match_request = IntakeRequestFactory()
    context.add_cookies(
        [
            {
                "name": RESULTS_COOKIE,
                "value": match_request.results_token,
                "url": site.url + "/get-matched/",
            }
        ]
    )
    page = context.new_page()
    assert page.goto(site.url + "/get-matched/results/").status == 200
    page.get_by_role("button", name=QUICK_EXIT).click()
    page.wait_for_url("https://www.weather.gov/")
    assert page.goto(site.url + "/get-matched/results/").status == 404
    context.close()


def test_quick_exit_works_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    context.route(
        "https://www.weather.gov/**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<title>Elsewhere</title>"
        ),
    )
    page = context.new_page()
    page.goto(site.url + "/")
    page.get_by_role("button", name=QUICK_EXIT).click()
    page.wait_for_url("https://www.weather.gov/")
    context.close()


def test_nothing_overflows_horizontally_at_390_pixels(page):
    for path in ["/", "/crisis/", "/no-such-page/"]:
        page.goto(page.site_url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width}px wide on a 390px screen"


def test_not_found_page_keeps_the_crisis_strip(page):
    response = page.goto(page.site_url + "/no-such-page/")
    assert response.status == 404
    assert page.get_by_role("region", name="Crisis support").is_visible()
