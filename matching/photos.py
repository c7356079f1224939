"""Clinician photos (PRODUCT.md §14): checked, cleaned, resized, stored, shown.

`read_photo(data)` checks an upload with Pillow and returns its renditions, or raises
`PhotoError` with a sentence for the person who uploaded it: not an image, too large in
bytes or pixels (decompression bombs are refused before anything is decoded), animated,
damaged, too small. Each rendition is a square crop, turned upright by its EXIF orientation,
converted to sRGB, and written from fresh pixels, so no EXIF (GPS, camera, dates), comment,
XMP or colour profile survives. Widths: `WIDTHS` up to the photo's own size, each in WebP and
JPEG.

Names are content-addressed: `clinicians/<key>-<width>.<webp|jpg>`, the key a digest of the
uploaded bytes and `PIPELINE_VERSION`, so the same upload gives the same names (importing a
roster twice changes nothing) and a new photo new names (the files are cached for a year).
Files go through Django's storage API (`STORAGES["default"]`): local files or a bucket.

`set_clinician_photo` and `remove_clinician_photo` are the only writes.
"""

from __future__ import annotations

import hashlib
import io
import warnings
import zlib
from dataclasses import dataclass
from functools import cached_property, partial
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

if TYPE_CHECKING:
    from matching.models import Clinician

PHOTO_DIR = "clinicians"
PIPELINE_VERSION = b"1"
WIDTHS = (128, 256, 512)
MIN_SIDE = WIDTHS[1]
MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
EXTENSIONS = {"webp": "image/webp", "jpg": "image/jpeg"}
# Portraits are cropped a little above the middle, where faces usually are.
PORTRAIT_TOP = 0.25

# The initials avatar's colours: (CSS class suffix) calm tones, each with dark text at AA.
AVATAR_TONES = ("sage", "sky", "sand", "rose", "lavender", "teal")


class PhotoError(ValueError):
    """A photo we cannot use; the message says why in plain words."""


@dataclass(frozen=True)
class ProcessedPhoto:
    key: str
    widths: tuple[int, ...]
    files: dict[str, bytes]  # storage name -> bytes


def rendition_name(key: str, width: int, extension: str) -> str:
    return f"{PHOTO_DIR}/{key}-{width}.{extension}"


def photo_key(data: bytes) -> str:
    return hashlib.sha256(PIPELINE_VERSION + b"\0" + data).hexdigest()[:20]


def _open(data: bytes) -> Image.Image:
    with warnings.catch_warnings():
        # Pillow's own bomb check warns first; treat its warning as the refusal it is.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise PhotoError(_too_many_pixels()) from exc
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
            raise PhotoError(
                "This file is not a photo we can read: use a JPEG, PNG or WebP image."
            ) from exc
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise PhotoError(_too_many_pixels(width, height))
    if getattr(image, "n_frames", 1) > 1:
        raise PhotoError("This image is animated: use a still photo.")
    if min(width, height) < MIN_SIDE:
        raise PhotoError(
            f"This photo is too small ({width} × {height} pixels): use one at least "
            f"{MIN_SIDE} pixels wide and high."
        )
    return image


def _too_many_pixels(width: int = 0, height: int = 0) -> str:
    size = f" ({width:,} × {height:,} pixels)" if width else ""
    return (
        f"This photo is too large{size}: use one of at most {MAX_PIXELS // 1_000_000} million "
        "pixels, for example 6,000 × 4,000, or export a smaller copy."
    )


