"""The page shell a person sees first: crisis strip, quick exit, phone layout."""

import re


def test_home_shows_the_crisis_strip_on_a_phone(page):
    page.goto(page.site_url + "/")
    strip = page.get_by_role("region", name="Crisis support")
    assert strip.is_visible()
    assert strip.get_by_role("link", name="988").get_attribute("href") == "tel:988"
    assert strip.get_by_role("link", name="911").get_attribute("href") == "tel:911"
    box = strip.bounding_box()
    assert box["y"] < 100, "the crisis strip is at the top of the page"


def test_quick_exit_link_leaves_the_site(page):
    page.goto(page.site_url + "/crisis/")
    page.get_by_role("link", name=re.compile("Leave this site")).click()
    page.wait_for_url("https://www.weather.gov/")
    assert page.title() == "Elsewhere"


def test_escape_key_leaves_the_site(page):
    page.goto(page.site_url + "/")
    page.keyboard.press("Escape")
    page.wait_for_url("https://www.weather.gov/")


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
    page.get_by_role("link", name=re.compile("Leave this site")).click()
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
