"""Clinician photos: checked, cleaned, resized, stored through the storage API, shown."""

import io

import pytest
from django.core.files.storage import storages
from PIL import Image

from matching.models import Clinician
from matching.photos import (
    AVATAR_TONES,
    MAX_PIXELS,
    WIDTHS,
    PhotoError,
    avatar_tone,
    initials,
    read_photo,
    remove_clinician_photo,
    rendition_name,
    set_clinician_photo,
)
from tests.factories import ClinicianFactory
from tests.images import (
    animated_webp,
    decompression_bomb_png,
    gradient,
    jpeg_bytes,
    png_bytes,
)


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


# The pipeline.


def test_a_jpeg_with_a_gps_position_comes_out_without_any_exif():
    source = jpeg_bytes(gps=True, comment=b"taken at home")
    assert Image.open(io.BytesIO(source)).getexif().get_ifd(0x8825), "the source has GPS"

    photo = read_photo(source)

    assert len(photo.files) == len(WIDTHS) * 2
    for name, data in photo.files.items():
        image = opened(data)
        assert not image.getexif(), name
        assert "exif" not in image.info and "comment" not in image.info, name
        assert "icc_profile" not in image.info and "xmp" not in image.info, name
        assert b"Exif" not in data and b"Camera Maker" not in data and b"taken at" not in data


def test_each_width_is_written_as_a_square_in_webp_and_jpeg():
    photo = read_photo(jpeg_bytes(1200, 1600))

    assert photo.widths == WIDTHS == (128, 256, 512)
    for width in WIDTHS:
        webp = opened(photo.files[rendition_name(photo.key, width, "webp")])
        jpeg = opened(photo.files[rendition_name(photo.key, width, "jpg")])
        assert (webp.format, webp.size, webp.mode) == ("WEBP", (width, width), "RGB")
        assert (jpeg.format, jpeg.size, jpeg.mode) == ("JPEG", (width, width), "RGB")


def test_a_smaller_photo_gets_only_the_widths_it_can_fill():
    photo = read_photo(png_bytes(300, 400))
    assert photo.widths == (128, 256)
    assert len(photo.files) == 4


def test_a_photo_taken_sideways_is_turned_upright_by_its_exif_orientation():
    # 1600 wide x 1200 high, stored with "rotate 90° clockwise to display" (6): upright it is
    # a portrait whose warm left half is now on top and cool right half below. Left as it
    # was, the lower left of the crop would be warm.
    photo = read_photo(jpeg_bytes(1600, 1200, orientation=6))
    image = opened(photo.files[rendition_name(photo.key, 256, "jpg")]).convert("RGB")
    top, bottom = image.getpixel((64, 30)), image.getpixel((64, 240))
    assert top[0] > top[2], f"top should be the warm half after turning: {top}"
    assert bottom[2] > bottom[0], f"bottom should be the cool half: {bottom}"


def test_a_transparent_png_is_laid_on_white():
    photo = read_photo(png_bytes(400, 400, mode="RGBA"))
    image = opened(photo.files[rendition_name(photo.key, 256, "jpg")])
    assert image.mode == "RGB"
    assert min(image.getpixel((20, 128))) > 120, "half-transparent colour over white is light"


def test_portraits_are_cropped_a_little_above_the_middle():
    source = gradient(600, 1200)
    source.paste((0, 0, 0), (0, 0, 600, 100))  # a black band at the very top
    out = io.BytesIO()
    source.save(out, "PNG")
    photo = read_photo(out.getvalue())
    image = opened(photo.files[rendition_name(photo.key, 256, "jpg")])
    # The crop starts a quarter of the way down the spare height (150px): no black band.
    assert max(image.getpixel((128, 2))) > 100


def test_the_same_upload_gives_the_same_names_and_another_upload_new_ones():
    first, again = read_photo(jpeg_bytes()), read_photo(jpeg_bytes())
    other = read_photo(jpeg_bytes(1300, 1600))
    assert first.key == again.key and set(first.files) == set(again.files)
    assert other.key != first.key
    assert all(name.startswith(f"clinicians/{first.key}-") for name in first.files)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"Dear team, here is my bio.\n" * 40, "not a photo we can read"),
        (b"\xff\xd8\xff\xe0 not really a jpeg" * 10, "not a photo we can read"),
        (decompression_bomb_png(), "too large"),
        (decompression_bomb_png(8_000, 6_000), "too large"),  # 48 MP: over our limit
        (animated_webp(), "animated"),
        (png_bytes(200, 900), "too small"),
        (jpeg_bytes()[:4000], "damaged or incomplete"),
    ],
    ids=[
        "empty",
        "a text file renamed .jpg",
        "a jpeg header and nothing else",
        "a decompression bomb",
        "too many pixels",
        "an animated webp",
        "too small",
        "a truncated jpeg",
    ],
)
def test_files_we_cannot_use_are_refused_with_a_reason(data, message):
    with pytest.raises(PhotoError, match=message):
        read_photo(data)


