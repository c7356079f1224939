"""What a phone downloads: the home page's whole first visit stays under 60 KB on the wire, and
photos below the fold wait until they are scrolled to (docs/performance.md, "Lighthouse").

The weight is measured by Chromium itself (bytes received, headers included) from a live
server that serves static files as production does: collected, hashed, precompressed, through
WhiteNoise, not the test server's own uncompressed static handler.
"""

import pytest
from django.core.cache import cache
from pytest_django.live_server_helper import LiveServer

from tests.e2e.conftest import PHONE
from tests.factories import ClinicianFactory

BUDGET_BYTES = 60 * 1024

IMAGES = """() => [...document.images].map(img => ({
  alt: img.alt,
  top: img.getBoundingClientRect().top + window.scrollY,
  loading: img.getAttribute("loading"),
  width: img.getAttribute("width"),
  height: img.getAttribute("height"),
}))"""


@pytest.fixture
def production_site(collected_static, settings, django_db_serialized_rollback):
    """A live server whose static files come from collectstatic through WhiteNoise, gzip
    copies and hashed names included, as with DEBUG off in production."""
    settings.STATIC_ROOT = collected_static
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    cache.clear()  # no page kept with the test storage's unhashed names
    server = LiveServer("localhost", start=False)
    server.thread.static_handler = lambda handler: handler  # WhiteNoise answers /static/
    server._live_server_modified_settings.enable()
    server.start()
    yield server
    server.stop()
    server._live_server_modified_settings.disable()


def first_visit(browser, url: str, headers: dict) -> list[tuple[str, int, str]]:
    """(url, bytes received, content-encoding) of every request a phone makes loading `url`."""
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=1, is_mobile=True, extra_http_headers=headers
    )
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="networkidle")
    received = []
    for request in finished:
        sizes = request.sizes()
        response = request.response()
        encoding = response.headers.get("content-encoding", "") if response else ""
        received.append(
            (request.url, sizes["responseHeadersSize"] + sizes["responseBodySize"], encoding)
        )
    context.close()
    return received


# Chromium asks for Brotli too, and gets it for static files; a browser that asks for gzip
# alone must stay under the budget as well.
@pytest.mark.parametrize(
    ("headers", "encodings"),
    [({}, ("gzip", "br")), ({"Accept-Encoding": "gzip"}, ("gzip",))],
    ids=["as-chromium-asks", "gzip-only"],
)
def test_the_home_page_weighs_under_60_kb_on_the_wire(browser, production_site, headers, encodings):
    received = first_visit(browser, production_site.url + "/", headers)

    total = sum(size for _, size, _ in received)
    print(f"/ moved {total:,} bytes ({', '.join(encodings)})")
    listing = "\n".join(f"  {size:>7,} {code or '-':<5} {url}" for url, size, code in received)
    assert total < BUDGET_BYTES, f"/ moved {total:,} bytes:\n{listing}"
    text = [(url, encoding) for url, _, encoding in received if url.endswith((".css", ".js"))]
    text.append(received[0][::2])
    assert any(url.endswith(".css") for url, _ in text), listing
    assert all(encoding in encodings for _, encoding in text), f"text went uncompressed:\n{listing}"


def test_photos_below_the_fold_load_lazily_and_those_above_do_not(page):
    for n in range(8):
        ClinicianFactory(first_name=f"Ada{n}", last_name="Aalto", photo=True)
    fold = PHONE["height"]

    for path in ["/clinicians/", ClinicianFactory(photo=True).get_absolute_url()]:
        page.goto(page.site_url + path)
        images = page.evaluate(IMAGES)
        assert images, path
        for image in images:
            assert image["width"] and image["height"], (path, image)
            if image["top"] < fold:
                assert image["loading"] != "lazy", (path, "above the fold", image)
            else:
                assert image["loading"] == "lazy", (path, "below the fold", image)
