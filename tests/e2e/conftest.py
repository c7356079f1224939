"""Browser tests: pytest-django's live_server driven by the system Chromium.

Without Chromium (or Playwright) these tests skip with the reason, unless
E2E_REQUIRED=1, when they fail instead (CI sets it).
"""

import json
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
REQUIRED = os.environ.get("E2E_REQUIRED") == "1"
PHONE = {"width": 390, "height": 844}


def _missing_reason() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed"
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)"
    return None


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    reason = _missing_reason()
    if reason:
        if REQUIRED:
            pytest.fail(f"Browser tests are required (E2E_REQUIRED=1): {reason}")
        pytest.skip(reason)
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Starting Playwright resumes this code in another contextvars context, where Django
    # would open fresh database connections without the test database's serialized
    # contents (so `site` could not restore migration data). Keep the same connections.
    kept = {alias: connections[alias] for alias in connections}
    with sync_playwright() as pw:
        for alias, connection in kept.items():
            connections[alias] = connection
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, django_db_serialized_rollback):
    """The live server, with data from migrations restored after each test."""
    return live_server


class Axe:
    """axe-core, shipped inside the axe-playwright-python wheel (no CDN)."""

    def __init__(self):
        import axe_playwright_python

        self.source = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()

    def serious_violations(self, page) -> list[dict]:
        page.evaluate(self.source)
        result = page.evaluate("async () => await axe.run(document)")
        return [v for v in result["violations"] if v.get("impact") in ("serious", "critical")]


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def page(browser, site, axe):
    """A phone-sized page on the live server.

    Every page of ours it shows must pass axe (no serious or critical violations):
    `page.goto` checks after loading; after a click that navigates, call
    `page.a11y()`. At the end the test fails if a page it visited was never checked.
    """
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True)
    # Nothing leaves the machine: other hosts get a blank stand-in page.
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(site.url)
            else route.fulfill(
                status=200, content_type="text/html", body="<title>Elsewhere</title>"
            )
        ),
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    visited: set[str] = set()
    checked: set[str] = set()
    problems: list[str] = []

    def ours(url: str) -> bool:
        return url.startswith(site.url)

    def a11y() -> None:
        url = page.url
        if not ours(url):
            return
        checked.add(url)
        violations = axe.serious_violations(page)
        if violations:
            summary = [
                {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
                for v in violations
            ]
            problems.append(f"{url}: {json.dumps(summary)}")

    original_goto = page.goto

    def goto(url, **kwargs):
        response = original_goto(url, **kwargs)
        a11y()
        return response

    page.on(
        "framenavigated",
        lambda frame: frame == page.main_frame and ours(frame.url) and visited.add(frame.url),
    )
    page.goto = goto
    page.a11y = a11y
    page.site_url = site.url
    yield page
    if ours(page.url) and page.url not in checked:
        a11y()
    context.close()
    assert not problems, "axe found serious or critical violations:\n" + "\n".join(problems)
    unchecked = visited - checked
    assert not unchecked, (
        f"pages visited but never checked with axe (call page.a11y()): {unchecked}"
    )
