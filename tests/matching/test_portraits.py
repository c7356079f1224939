"""Photos and initials on the directory, the profile and the results cards."""

import re
from html.parser import HTMLParser

import pytest

from matching.photos import AVATAR_TONES
from tests.budgets import VERSION
from tests.factories import ClinicianFactory

pytestmark = pytest.mark.django_db


class Portraits(HTMLParser):
    """The `<picture>`s (their source and img attributes) and avatar `<svg>`s of a page."""

    def __init__(self, html: str):
        super().__init__()
        self.pictures: list[dict] = []
        self.avatars: list[dict] = []
        self._avatar: dict | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "picture":
            self.pictures.append({"picture": attrs})
        elif tag in ("source", "img") and self.pictures and tag not in self.pictures[-1]:
            self.pictures[-1][tag] = attrs
        elif tag == "svg" and "avatar" in attrs.get("class", "").split():
            self._avatar = {**attrs, "text": ""}
            self.avatars.append(self._avatar)

    def handle_data(self, data):
        if self._avatar is not None:
            self._avatar["text"] += data

    def handle_endtag(self, tag):
        if tag == "svg":
            self._avatar = None


def srcset_widths(srcset: str) -> list[int]:
    return [int(w) for w in re.findall(r" (\d+)w", srcset)]


def test_the_directory_shows_photos_with_webp_and_jpeg_sources_and_a_fixed_size(client):
    first = ClinicianFactory(first_name="Ada", last_name="Aalto", photo=True)
    second = ClinicianFactory(first_name="Bea", last_name="Berg", photo=True)

    found = Portraits(client.get("/clinicians/").content.decode())

    assert len(found.pictures) == 2
    for clinician, picture in zip((first, second), found.pictures, strict=True):
        source, img = picture["source"], picture["img"]
        assert source["type"] == "image/webp"
        assert srcset_widths(source["srcset"]) == [128, 256, 512]
        assert f"/media/clinicians/{clinician.photo_key}-128.webp 128w" in source["srcset"]
        assert srcset_widths(img["srcset"]) == [128, 256, 512]
        assert img["src"] == f"/media/clinicians/{clinician.photo_key}-256.jpg"
        assert (img["width"], img["height"]) == ("96", "96")
        assert source["sizes"] == img["sizes"] == "(min-width: 768px) 96px, 72px"
        assert img["alt"] == f"Photo of {clinician.full_name}"
    # Both cards are on a phone's first screen: neither waits.
    assert "loading" not in found.pictures[0]["img"]
    assert "loading" not in found.pictures[1]["img"]


def test_the_directory_loads_three_photos_at_once_and_the_rest_lazily(client):
    for n in range(5):
        ClinicianFactory(first_name="Ada", last_name=f"Aalto{n}", photo=True)

    found = Portraits(client.get("/clinicians/").content.decode())

    loading = [picture["img"].get("loading") for picture in found.pictures]
    assert loading == [None, None, None, "lazy", "lazy"]


def test_without_a_photo_the_directory_shows_initials_on_a_calm_colour(client):
    ClinicianFactory(first_name="Maya", last_name="Lindqvist")

    page = client.get("/clinicians/").content.decode()
    found = Portraits(page)

    assert not found.pictures
    (avatar,) = found.avatars
    assert avatar["text"] == "ML"
    tone = [c for c in avatar["class"].split() if c.startswith("avatar-")]
    assert len(tone) == 1 and tone[0].removeprefix("avatar-") in AVATAR_TONES
    assert avatar["aria-hidden"] == "true", "the name is right beside it"
    assert (avatar["width"], avatar["height"]) == ("96", "96")
    assert " style=" not in page


def test_the_profile_shows_its_photo_at_once_and_larger(client):
    clinician = ClinicianFactory(first_name="Maya", last_name="Lindqvist", photo=True)

    found = Portraits(client.get(clinician.get_absolute_url()).content.decode())

    (picture,) = found.pictures
    img = picture["img"]
    assert (img["width"], img["height"]) == ("180", "180")
    assert img["sizes"] == "(min-width: 768px) 180px, 120px"
    assert img["alt"] == "Photo of Maya Lindqvist"
    assert "loading" not in img and img["fetchpriority"] == "high"
    assert srcset_widths(picture["source"]["srcset"]) == [128, 256, 512]


def test_a_profile_without_a_photo_shows_the_initials(client):
    clinician = ClinicianFactory(first_name="Omar", last_name="Warsame")
    found = Portraits(client.get(clinician.get_absolute_url()).content.decode())
    assert [a["text"] for a in found.avatars] == ["OW"]
    assert found.avatars[0]["width"] == "180"


def test_a_small_photo_lists_only_the_widths_it_has(client):
    from tests.images import png_bytes

    clinician = ClinicianFactory(photo=png_bytes(300, 300))
    (picture,) = Portraits(client.get(clinician.get_absolute_url()).content.decode()).pictures
    assert srcset_widths(picture["source"]["srcset"]) == [128, 256]
    assert srcset_widths(picture["img"]["srcset"]) == [128, 256]


def test_photos_cost_the_directory_no_extra_queries(
    client, practice, django_assert_max_num_queries, django_assert_num_queries
):
    for _ in range(3):
        ClinicianFactory()
    # The practice (4), the four choice lists, the count, the page's ids, then its clinicians
    # (their cards are not kept yet) and their two prefetches.
    with django_assert_max_num_queries(VERSION + 4 + 4 + 1 + 1 + 3) as without_photos:
        client.get("/clinicians/")
    for _ in range(5):
        ClinicianFactory(photo=True)
    with django_assert_num_queries(len(without_photos)):
        client.get("/clinicians/")
