"""The mark and the favicon set: linked from every page, served where browsers look."""

import importlib.util
import json
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from tests.security.helpers import sign_in

ROOT = Path(__file__).resolve().parents[2]
ICON_LINKS = re.compile(r'<link rel="(icon|apple-touch-icon|manifest)" href="([^"]+)"')


def make_icons():
    spec = importlib.util.spec_from_file_location("make_icons", ROOT / "tools/make_icons.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/crisis/", "/clinicians/", "/get-matched/", "/nowhere/"])
def test_every_public_page_links_the_favicon_set_and_each_link_answers(client, path):
    page = client.get(path).content.decode()
    links = ICON_LINKS.findall(page)
    assert [rel for rel, _ in links] == ["icon", "icon", "apple-touch-icon", "manifest"]
    for _, href in links:
        response = client.get(href)
        assert response.status_code == 200, href
        assert body(response), href


@pytest.mark.django_db
def test_staff_and_admin_pages_link_the_favicon_set(client, intake_staff, django_user_model):
    sign_in(client, intake_staff)
    assert len(ICON_LINKS.findall(client.get("/staff/").content.decode())) == 4
    admin = django_user_model.objects.create_user("edna", password="x" * 20, is_staff=True)
    admin.groups.add(Group.objects.get_or_create(name="Content editors")[0])
    sign_in(client, admin)
    assert len(ICON_LINKS.findall(client.get("/admin/").content.decode())) == 4


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/favicon.ico", {"image/x-icon", "image/vnd.microsoft.icon"}),
        ("/apple-touch-icon.png", {"image/png"}),
        ("/favicon.svg", {"image/svg+xml"}),
    ],
)
def test_browsers_asking_at_the_root_find_the_icons(client, path, content_type):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] in content_type
    assert body(response) == (ROOT / "static/icons" / path.lstrip("/")).read_bytes()


def test_the_manifest_names_icons_that_exist():
    manifest = json.loads((ROOT / "static/icons/site.webmanifest").read_text())
    assert manifest["name"] == "Ellie Mental Health"
    for icon in manifest["icons"]:
        assert (ROOT / "static/icons" / icon["src"]).exists()
        width, height = map(int, icon["sizes"].split("x"))
        from PIL import Image

        assert Image.open(ROOT / "static/icons" / icon["src"]).size == (width, height)


def test_the_favicons_and_the_header_mark_are_in_step_with_their_drawing():
    assert make_icons().main(["--check"]) == 0


def test_the_check_notices_a_file_out_of_step(monkeypatch):
    module = make_icons()
    monkeypatch.setattr(module, "SUN", "#ff0000")
    assert module.main(["--check"]) == 1


def test_the_svg_mark_has_a_name_and_the_header_copy_is_decorative():
    assert "<title>Ellie Mental Health</title>" in (ROOT / "static/icons/favicon.svg").read_text()
    inline = (ROOT / "templates/includes/logo_mark.html").read_text()
    assert 'aria-hidden="true"' in inline and "<title>" not in inline


@pytest.mark.django_db
def test_the_header_shows_the_mark_inside_the_link_named_for_the_practice(client):
    page = client.get("/").content.decode()
    brand = re.search(r'<a class="brand[^"]*" href="/">(.*?)</a>', page, re.S)[1]
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in brand and 'class="brand-mark"' in brand
    assert re.sub(r"<[^>]+>", "", re.sub(r"<svg.*?</svg>", "", brand, flags=re.S)).split() == [
        "Ellie",
        "Mental",
        "Health",
    ]
