"""Friendly, abstract portraits for the demo clinicians, drawn with Pillow.

Nobody's face: a head, hair, shoulders and a quiet smile in calm colours, chosen from the
name, so the same name always gets the same picture and the demo ships no downloaded photo.
`matching.demo` passes them through the same photo pipeline as an upload.

    python -m matching.demo_portraits OUTDIR "Maya Lindqvist" "Omar Warsame" ...

writes them as PNG files to look at.
"""

from __future__ import annotations

import io
import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw

SIZE = 512  # the largest rendition: nothing bigger is ever shown
SCALE = 2  # drawn at twice the size, then reduced: smooth edges
BACKGROUNDS = ["#dcebe1", "#dbe7f3", "#f2e4cc", "#f4dede", "#e5e0f3", "#d3ebe8"]
SKIN = ["#f6d8c3", "#eec3a2", "#dba27f", "#bd8158", "#94603f", "#65402b"]
HAIR = ["#2b211d", "#4a3325", "#7a4e2d", "#b0793f", "#d9b173", "#9a9a9a", "#1f1f2e"]
CLOTHES = ["#0b5f5a", "#3e6b8a", "#7a5c99", "#a05a4a", "#5d7a4a", "#c08a3e", "#44546a"]
STYLES = ["short", "long", "bun", "curly", "crop", "bob", "wavy"]
INK = "#3b2a24"


def _mix(colour: str, other: str, amount: float) -> tuple[int, int, int]:
    a = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    return tuple(round(x + (y - x) * amount) for x, y in zip(a, b, strict=True))


def draw_portrait(name: str, size: int = SIZE) -> Image.Image:
    """The same name always gives the same picture."""
    pick = random.Random(f"ellie-portrait:{name.casefold()}")
    background = pick.choice(BACKGROUNDS)
    skin, hair, clothes = pick.choice(SKIN), pick.choice(HAIR), pick.choice(CLOTHES)
    style = pick.choice(STYLES)
    glasses = pick.random() < 0.25
    tilt = pick.uniform(-10, 10)  # the head's little lean, in canvas units

    s = size * SCALE / 640  # every number below is on a 640 canvas
    image = Image.new("RGB", (size * SCALE, size * SCALE), background)
    draw = ImageDraw.Draw(image)

    def box(x0, y0, x1, y1):
        return [x0 * s, y0 * s, x1 * s, y1 * s]

    # A soft halo behind the person.
    draw.ellipse(box(70, 60, 570, 560), fill=_mix(background, "#ffffff", 0.45))

    cx = 320 + tilt
    # Hair that falls behind the shoulders.
    if style in ("long", "wavy"):
        draw.rounded_rectangle(box(cx - 135, 170, cx + 135, 500), radius=110 * s, fill=hair)
    if style == "bob":
        draw.rounded_rectangle(box(cx - 128, 150, cx + 128, 410), radius=100 * s, fill=hair)

    # Shoulders, then the neck, then the head.
    draw.rounded_rectangle(box(120, 470, 520, 760), radius=150 * s, fill=clothes)
    collar = _mix(clothes, "#ffffff", 0.25)
    draw.pieslice(box(250, 420, 390, 540), 0, 180, fill=collar)
    neck = _mix(skin, INK, 0.12)
    draw.rounded_rectangle(box(cx - 38, 360, cx + 38, 490), radius=30 * s, fill=neck)
    draw.ellipse(box(cx - 100, 165, cx + 100, 420), fill=skin)

    def ears():
        draw.ellipse(box(cx - 116, 280, cx - 86, 330), fill=skin)
        draw.ellipse(box(cx + 86, 280, cx + 116, 330), fill=skin)

    # Hair on top: a cap of hair, then the forehead cut back into it for a curved hairline
    # (shifted to one side for a parting).
    if style == "curly":
        ears()
        for dx, y in [
            (-95, 250), (-90, 205), (-70, 170), (-40, 150), (0, 142), (40, 150), (70, 170),
            (90, 205), (95, 250),
        ]:  # fmt: skip
            draw.ellipse(box(cx + dx - 42, y - 42, cx + dx + 42, y + 42), fill=hair)
    else:
        short = style in ("short", "crop")
        if short:
            ears()
        if style == "bun":
            draw.ellipse(box(cx - 52, 96, cx + 52, 196), fill=hair)
        top, bottom = (158, 318) if style == "crop" else (148, 340)
        draw.ellipse(box(cx - 108, top, cx + 108, bottom), fill=hair)
        parting = {"short": -18, "long": 22, "bob": 0, "wavy": -24}.get(style, 0)
        forehead = 218 if style == "crop" else 228
        draw.ellipse(box(cx - 90 + parting, forehead, cx + 90 + parting, 420), fill=skin)
        # The face's edge is the head's, whatever the parting cut away.
        draw.chord(box(cx - 100, 165, cx + 100, 420), 20, 160, fill=skin)

    # A calm face: closed, smiling eyes, a small smile, a little colour in the cheeks.
    line = max(2, round(6 * s))
    for side in (-1, 1):
        ex = cx + side * 40
        draw.arc(box(ex - 18, 282, ex + 18, 306), 200, 340, fill=INK, width=line)
        draw.ellipse(
            box(ex - 22, 318, ex + 6, 338) if side < 0 else box(ex - 6, 318, ex + 22, 338),
            fill=_mix(skin, "#e26d6d", 0.25),
        )
    draw.arc(box(cx - 30, 318, cx + 30, 364), 20, 160, fill=INK, width=line)
    if glasses:
        for side in (-1, 1):
            ex = cx + side * 40
            draw.ellipse(box(ex - 30, 266, ex + 30, 318), outline=INK, width=line)
        draw.line([((cx - 10) * s, 290 * s), ((cx + 10) * s, 290 * s)], fill=INK, width=line)

    return image.resize((size, size), Image.Resampling.LANCZOS)


def portrait_png(name: str) -> bytes:
    out = io.BytesIO()
    draw_portrait(name).save(out, "PNG", compress_level=0)  # read at once
    return out.getvalue()


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[-3], file=sys.stderr)
        return 2
    folder = Path(argv[0])
    folder.mkdir(parents=True, exist_ok=True)
    for name in argv[1:]:
        path = folder / f"{name.lower().replace(' ', '-')}.png"
        draw_portrait(name).save(path)
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
