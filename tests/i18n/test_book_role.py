"""The ``book`` role links each edition's own book, by kind (reST root)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup


def book_links(app) -> dict[str, str]:
    soup = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    return {a.get_text(): a["href"] for a in soup.select("a.edition-book")}


@pytest.mark.sphinx("html", testroot="book-role")
def test_the_source_edition_links_its_own_books(app) -> None:
    app.build()
    assert book_links(app) == {"the ePub": "the-book.epub", "the PDF": "the-book.pdf"}
    assert not app.warning.getvalue()


@pytest.mark.sphinx("html", testroot="book-role", confoverrides={"language": "de"})
def test_a_translation_links_its_ePub_and_the_source_PDF_it_does_not_make(app) -> None:
    app.build()
    # The German edition makes an ePub of its own (a derived name) but no PDF.
    assert book_links(app) == {"the ePub": "the-book-de.epub", "the PDF": "the-book.pdf"}


# Its own copy of the root, since the test edits it.
@pytest.mark.sphinx("html", testroot="book-role", srcdir="book-role-unknown-kind")
def test_an_unknown_kind_is_reported_in_the_sources_syntax(app) -> None:
    index = app.srcdir / "index.rst"
    index.write_text(index.read_text(encoding="utf-8").replace("<pdf>", "<mobi>"), encoding="utf-8")
    app.build()
    warnings = app.warning.getvalue()
    assert "index.rst:4:" in warnings
    assert ":book:`the PDF <mobi>` names no book this project builds" in warnings
    assert ":book:`words <epub>`, :book:`words <pdf>`" in warnings
