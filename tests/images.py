"""Image files for tests of the photo pipeline, made on the spot with Pillow."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def gradient(width: int, height: int) -> Image.Image:
    """A picture with some detail: left half warm, right half cool, a band across the top."""
    image = Image.new("RGB", (width, height), (200, 120, 90))
    image.paste((80, 130, 200), (width // 2, 0, width, height))
    image.paste((250, 250, 250), (0, 0, width, max(1, height // 10)))
    return image


def jpeg_bytes(
    width: int = 1200,
    height: int = 1600,
    *,
    gps: bool = False,
    orientation: int | None = None,
    comment: bytes | None = None,
) -> bytes:
    """A JPEG, optionally carrying EXIF with a GPS position, an orientation and a comment."""
    exif = Image.Exif()
    exif[0x010F] = "Camera Maker"  # Make
    if orientation:
        exif[ORIENTATION] = orientation
    if gps:
        position = exif.get_ifd(GPS_IFD)
        position[1] = "N"
        position[2] = (44.0, 58.0, 42.0)
        position[3] = "W"
        position[4] = (93.0, 15.0, 55.0)
    out = io.BytesIO()
    options = {"exif": exif, "quality": 90}
    if comment:
        options["comment"] = comment
    gradient(width, height).save(out, "JPEG", **options)
    return out.getvalue()


def png_bytes(width: int = 600, height: int = 600, *, mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    image = gradient(width, height)
    if mode == "RGBA":
        image = image.convert("RGBA")
        image.putalpha(128)
    image.save(out, "PNG")
    return out.getvalue()


def animated_webp(width: int = 400, height: int = 400) -> bytes:
    frames = [gradient(width, height), gradient(width, height).rotate(90)]
    out = io.BytesIO()
    frames[0].save(out, "WEBP", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return out.getvalue()


def decompression_bomb_png(width: int = 30_000, height: int = 30_000) -> bytes:
    """A few hundred bytes claiming to be a 900-megapixel PNG: decoding it would take
    gigabytes. Only its header is real."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\0" * (width * 3 + 1) * 4)  # four rows of the promised many
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )
