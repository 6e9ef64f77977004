"""sphinx_edition.site.assets: the purged stylesheet is kept between builds
while no page changes shape, and made again when one does."""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx_edition.site import assets, purge

ROOT = Path(__file__).resolve().parent.parent / "roots" / "test-html-incremental"
EXTENSIONS = [
    "myst_parser",
    "sphinx_edition.glossary.previews",
    "sphinx_edition.site.assets",
    "sphinx_edition.site.incremental",
]
PROSE = "\nAnteaters too.\n"
TABLE = "\n| a | b |\n| - | - |\n| 1 | 2 |\n"


def test_the_bundle_is_purged_again_only_when_a_page_changes_shape(
    make_app, tmp_path, monkeypatch
) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    overrides = {"extensions": EXTENSIONS, "html_theme": "sphinx_book_theme"}
    purges: list[int] = []
    real_purge = purge.purge

    def counted(*args, **kwargs):
        purges.append(1)
        return real_purge(*args, **kwargs)

    monkeypatch.setattr(purge, "purge", counted)

    def build(builddir: Path, fresh: bool = False) -> str:
        app = make_app(
            "html", srcdir=src, builddir=builddir, confoverrides=overrides, freshenv=fresh
        )
        app.build()
        return (Path(app.outdir) / assets.CSS_BUNDLE).read_text(encoding="utf-8")

    page = src / "alpha.md"
    page.write_text(page.read_text(encoding="utf-8") + PROSE * 2, encoding="utf-8")
    first = build(tmp_path / "inc")
    # One more paragraph after paragraphs: no new kind of element, so the
    # last bundle stands.
    page.write_text(page.read_text(encoding="utf-8") + PROSE, encoding="utf-8")
    assert build(tmp_path / "inc") == first
    assert len(purges) == 1
    # A table where there was none: the rules for tables may now be needed.
    page.write_text(page.read_text(encoding="utf-8") + TABLE, encoding="utf-8")
    with_table = build(tmp_path / "inc")
    assert len(purges) == 2
    assert with_table != first
    assert build(tmp_path / "clean", fresh=True) == with_table
