"""Draw the ePub's cover: typographic, made here, the same pixels every run.

    .venv/bin/python scripts/make_cover.py            # writes docs/_static/cover.png
    .venv/bin/python scripts/make_cover.py --out X.png

The words come from docs/conf.py (project, author, and cover_label and
cover_footer, the small words above the title and at the foot), so the cover
cannot drift from the book and holds no fact of its own. It uses the DejaVu
fonts of Debian's fonts-dejavu-core (which scripts/test installs); the fonts
are used to draw pixels only, nothing is embedded in the ePub. A red rule
crosses the page between the title and the author.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
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


# name -> default: the cover's own values in conf.py (no extension reads them).
COVER_VALUES: dict[str, object] = {"cover_label": "", "cover_footer": []}


def conf_values() -> dict[str, object]:
    """The values of docs/conf.py the cover shows, as Sphinx reads them."""
    from sphinx_edition.pipeline.config import read_config

    config = read_config(Path(__file__).resolve().parent.parent / "docs")
    for name, default in COVER_VALUES.items():
        config.add(name, default, "", frozenset({type(default)}))
    names = ("project", "author", *COVER_VALUES)
    return {name: config[name] for name in names}


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


def draw_cover(
    title: str, author: str, label_text: str = "", footer: Sequence[str] = ()
) -> Image.Image:
    image = Image.new("RGB", SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    width = SIZE[0] - 2 * MARGIN

    if label_text:
        label = font("DejaVuSans.ttf", 44)
        draw.text((MARGIN, MARGIN), label_text, font=label, fill=MUTED)

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
    values = conf_values()
    image = draw_cover(
        str(values["project"]),
        str(values["author"]),
        str(values["cover_label"]),
        [str(line) for line in values["cover_footer"]],  # type: ignore[union-attr]
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    # No timestamps or text chunks: the bytes depend on the pixels only.
    image.save(args.out, format="PNG", optimize=True)
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
