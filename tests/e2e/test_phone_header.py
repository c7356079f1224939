"""The header on a phone: help and the way out in the first screen, and room left for the page.

A person in distress on a phone must see the crisis line, "Leave this site" and the three main
links without scrolling, each big enough to tap (44px), and the page they came for must start
soon after. Nothing on a public page may be wider than the 390px screen.
"""

import pytest

from tests.e2e.conftest import PHONE
from tests.factories import ClinicianFactory

HEADER_MAX = 150  # px from the top of the page to the start of <main>
TARGET = 44  # px: the smallest comfortable tap target
NUMBERS_ES = ["Llame al 988", "Mensaje al 988", "Llame al 911"]

PUBLIC_PAGES = [
    "/",
    "/crisis/",
    "/conditions/",
    "/conditions/self-harm/",
    "/clinicians/",
    "/clinicians/?state=MN&format=telehealth&carrier=aetna",
    "/clinicians/ingrid-dahl/",
    "/clinicians/sam-berg/",
    "/get-matched/?concern=self-harm",
    "/no-such-page/",
]


@pytest.fixture
def clinicians(site):
    ClinicianFactory(first_name="Ingrid", last_name="Dahl", slug="ingrid-dahl", not_accepting=True)
    ClinicianFactory(first_name="Sam", last_name="Berg", slug="sam-berg", carriers=["aetna"])


def box(locator) -> dict:
    assert locator.is_visible(), f"{locator} is not visible"
    return locator.bounding_box()


def assert_in_first_screen_and_tappable(locator, name: str) -> None:
    found = box(locator)
    assert found["y"] >= 0 and found["y"] + found["height"] <= PHONE["height"], (
        f"{name} is not in the first screen: {found}"
    )
    assert found["height"] >= TARGET and found["width"] >= TARGET, (
        f"{name} is {found['width']:.0f}x{found['height']:.0f}px, smaller than {TARGET}px"
    )


def assert_nothing_overflows(page, path: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{path} is {width}px wide on a {PHONE['width']}px screen"


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_the_phone_header_shows_help_the_way_out_and_the_main_links_first(page, clinicians, path):
    page.goto(page.site_url + path)

    strip = page.get_by_role("region", name="Crisis support")
    for name in ["Call 988", "Text 988", "Call 911", "Get help now"]:
        assert_in_first_screen_and_tappable(
            strip.get_by_role("link", name=name, exact=True), f"the {name} link"
        )
    assert_in_first_screen_and_tappable(
        strip.get_by_role("button", name="Leave this site quickly (or press Esc)"),
        "Leave this site",
    )
    nav = page.get_by_role("navigation", name="Main")
    for name in ["Conditions", "Clinicians", "Get matched"]:
        assert_in_first_screen_and_tappable(nav.get_by_role("link", name=name, exact=True), name)

    main_top = page.evaluate("document.querySelector('main').getBoundingClientRect().top")
    assert main_top < HEADER_MAX, f"the header takes {main_top:.0f}px of a phone screen"
    assert_nothing_overflows(page, path)


@pytest.mark.parametrize("path", ["/es/", "/es/conditions/self-harm/", "/es/get-matched/"])
def test_the_spanish_phone_header_is_as_short_as_the_english_one(page, path):
    page.goto(page.site_url + path)

    strip = page.locator(".crisis-strip")
    numbers = [strip.get_by_role("link", name=name, exact=True) for name in NUMBERS_ES]
    tops = {round(box(link)["y"]) for link in numbers}
    assert len(tops) == 1, f"the three numbers wrap onto {len(tops)} rows"
    links = [*numbers, strip.locator(".crisis-help"), strip.locator(".quick-exit")]
    links += page.locator(".site-nav .nav-link").all()
    for link in links:
        assert_in_first_screen_and_tappable(link, link.inner_text())
    main_top = page.evaluate("document.querySelector('main').getBoundingClientRect().top")
    assert main_top < HEADER_MAX, f"the Spanish header takes {main_top:.0f}px of a phone screen"
    assert_nothing_overflows(page, path)
