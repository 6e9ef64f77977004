"""sphinx_edition.site.assets: the purged stylesheet is kept between builds
while no page changes shape, and made again when one does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

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


@pytest.fixture
def purges(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One item per purge a build runs."""
    runs: list[int] = []
    real_purge = purge.purge

    def counted(*args, **kwargs):
        runs.append(1)
        return real_purge(*args, **kwargs)

    monkeypatch.setattr(purge, "purge", counted)
    return runs


def test_the_bundle_is_purged_again_only_when_a_page_changes_shape(
    make_app, tmp_path, monkeypatch, purges
) -> None:
    monkeypatch.setenv("SPHINX_EDITION_CACHE_DIR", str(tmp_path / "cache"))
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    overrides = {"extensions": EXTENSIONS, "html_theme": "sphinx_book_theme"}

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


def test_a_clean_build_takes_a_bundle_purged_by_an_earlier_build(
    make_app, tmp_path, monkeypatch, purges
) -> None:
    """The per-user cache (sphinx_edition.cache) holds purged bundles by the
    key of all their inputs: a build in another folder with the same inputs
    purges nothing and writes the same bundle; a damaged entry or a cache
    turned off in conf.py means a purge as before."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("SPHINX_EDITION_CACHE_DIR", str(cache))
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)

    def build(name: str, **conf: object) -> str:
        overrides = {"extensions": EXTENSIONS, "html_theme": "sphinx_book_theme", **conf}
        app = make_app("html", srcdir=src, builddir=tmp_path / name, confoverrides=overrides)
        app.build()
        return (Path(app.outdir) / assets.CSS_BUNDLE).read_text(encoding="utf-8")

    first = build("one")
    assert len(purges) == 1
    [entry] = (cache / "site-bundle").iterdir()
    assert entry.read_text(encoding="utf-8") == first
    assert any((cache / "jinja").iterdir()), "templates were not compiled into the cache"

    parsed: list[Path] = []
    real_parse = purge.parse_page

    def counted_parse(page: Path):
        parsed.append(page)
        return real_parse(page)

    monkeypatch.setattr(purge, "parse_page", counted_parse)
    assert build("two") == first
    assert len(purges) == 1, "a clean build with the same inputs purged again"
    assert parsed == [], "pages an earlier build wrote byte for byte were parsed again"
    assert any((cache / "page-shapes").iterdir())

    entry.write_bytes(b"\xff\xfe not UTF-8")
    [facts] = (cache / "style-facts").iterdir()
    facts.write_text('{"digest": 1}', encoding="utf-8")
    assert build("three") == first
    assert len(purges) == 2, "a damaged entry was used"

    assert build("four", edition_shared_cache=False) == first
    assert len(purges) == 3, "the cache was read though conf.py turned it off"
