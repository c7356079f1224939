"""Static files: hashed, compressed, local; the home page stays light."""

import gzip
import re

import pytest

# Absolute links to the site itself (hreflang alternates, canonical) are ours: "testserver".
THIRD_PARTY = re.compile(r"""(?:src|href)=["'](?:https?:)?//(?!www\.weather\.gov/|testserver/)""")


def test_collectstatic_writes_hashed_compressed_files(collected_static):
    collected = collected_static
    assert (collected / "staticfiles.json").exists()
    css = list((collected / "css").glob("ellie.*.css"))
    assert any(p.suffix == ".css" and len(p.stem.split(".")) == 2 for p in css)
    assert list((collected / "css").glob("ellie.*.css.gz"))
    assert list((collected / "bootstrap" / "css").glob("bootstrap.min.*.css.gz"))


@pytest.mark.django_db
def test_home_page_weighs_under_60_kb_compressed(client, collected_static):
    html = client.get("/").content
    total = len(gzip.compress(html))
    assets = re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"', html)
    assert assets, "the home page links its CSS and JS"
    for name in assets:
        source = collected_static / name.decode()
        total += len(gzip.compress(source.read_bytes()))
    assert total < 60 * 1024, f"home page weighs {total} bytes compressed"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/crisis/", "/no-such-page/", "/es/", "/es/crisis/"])
def test_pages_load_nothing_from_another_host(client, path):
    body = client.get(path).content.decode()
    assert not THIRD_PARTY.findall(body)
