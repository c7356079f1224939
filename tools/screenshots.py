"""Screenshots of the main flow on a phone, from a running server with demo content.

    python tools/screenshots.py http://127.0.0.1:8000 docs/screenshots [--full] [--width 390]

`make screenshots` runs it against a development server it starts itself. It drives the
system Chromium through Playwright: the home page, the self-harm page, the form, the results
of a made-up request (telehealth in Minnesota with Aetna, DBT preferred) and the first
match's profile, each as a person sees it on arriving (or the whole page, with --full).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


FIRST_FOUR = ["wished you were dead", "better off", "In the past week", "ever tried"]

# Whether `el` lies ahead of the step the form shows (static/js/steps.js): the button that
# sends the form comes after every step.
_AHEAD = """el => {
  const steps = [...document.querySelectorAll('fieldset[data-step]')];
  const mine = el.closest('fieldset[data-step]');
  return !mine || steps.indexOf(mine) > steps.findIndex(s => !s.hidden);
}"""


def step_to(page, target, *, back: str = "Back", next: str = "Next") -> None:  # noqa: A002
    """Show the step of the form that holds `target`, as a person would: Next (the steps
    before answered) or Back. Without JavaScript the form is one page: nothing to press.
    A `get_by_role` target needs `include_hidden=True`, to be found on a hidden step."""
    for _ in range(12):
        if target.is_visible():
            return
        ahead = target.evaluate(_AHEAD)
        page.get_by_role("button", name=next if ahead else back, exact=True).click()
    raise AssertionError(f"{target} did not show")


def answer_safety(page, *, right_now: bool = False) -> None:
    """No to the first four; with right_now, a yes to the first and then to "right now"
    (which the ASQ asks only after a yes)."""
    step_to(page, page.get_by_role("group", name=re.compile(FIRST_FOUR[0]), include_hidden=True))
    for n, question in enumerate(FIRST_FOUR):
        answer = "Yes" if right_now and n == 0 else "No"
        page.get_by_role("group", name=re.compile(question)).get_by_label(
            answer, exact=True
        ).check()
    if right_now:
        group = page.get_by_role("group", name=re.compile("right now"))
        group.get_by_label("Yes", exact=True).check()


def fill_telehealth_minnesota_aetna_adult_who_prefers_dbt(page) -> None:
    """A made-up adult in Minnesota, telehealth, with Aetna, who would like DBT, step by step
    when the form is in steps; it ends on the last step, with "Show my matches"."""
    step_to(page, page.get_by_label("Telehealth (video)"))
    page.get_by_label("Telehealth (video)").check()
    page.get_by_label("State you will be in during sessions").select_option("MN")
    step_to(page, page.get_by_label("With my insurance"))
    page.get_by_label("With my insurance").check()
    page.get_by_label("Your insurance").select_option(label="Aetna")
    step_to(page, page.get_by_label("Date of birth"))
    page.get_by_label("Date of birth").fill("1990-04-17")
    step_to(page, page.get_by_label(re.compile(r"DBT \(Dialectical")))
    page.get_by_label(re.compile(r"DBT \(Dialectical")).check()
    step_to(page, page.get_by_label("First name"))
    page.get_by_label("First name").fill("Robin")
    page.get_by_label("Email address").fill("robin@example.org")
    page.get_by_role("group", name=re.compile("contact you first")).get_by_label("Email").check()
    page.get_by_label(re.compile("I agree")).check()


def take(base: str, out: Path, *, width: int, height: int, full: bool) -> list[Path]:
    from playwright.sync_api import sync_playwright  # here, so tests can import the steps

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context(
            viewport={"width": width, "height": height}, device_scale_factor=2, is_mobile=True
        )
        page = context.new_page()
        page.set_default_timeout(20_000)

        def shot(name: str) -> None:
            page.evaluate("window.scrollTo(0, 0)")
            path = out / f"{name}.png"
            page.screenshot(path=str(path), full_page=full)
            written.append(path)

        page.goto(base + "/")
        shot("1-home")
        page.goto(base + "/conditions/self-harm/")
        shot("2-self-harm")
        page.get_by_role("link", name=re.compile("Get matched with a therapist who works")).click()
        page.wait_for_url(re.compile(r"/get-matched/"))
        shot("3-form")
        answer_safety(page)
        fill_telehealth_minnesota_aetna_adult_who_prefers_dbt(page)
        page.get_by_role("button", name="Show my matches").click()
        page.wait_for_url(re.compile(r"/get-matched/results/"))
        shot("4-results")
        page.locator(".match-card h3 a").first.click()
        page.wait_for_url(re.compile(r"/clinicians/[\w-]+/"))
        shot("5-profile")
        context.close()
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_url")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--width", type=int, default=390)
    parser.add_argument("--height", type=int, default=844)
    parser.add_argument("--full", action="store_true", help="whole pages, not the first screen")
    args = parser.parse_args()
    base = args.base_url.rstrip("/")
    size = {"width": args.width, "height": args.height}
    for path in take(base, args.out_dir, **size, full=args.full):
        print(path)


if __name__ == "__main__":
    main()
