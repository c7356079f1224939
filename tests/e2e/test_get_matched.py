"""The whole loop on a phone: a condition page, the form, matches, a choice, a reference."""

import importlib.util
import re
from pathlib import Path

import pytest
from django.core.cache import cache

from intake.models import MatchRequest
from tests.factories import ClinicianFactory

# The same steps `make screenshots` takes (tools/screenshots.py).
_spec = importlib.util.spec_from_file_location(
    "screenshots", Path(__file__).resolve().parents[2] / "tools/screenshots.py"
)
_steps = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_steps)
answer_safety = _steps.answer_safety
step_to = _steps.step_to
FIRST_FOUR = _steps.FIRST_FOUR
fill_telehealth_minnesota_aetna_adult_who_prefers_dbt = (
    _steps.fill_telehealth_minnesota_aetna_adult_who_prefers_dbt
)

REFERENCE = re.compile(r"ELL-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}")


@pytest.fixture
def dbt_clinicians(site):
    cache.clear()
    return [
        ClinicianFactory(
            first_name="Maya",
            last_name="Okafor",
            credentials="LICSW",
            specialties=["self-harm:primary"],
            modalities=["dbt"],
            carriers=["aetna"],
        ),
        ClinicianFactory(
            first_name="Jonah",
            last_name="Berg",
            credentials="LPCC",
            pronouns="he/him",
            gender="man",
            specialties=["self-harm"],
            modalities=["dbt", "cbt"],
            carriers=["aetna", "medica"],
        ),
        ClinicianFactory(
            first_name="Rosa",
            last_name="Delgado",
            credentials="PsyD",
            specialties=["depression"],
            modalities=["cbt"],
            carriers=["aetna"],
        ),
    ]


def open_the_form_from_the_self_harm_page(page):
    """Arrive on the self-harm page and follow its call to action."""
    response = page.goto(page.site_url + "/conditions/self-harm/")
    assert response.status == 200
    cta = page.get_by_role("link", name="Get matched with a therapist who works with self-harm")
    cta.first.click()
    page.wait_for_url(re.compile(r"/get-matched/\?concern=self-harm"))
    page.a11y()
    assert page.get_by_role("heading", name="Get matched with a therapist").is_visible()


def submit(page, button: str):
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()
    page.a11y()


def test_a_person_walks_from_the_self_harm_page_to_a_reference_code(page, dbt_clinicians):
    open_the_form_from_the_self_harm_page(page)
    assert page.get_by_label("Self-harm").is_checked()
    assert page.get_by_role("heading", name=re.compile("not watched around the clock")).is_visible()
    answer_safety(page, right_now=False)
    fill_telehealth_minnesota_aetna_adult_who_prefers_dbt(page)
    submit(page, "Show my matches")

    assert page.url == page.site_url + "/get-matched/results/"
    cards = page.locator(".match-card")
    assert cards.count() == 3
    first = cards.nth(0)
    assert "Maya Okafor" in first.inner_text()
    for reason in [
        "Works with self-harm as a primary focus",
        "Trained in DBT",
        "In network with Aetna",
    ]:
        assert first.get_by_text(reason).is_visible()
    page.get_by_label("Ask for Maya Okafor, LICSW").check()
    page.get_by_label("Ask for Jonah Berg, LPCC").check()
    submit(page, "Ask for the therapists I chose")

    assert page.url == page.site_url + "/get-matched/done/"
    request = MatchRequest.objects.get()
    code = page.locator(".reference-code").inner_text().strip()
    assert REFERENCE.fullmatch(code)
    assert code == request.reference
    assert page.get_by_text("What happens next").is_visible()
    assert set(request.chosen_matches().values_list("clinician_name", flat=True)) == {
        "Maya Okafor, LICSW",
        "Jonah Berg, LPCC",
    }
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390