def test_a_gif_is_refused_even_when_it_is_a_fine_picture():
    out = io.BytesIO()
    gradient(400, 400).save(out, "GIF")
    with pytest.raises(PhotoError, match="JPEG, PNG or WebP"):
        read_photo(out.getvalue())


def test_the_pixel_limit_allows_an_ordinary_phone_photo():
    assert MAX_PIXELS >= 4032 * 3024 * 2  # 24 MP, today's phones' default


# The rules for the avatar.


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ("Maya", "Lindqvist", "ML"),
        ("maya", "lindqvist", "ML"),
        ("Mary-Kate", "O'Neil", "MO"),
        ("'Ana", "(Garcia)", "AG"),
        ("Émile", "Ørsted", "ÉØ"),
        ("Sam", "", "S"),
        ("", "", ""),
    ],
)
def test_initials_are_the_first_letter_of_each_name(first, last, expected):
    assert initials(first, last) == expected


@pytest.mark.parametrize("name", ["Maya Lindqvist", "Omar Warsame", "Sam Berg", "Kai Moua"])
def test_a_name_always_gets_the_same_calm_tone(name):
    assert avatar_tone(name) in AVATAR_TONES
    assert avatar_tone(name) == avatar_tone(f"  {name.upper()} ")


def test_the_tones_spread_across_names():
    names = [f"Person {n}" for n in range(60)]
    assert {avatar_tone(name) for name in names} == set(AVATAR_TONES)


# Storing and removing.


@pytest.mark.django_db
def test_setting_a_photo_stores_every_rendition_and_points_the_clinician_at_them(media):
    clinician = ClinicianFactory()
    before = clinician.updated_at
    photo = read_photo(jpeg_bytes(gps=True))

    set_clinician_photo(clinician=clinician, photo=photo)

    stored = Clinician.objects.get(pk=clinician.pk)
    assert (stored.photo_key, stored.photo_width) == (photo.key, 512)
    assert stored.updated_at > before
    for name, data in photo.files.items():
        assert (media / name).read_bytes() == data
    assert stored.photo.widths == WIDTHS
    assert stored.photo.webp_srcset == ", ".join(
        f"/media/clinicians/{photo.key}-{w}.webp {w}w" for w in WIDTHS
    )
    assert stored.photo.src == f"/media/clinicians/{photo.key}-256.jpg"


@pytest.mark.django_db(transaction=True)
def test_a_replaced_photo_s_files_go_unless_someone_else_shows_them(media):
    first, second = ClinicianFactory(), ClinicianFactory()
    old, new = read_photo(jpeg_bytes()), read_photo(png_bytes())
    set_clinician_photo(clinician=first, photo=old)
    set_clinician_photo(clinician=second, photo=old)

    set_clinician_photo(clinician=first, photo=new)
    assert all((media / name).exists() for name in old.files), "the second still shows it"

    remove_clinician_photo(clinician=second)
    assert not any((media / name).exists() for name in old.files)
    assert all((media / name).exists() for name in new.files)
    second.refresh_from_db()
    assert (second.photo_key, second.photo_width, second.photo) == ("", None, None)


# Serving local files.


@pytest.mark.django_db
def test_a_stored_rendition_is_served_with_its_type_and_a_year_of_caching(client, media):
    clinician = ClinicianFactory()
    photo = read_photo(jpeg_bytes())
    set_clinician_photo(clinician=clinician, photo=photo)

    for extension, content_type in (("webp", "image/webp"), ("jpg", "image/jpeg")):
        name = rendition_name(photo.key, 128, extension)
        response = client.get(f"/media/{name}")
        assert response.status_code == 200
        assert response["Content-Type"] == content_type
        assert response["Cache-Control"] == "public, max-age=31536000, immutable"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == photo.files[name]
        assert "Set-Cookie" not in response


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/media/clinicians/0123456789abcdef0123-128.webp",  # well formed, not stored
        "/media/clinicians/../../ellie/settings.py",
        "/media/secret.txt",
        "/media/clinicians/0123456789abcdef0123-128.png",
        "/media/clinicians/0123456789ABCDEF0123-128.jpg",
    ],
)
def test_nothing_else_under_media_is_served(client, media, path):
    media.mkdir(parents=True, exist_ok=True)
    (media / "secret.txt").write_text("not for anyone")
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_the_media_view_answers_404_when_photos_live_in_a_bucket(client, media, settings):
    photo = read_photo(jpeg_bytes())
    set_clinician_photo(clinician=ClinicianFactory(), photo=photo)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": "photos", "custom_domain": "media.example.org"},
        },
    }
    name = rendition_name(photo.key, 128, "jpg")
    assert client.get(f"/media/{name}").status_code == 404
    assert storages["default"].url(name) == f"https://media.example.org/{name}"