def _to_srgb(image: Image.Image) -> Image.Image:
    """RGB pixels in sRGB: colour profile applied, transparency laid on white."""
    icc = image.info.get("icc_profile")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        image = flat
    if icc and image.mode in ("RGB", "CMYK"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(
                image, source, ImageCms.createProfile("sRGB"), outputMode="RGB"
            )
            if converted is not None:
                image = converted
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # a broken profile: keep the pixels as they are
    return image if image.mode == "RGB" else image.convert("RGB")


def _square(image: Image.Image) -> Image.Image:
    width, height = image.size
    side = min(width, height)
    left = (width - side) // 2
    top = round((height - side) * PORTRAIT_TOP) if height > width else 0
    return image.crop((left, top, left + side, top + side))


def read_photo(data: bytes) -> ProcessedPhoto:
    """Check an uploaded photo and make its renditions; `PhotoError` says what is wrong."""
    if not data:
        raise PhotoError("The file is empty: choose a photo.")
    if len(data) > MAX_BYTES:
        raise PhotoError(
            f"This file is larger than {MAX_BYTES // (1024 * 1024)} MB: export a smaller copy."
        )
    image = _open(data)
    largest = max(w for w in WIDTHS if w <= min(image.size))
    if image.format == "JPEG":
        # Decode big JPEGs at a reduced scale: less memory and time, same result.
        scale = largest / min(image.size)
        image.draft("RGB", (round(image.width * scale) + 1, round(image.height * scale) + 1))
    try:
        image.load()
        image = ImageOps.exif_transpose(image) or image
        image = _square(_to_srgb(image))
    except PhotoError:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise PhotoError("This photo file is damaged or incomplete: save it again.") from exc
    # Fresh pixels: nothing of the original file's metadata can follow them.
    clean = Image.new("RGB", image.size)
    clean.paste(image)

    key = photo_key(data)
    widths = tuple(w for w in WIDTHS if w <= largest)
    files: dict[str, bytes] = {}
    source = clean
    for width in sorted(widths, reverse=True):
        source = source.resize((width, width), Image.Resampling.LANCZOS, reducing_gap=3.0)
        files[rendition_name(key, width, "webp")] = _encode(source, "WEBP", quality=80, method=6)
        files[rendition_name(key, width, "jpg")] = _encode(
            source, "JPEG", quality=82, optimize=True, progressive=True
        )
    return ProcessedPhoto(key=key, widths=widths, files=files)


def _encode(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


# Showing a photo.


@dataclass(frozen=True)
class PhotoSet:
    """A stored photo's renditions, as a `<picture>` needs them."""

    key: str
    widths: tuple[int, ...]

    def url(self, width: int, extension: str) -> str:
        return storages["default"].url(rendition_name(self.key, width, extension))

    def _srcset(self, extension: str) -> str:
        return ", ".join(f"{self.url(w, extension)} {w}w" for w in self.widths)

    @cached_property
    def webp_srcset(self) -> str:
        return self._srcset("webp")

    @cached_property
    def jpeg_srcset(self) -> str:
        return self._srcset("jpg")

    @cached_property
    def src(self) -> str:
        """The fallback for browsers without `srcset`: a middling JPEG."""
        return self.url(self.widths[min(1, len(self.widths) - 1)], "jpg")


def photo_set(key: str, largest_width: int | None) -> PhotoSet | None:
    if not key or not largest_width:
        return None
    return PhotoSet(key=key, widths=tuple(w for w in WIDTHS if w <= largest_width))


def initials(first_name: str, last_name: str) -> str:
    """Up to two letters for the avatar: the first letter or digit of each name."""
    letters = [next((c for c in name if c.isalnum()), "") for name in (first_name, last_name)]
    return "".join(letters).upper()


def avatar_tone(name: str) -> str:
    """A calm colour for a name's avatar: the same name always gets the same one."""
    digest = zlib.crc32(name.strip().casefold().encode())
    return AVATAR_TONES[digest % len(AVATAR_TONES)]


# Writes.


def _store(photo: ProcessedPhoto) -> None:
    storage = storages["default"]
    for name, data in photo.files.items():
        # Same name, same bytes: a file already there is this one.
        if storage.exists(name):
            continue
        saved = storage.save(name, ContentFile(data))
        if saved != name:  # another process wrote it meanwhile: keep theirs
            storage.delete(saved)


def _delete_if_unused(key: str) -> None:
    from matching.models import Clinician

    if Clinician.objects.filter(photo_key=key).exists():
        return
    storage = storages["default"]
    for width in WIDTHS:
        for extension in EXTENSIONS:
            storage.delete(rendition_name(key, width, extension))


def photo_changed(*, clinician_ids: list[int]) -> None:
    """The one place a photo change reaches cached pages: their version moves on
    (ellie.pagecache), so the profile and every page showing the photo render afresh."""
    from ellie import pagecache

    pagecache.bump()


def _show(clinician: Clinician, key: str, width: int | None) -> None:
    """Point the clinician at a photo's renditions (or none), in the caller's transaction;
    the previous photo's files go once that commits, unless someone else shows them."""
    from matching.models import Clinician

    previous, now = clinician.photo_key, timezone.now()
    Clinician.objects.filter(pk=clinician.pk).update(
        photo_key=key, photo_width=width, updated_at=now
    )
    clinician.photo_key, clinician.photo_width, clinician.updated_at = key, width, now
    clinician.__dict__.pop("photo", None)
    if previous and previous != key:
        transaction.on_commit(partial(_delete_if_unused, previous))
    photo_changed(clinician_ids=[clinician.pk])


def set_clinician_photo(*, clinician: Clinician, photo: ProcessedPhoto) -> None:
    """Store a checked photo's renditions and show them for the clinician.

    The files are written first, outside the transaction: content-addressed files that end
    up unused are harmless.
    """
    if (photo.key, max(photo.widths)) == (clinician.photo_key, clinician.photo_width):
        return
    _store(photo)
    with transaction.atomic():
        _show(clinician, photo.key, max(photo.widths))


def remove_clinician_photo(*, clinician: Clinician) -> None:
    """Show the initials avatar again."""
    if not clinician.photo_key:
        return
    with transaction.atomic():
        _show(clinician, "", None)