def test_a_yes_to_right_now_shows_988_first(page, dbt_clinicians):
    page.goto(page.site_url + "/get-matched/?concern=self-harm")
    answer_safety(page, right_now=True)
    fill_telehealth_minnesota_aetna_adult_who_prefers_dbt(page)
    submit(page, "Show my matches")

    main = page.locator("main")
    assert main.locator("h1").first.inner_text() == "Please reach out for help right now"
    call = main.get_by_role("link", name="Call 988")
    text = main.get_by_role("link", name="Text 988")
    assert call.get_attribute("href") == "tel:988"
    assert text.get_attribute("href") == "sms:988"
    assert main.get_by_role("link", name="Call 911").get_attribute("href") == "tel:911"
    call_box = call.bounding_box()
    assert call_box["y"] + call_box["height"] <= 844, "988 is on the first screen"
    first_match = page.locator(".match-card").first.bounding_box()
    assert call_box["y"] < first_match["y"]
    assert MatchRequest.objects.get().urgent


def test_right_now_is_asked_after_a_yes_or_a_refusal(page, dbt_clinicians):
    page.goto(page.site_url + "/get-matched/")
    right_now = page.get_by_role("group", name=re.compile("right now"))
    first = page.get_by_role("group", name=re.compile(FIRST_FOUR[0]))
    step_to(page, page.get_by_role("group", name=re.compile(FIRST_FOUR[0]), include_hidden=True))
    assert not right_now.is_visible(), "not asked before any yes"
    first.get_by_label("I'd rather not say").check()
    assert right_now.is_visible()
    right_now.get_by_label("No", exact=True).check()
    first.get_by_label("No", exact=True).check()
    assert not right_now.is_visible()
    page.get_by_role("group", name=re.compile(FIRST_FOUR[3])).get_by_label(
        "Yes", exact=True
    ).check()
    assert right_now.is_visible()
    assert not right_now.get_by_label("No", exact=True).is_checked(), "a hidden answer is cleared"
    page.a11y()


def send_with_two_mistakes_only_the_server_sees(page) -> None:
    """A ZIP code outside the state, and a call asked for without a phone number."""
    page.goto(page.site_url + "/get-matched/?concern=self-harm")
    answer_safety(page, right_now=False)
    fill_telehealth_minnesota_aetna_adult_who_prefers_dbt(page)
    contact = page.get_by_role("group", name=re.compile("contact you first"))
    contact.get_by_label("Phone call").check()
    step_to(page, page.get_by_label("ZIP code"))
    page.get_by_label("ZIP code").fill("90210")
    step_to(page, page.get_by_role("button", name="Show my matches", include_hidden=True))
    submit(page, "Show my matches")


def test_mistakes_are_explained_and_answers_kept_on_a_phone(page, dbt_clinicians):
    send_with_two_mistakes_only_the_server_sees(page)

    summary = page.get_by_role("alert").filter(has_text="Please check 2 answers")
    assert summary.is_visible()
    assert page.get_by_text("That ZIP code is not in the state you chose").first.is_visible()
    # On another step now (the first mistake's is open), still checked.
    kept = page.get_by_role("group", name=re.compile("contact you first"), include_hidden=True)
    assert kept.get_by_label("Phone call").is_checked()
    assert page.get_by_label("Self-harm").is_checked()
    assert page.get_by_label("Email address").input_value() == "robin@example.org"
    assert page.get_by_label(re.compile(r"DBT \(Dialectical")).is_checked()
    assert page.get_by_label("Your insurance").input_value() == "aetna"
    assert MatchRequest.objects.count() == 0


def test_the_form_works_without_javascript(browser, site, dbt_clinicians):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site.url + "/get-matched/?concern=self-harm")
    # Without JavaScript "right now" is always shown, saying when it applies.
    assert page.get_by_role("group", name=re.compile("right now")).is_visible()
    assert page.get_by_text("Answer this question only if you answered yes").is_visible()
    answer_safety(page, right_now=False)
    fill_telehealth_minnesota_aetna_adult_who_prefers_dbt(page)
    page.get_by_role("button", name="Show my matches").click()
    page.wait_for_url(site.url + "/get-matched/results/")
    page.get_by_role("button", name="Let staff choose for me").click()
    page.wait_for_url(site.url + "/get-matched/done/")
    assert REFERENCE.search(page.locator(".reference-code").inner_text())
    context.close()
