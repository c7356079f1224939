"""Ellie's mark and every icon made from it, from the one drawing below.

The mark: a sun half risen over calm water, on a rounded teal square. This script writes

- static/icons/favicon.svg            the mark, with its name (browsers that take SVG icons)
- static/icons/favicon.ico            16, 32 and 48 px (everything else; also served at /)
- static/icons/favicon-32.png         32 px
- static/icons/apple-touch-icon.png   180 px, square, for a phone's home screen
- static/icons/icon-192.png, icon-512.png and site.webmanifest
- templates/includes/logo_mark.html   the mark inline in the page header (decorative: the
                                      link around it says "Ellie Mental Health")

    .venv/bin/python tools/make_icons.py          # write them
    .venv/bin/python tools/make_icons.py --check  # exit 1 if any differs from the drawing

Change the drawing here, run the script, commit what it wrote; a test fails when the files
and the drawing disagree.
"""

from __future__ import annotations

import io
import json
import math
import sys
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "static" / "icons"
INLINE = ROOT / "templates" / "includes" / "logo_mark.html"

NAME = "Ellie Mental Health"
TEAL = "#0b5f5a"
SUN = "#f2c879"
WATER = "#cfe7e2"

# The drawing, on a 64-unit square.
VIEW = 64
CORNER = 14
SUN_CENTRE, SUN_RADIUS = (32.0, 36.0), 14.0
WAVE_WIDTH = 3.6
WAVES = [  # (y, from x, to x, amplitude): gentle swells under the sun
    (44.5, 13.0, 51.0, 1.6),
    (52.0, 20.0, 44.0, 1.3),
]


def wave_points(y: float, x0: float, x1: float, amplitude: float) -> list[tuple[float, float]]:
    steps = 24
    return [
        (x0 + (x1 - x0) * i / steps, y + amplitude * math.sin(2 * math.pi * i / steps * 1.5))
        for i in range(steps + 1)
    ]


def svg(*, title: bool, extra: str = "") -> str:
    cx, cy = SUN_CENTRE
    r = SUN_RADIUS
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {VIEW} {VIEW}"{extra}>',
        f"<title>{NAME}</title>" if title else "",
        f'<rect width="{VIEW}" height="{VIEW}" rx="{CORNER}" fill="{TEAL}"/>',
        f'<path d="M{cx - r:g} {cy:g}A{r:g} {r:g} 0 0 1 {cx + r:g} {cy:g}Z" fill="{SUN}"/>',
    ]
    for wave in WAVES:
        points = " ".join(f"{x:.2f},{y:.2f}" for x, y in wave_points(*wave))
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{WATER}" '
            f'stroke-width="{WAVE_WIDTH:g}" stroke-linecap="round" stroke-linejoin="round"/>'
        )
    parts.append("</svg>")
    return "".join(parts) + "\n"


def raster(size: int, *, rounded: bool = True, inset: float = 0.0) -> Image.Image:
    """The mark at `size` pixels; `inset` shrinks it inside a full teal square."""
    big = size * 8
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    unit = big / VIEW
    if rounded:
        draw.rounded_rectangle([0, 0, big - 1, big - 1], radius=CORNER * unit, fill=TEAL)
    else:
        draw.rectangle([0, 0, big, big], fill=TEAL)
    scale = unit * (1 - 2 * inset)
    offset = big * inset

    def at(x: float, y: float) -> tuple[float, float]:
        return offset + x * scale, offset + y * scale

    cx, cy = SUN_CENTRE
    r = SUN_RADIUS
    x0, y0 = at(cx - r, cy - r)
    x1, y1 = at(cx + r, cy + r)
    draw.pieslice([x0, y0, x1, y1], 180, 360, fill=SUN)
    width = WAVE_WIDTH * scale
    for wave in WAVES:
        points = [at(x, y) for x, y in wave_points(*wave)]
        draw.line(points, fill=WATER, width=round(width), joint="curve")
        for x, y in (points[0], points[-1]):  # round caps
            draw.ellipse([x - width / 2, y - width / 2, x + width / 2, y + width / 2], fill=WATER)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def manifest() -> str:
    data = {
        "name": NAME,
        "short_name": "Ellie",
        "start_url": "/",
        "display": "browser",
        "background_color": "#ffffff",
        "theme_color": TEAL,
        "icons": [
            {"src": "icon-192.png", "sizes": "192x192", "type": "image/png"},
            {"src": "icon-512.png", "sizes": "512x512", "type": "image/png"},
        ],
    }
    return json.dumps(data, indent=2) + "\n"


def build() -> dict[Path, bytes]:
    """Every file, by path, as the drawing makes it."""
    ico = io.BytesIO()
    raster(48).save(ico, "ICO", sizes=[(16, 16), (32, 32), (48, 48)])
    inline = svg(title=False, extra=' class="brand-mark" aria-hidden="true" focusable="false"')
    return {
        ICONS / "favicon.svg": svg(title=True).encode(),
        ICONS / "favicon.ico": ico.getvalue(),
        ICONS / "favicon-32.png": png(raster(32)),
        # A phone rounds the corners itself and dislikes transparency: full square, inset.
        ICONS / "apple-touch-icon.png": png(raster(180, rounded=False, inset=0.08).convert("RGB")),
        ICONS / "icon-192.png": png(raster(192)),
        ICONS / "icon-512.png": png(raster(512)),
        ICONS / "site.webmanifest": manifest().encode(),
        INLINE: (
            "{# Written by tools/make_icons.py from the same drawing as the favicons. #}" + inline
        ).encode(),
    }


def same(path: Path, data: bytes) -> bool:
    """Text files byte for byte; images pixel for pixel (encoders may differ in bytes)."""
    if not path.exists():
        return False
    current = path.read_bytes()
    if path.suffix not in (".png", ".ico"):
        return current == data
    ours, theirs = Image.open(io.BytesIO(data)), Image.open(path)
    if path.suffix == ".ico":
        if ours.info.get("sizes") != theirs.info.get("sizes"):
            return False
        ours.size = theirs.size = max(ours.info["sizes"])
    if ours.size != theirs.size:
        return False
    difference = ImageChops.difference(ours.convert("RGBA"), theirs.convert("RGBA"))
    return max(high for _, high in difference.getextrema()) <= 2


def main(argv: list[str]) -> int:
    files = build()
    if "--check" in argv:
        stale = [str(p.relative_to(ROOT)) for p, data in files.items() if not same(p, data)]
        for name in stale:
            print(f"out of step with tools/make_icons.py: {name}", file=sys.stderr)
        return 1 if stale else 0
    for path, data in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
