"""Draw the ePub's cover: typographic, made here, the same pixels every run.

    .venv/bin/python scripts/make_cover.py            # writes docs/_static/cover.png
    .venv/bin/python scripts/make_cover.py --out X.png

The words come from docs/conf.py (title and author), so the cover cannot
drift from the book. It uses the DejaVu fonts of Debian's fonts-dejavu-core
(which scripts/test installs); the fonts are used to draw pixels only, nothing is
embedded in the ePub. A red rule crosses the page between the title and the
author: the essay's "red lines", drawn once.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONTS = Path("/usr/share/fonts/truetype/dejavu")
SIZE = (1600, 2400)  # 2:3, the shape most reading systems expect
MARGIN = 140
INK = (244, 239, 230)
PAPER = (24, 38, 56)
RED = (200, 62, 48)
MUTED = (160, 174, 190)


def conf_value(name: str) -> str:
    """A value of docs/conf.py, as Sphinx reads it."""
    from sphinx_edition.pipeline.config import read_config

    return str(read_config(Path(__file__).resolve().parent.parent / "docs")[name])


def font(name: str, size: int) -> ImageFont.FreeTypeFont:
    path = FONTS / name
    if not path.exists():
        raise SystemExit(f"{path} is missing: install Debian's fonts-dejavu-core")
    return ImageFont.truetype(str(path), size)


def wrap(
    draw: ImageDraw.ImageDraw, text: str, face: ImageFont.FreeTypeFont, width: int
) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(trial, font=face) <= width:
            lines[-1] = trial
        else:
            lines.append(word)
    return lines


def draw_cover(title: str, author: str) -> Image.Image:
    image = Image.new("RGB", SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    width = SIZE[0] - 2 * MARGIN

    label = font("DejaVuSans.ttf", 44)
    draw.text((MARGIN, MARGIN), "AN OWN-WORDS EDITION", font=label, fill=MUTED)

    heading = font("DejaVuSerif-Bold.ttf", 150)
    y = 460
    for line in wrap(draw, title, heading, width):
        draw.text((MARGIN, y), line, font=heading, fill=INK)
        y += 190

    y += 90
    draw.rectangle((0, y, SIZE[0], y + 18), fill=RED)
    y += 120

    name = font("DejaVuSans-Bold.ttf", 96)
    draw.text((MARGIN, y), author, font=name, fill=INK)

    small = font("DejaVuSerif.ttf", 46)
    footer = ["An essay of 2017 on North Korea,", "the United States and China"]
    y = SIZE[1] - MARGIN - 60 * len(footer)
    for line in footer:
        draw.text((MARGIN, y), line, font=small, fill=MUTED)
        y += 60
    # A small palette keeps the file small; the picture is flat colour anyway.
    return image.quantize(colors=32, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "_static" / "cover.png")
    args = parser.parse_args(argv)
    image = draw_cover(conf_value("project"), conf_value("author"))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    # No timestamps or text chunks: the bytes depend on the pixels only.
    image.save(args.out, format="PNG", optimize=True)
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
