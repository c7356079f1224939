"""How the site looks and reads on a phone: the first screen, the practice's pages, focus."""

import re

import pytest

from tests.e2e.test_get_matched import dbt_clinicians  # noqa: F401 (a fixture)

FIRST_SENTENCE_BOX = """() => {
  const p = document.querySelector('.condition-intro p');
  const text = p.firstChild;
  const end = text.textContent.indexOf('. ') + 1;
  const range = document.createRange();
  range.setStart(text, 0);
  range.setEnd(text, end);
  const r = range.getBoundingClientRect();
  return {sentence: range.toString(), top: r.top, bottom: r.bottom};
}"""


def test_the_self_harm_first_screen_holds_the_title_the_first_sentence_and_988(page):
    assert page.goto(page.site_url + "/conditions/self-harm/").status == 200
    height = page.viewport_size["height"]
    assert height == 844
    title = page.get_by_role("heading", level=1, name="Self-harm").bounding_box()
    sentence = page.evaluate(FIRST_SENTENCE_BOX)
    assert sentence["sentence"] == "Self-harm is not about seeking attention."
    notice = page.locator("main [data-crisis-notice]")
    call = notice.get_by_role("link", name="Call 988").bounding_box()
    text = notice.get_by_role("link", name="Text 988").bounding_box()
    for name, top, bottom in [
        ("title", title["y"], title["y"] + title["height"]),
        ("first sentence", sentence["top"], sentence["bottom"]),
        ("Call 988", call["y"], call["y"] + call["height"]),
        ("Text 988", text["y"], text["y"] + text["height"]),
    ]:
        assert top >= 0 and bottom <= height, f"{name} is not on the first screen: {top}–{bottom}"


def test_the_first_screen_does_not_read_as_an_error(page):
    """The crisis help is plain to see, but the page's top is calm: no red band across it."""
    page.goto(page.site_url + "/conditions/self-harm/")
    red = page.evaluate(
        """() => [...document.querySelectorAll('body *')].filter(el => {
             const r = el.getBoundingClientRect();
             if (r.top > 844 || r.width < 300 || r.height < 40) return false;
             const [R, G, B] = getComputedStyle(el).backgroundColor.match(/\\d+/g).map(Number);
             return R > 100 && R > G * 2 && R > B * 2;  // a strong red fill
           }).map(el => el.className)"""
    )
    assert red == []


@pytest.mark.parametrize(
    "path", ["/about/", "/locations/", "/what-to-expect/", "/fees-and-insurance/", "/privacy/"]
)
def test_the_practice_pages_fit_a_phone_pass_axe_and_are_linked_from_the_footer(page, path):
    assert page.goto(page.site_url + path).status == 200  # axe runs here
    assert page.locator("h1").count() == 1
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{path} is {width}px wide on a 390px screen"
    assert page.locator(f'footer a[href="{path}"]').count() == 1


def test_the_locations_page_shows_the_number_to_call(page):
    page.goto(page.site_url + "/locations/")
    phone = page.locator(".contact-panel .practice-phone")
    assert phone.is_visible()
    assert phone.get_attribute("href").startswith("tel:+1")


@pytest.mark.parametrize(
    ("path", "selector"),
    [
        ("/", ".site-nav .nav-link"),
        ("/get-matched/", "input[type=radio]"),
        ("/get-matched/", "input[type=checkbox]"),
        ("/get-matched/", "#id_zip_code"),
        ("/get-matched/", "select"),
        ("/", ".btn-primary"),
        ("/conditions/self-harm/", "details.faq summary"),
    ],
)
def test_every_kind_of_control_shows_a_focus_ring_of_at_least_3px(page, path, selector):
    page.goto(page.site_url + path)
    control = page.locator(selector).first
    if path.startswith("/get-matched/"):
        # The form is in steps: open the control's step, as a link in the error summary does.
        control.dispatch_event("ellie:reveal")
    control.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus by keyboard, so :focus-visible applies
    style = control.evaluate(
        "el => { const s = getComputedStyle(el);"
        " return {width: parseFloat(s.outlineWidth), style: s.outlineStyle,"
        " focused: document.activeElement === el}; }"
    )
    assert style["focused"], f"{selector} did not take focus"
    assert style["style"] != "none" and style["width"] >= 3, style


@pytest.mark.usefixtures("dbt_clinicians")
def test_the_choose_button_stays_in_reach_on_a_phone_and_counts_the_choices(page):
    from tests.e2e.test_get_matched import (
        answer_safety,
        fill_telehealth_minnesota_aetna_adult_who_prefers_dbt,
        submit,
    )

    page.goto(page.site_url + "/get-matched/?concern=self-harm")
    answer_safety(page, right_now=False)
    fill_telehealth_minnesota_aetna_adult_who_prefers_dbt(page)
    submit(page, "Show my matches")
    button = page.get_by_role("button", name=re.compile("Ask for the therapists I chose"))
    for scroll in (0, 400):
        page.evaluate(f"window.scrollTo(0, {scroll})")
        box = button.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 844, (scroll, box)
    page.get_by_label("Ask for Maya Okafor, LICSW").check()
    page.get_by_label("Ask for Jonah Berg, LPCC").check()
    assert button.inner_text().endswith("(2 chosen)")
    submit(page, re.compile("Ask for the therapists I chose"))
    assert page.url == page.site_url + "/get-matched/done/"
