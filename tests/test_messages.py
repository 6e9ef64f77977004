"""The words our extensions write themselves come from their own catalog
(sphinx_edition/messages.py), in the build's language."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from sphinx_edition.messages import CATALOG, LOCALE_DIR


def entries(catalog) -> dict[str, str]:
    return {m.id: m.string for m in catalog if m.id}


@pytest.mark.parametrize("po", sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{CATALOG}.po")))
def test_each_catalog_is_translated_and_compiled(po: Path) -> None:
    with po.open("rb") as f:
        source = read_po(f)
    with po.with_suffix(".mo").open("rb") as f:
        compiled = read_mo(f)
    assert all(m.string and not m.fuzzy for m in source if m.id), po
    # The .mo is what gettext reads: recompile after editing the .po
    # (the command is in sphinx_edition/messages.py).
    assert entries(compiled) == entries(source), po


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.sphinx(
    "epub",
    testroot="epub-images",
    srcdir="epub-images-zh",
    confoverrides={"language": "zh_CN", "epub_language": "zh-CN"},
)
def test_front_matter_and_landmarks_are_in_the_books_language(app) -> None:
    app.build()
    imprint = soup(app.outdir / "titlepage.xhtml").select_one("p.book-imprint")
    assert imprint.get_text() == "Test Press，0.1 版"
    assert soup(app.outdir / "cover.xhtml").title.get_text().startswith("封面")
    landmarks = soup(app.outdir / "nav.xhtml").find("nav", attrs={"epub:type": "landmarks"})
    assert {a.get_text() for a in landmarks.find_all("a")} >= {"封面", "书名页", "正文开始"}


@pytest.mark.sphinx("epub", testroot="epub-images")
def test_a_language_without_a_catalog_gets_the_english(app) -> None:
    app.build()
    imprint = soup(app.outdir / "titlepage.xhtml").select_one("p.book-imprint")
    assert imprint.get_text() == "Test Press, version 0.1"
