"""Errors a person can find: the summary first and focused, each link leading to its question."""

import pytest

from tests.e2e.conftest import PHONE
from tests.e2e.test_get_matched import (
    answer_safety,
    dbt_clinicians,  # noqa: F401 - a fixture, used by name
    fill_telehealth_minnesota_aetna_adult_who_prefers_dbt,
    submit,
)


def box(locator) -> dict:
    assert locator.is_visible(), f"{locator} is not visible"
    return locator.bounding_box()


def is_focused(locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def send_as_it_is(page):
    """Send the form with nothing checked in the browser, as a page without its scripts
    would (the steps would not let a person leave questions marked * empty)."""
    with page.expect_navigation():
        # (The form's own `submit` is its button, named "submit".)
        page.locator("#get-matched-form").evaluate(
            "form => HTMLFormElement.prototype.submit.call(form)"
        )
    page.a11y()


def test_the_form_shown_again_with_errors_fits_a_phone_and_starts_with_the_summary(page):
    page.goto(page.site_url + "/get-matched/?concern=self-harm")
    send_as_it_is(page)

    summary = page.get_by_role("alert").filter(has_text="Please check")
    assert box(summary)["y"] < PHONE["height"], "the error summary is in the first screen"
    assert is_focused(summary)
    assert page.title().startswith("Please check your answers")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_an_error_link_takes_a_person_to_the_question_and_its_message(page):
    page.goto(page.site_url + "/get-matched/")
    send_as_it_is(page)

    page.get_by_role(
        "link", name="Safety question 1: Please choose an answer: yes, no, or rather not say."
    ).click()
    question = page.get_by_role(
        "group", name="In the past few weeks, have you wished you were dead?"
    )
    assert is_focused(question.get_by_label("Yes"))
    # Wait for any scrolling to settle (the same position over several frames).
    arrived = question.locator("legend").evaluate(
        """legend => new Promise(resolve => {
            const deadline = performance.now() + 3000;
            let last = null, still = 0;
            const check = () => {
                const top = legend.getBoundingClientRect().top;
                still = top === last ? still + 1 : 0;
                last = top;
                if (still >= 5) resolve(top >= 0 && top < window.innerHeight);
                else if (performance.now() > deadline) resolve(false);
                else requestAnimationFrame(check);
            };
            check();
        })"""
    )
    assert arrived, "the question is on screen"
    message = box(question.get_by_text("Please choose an answer: yes, no, or rather not say."))
    assert message["y"] + message["height"] <= PHONE["height"], "its message is on screen too"


@pytest.mark.usefixtures("dbt_clinicians")
def test_sending_the_results_without_a_choice_says_so_first(page):
    page.goto(page.site_url + "/get-matched/?concern=self-harm")
    answer_safety(page, right_now=False)
    fill_telehealth_minnesota_aetna_adult_who_prefers_dbt(page)
    submit(page, "Show my matches")
    submit(page, "Ask for the therapists I chose")

    error = page.get_by_role("alert").filter(has_text="Choose one to three therapists")
    assert box(error)["y"] < PHONE["height"], "the message is in the first screen"
    assert is_focused(error)
    assert page.title().startswith("Please check your choice")
