"""The pdf builder on a small root (tests/roots/test-pdf): two pages whose
sections share a name, term uses on both, a link from one to the other's
section, a glossary with backlinks, no cite_metadata, and a page.html in
templates_path meant for a website."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from bs4 import BeautifulSoup
from pdf_checks import Tree, flat, links, named_destinations, page_texts
from sphinx.testing.util import SphinxTestApp


def built(app: SphinxTestApp) -> tuple[pikepdf.Pdf, list[str]]:
    """Build; the PDF (named after the project, no pdf_basename set) and its pages' text."""
    app.build()
    path = Path(app.outdir) / "pdftestbook.pdf"
    return pikepdf.open(path), [flat(t) for t in page_texts(path)]


def page_of(texts: list[str], words: str) -> int:
    [index] = [i for i, text in enumerate(texts) if words in text]
    return index


@pytest.mark.sphinx("pdf", testroot="pdf")
def test_links_find_their_own_targets(app: SphinxTestApp, warning: io.StringIO) -> None:
    pdf, texts = built(app)
    assert warning.getvalue() == ""
    page = BeautifulSoup((Path(app.outdir) / "index.html").read_text("utf-8"), "html.parser")
    ids = [tag["id"] for tag in page.find_all(id=True)]
    assert len(ids) == len(set(ids)), "ids repeat on the single page"
    dests = named_destinations(pdf)
    found = links(pdf, Tree.read(pdf))
    internal = [link for link in found if link.dest is not None]
    assert internal and all(link.dest in dests for link in internal)
    # The link in the first page goes to the second page's "Background", not
    # to the first page's section of the same name.
    [across] = [link for link in internal if link.contents == "Background"]
    assert dests[across.dest] == page_of(texts, "This background also mentions")
    # Term links go to the glossary entry.
    glossary = page_of(texts, "A small thing, unlike")
    terms = [link for link in internal if link.dest.startswith("term-")]
    assert len(terms) == 6 and all(dests[link.dest] == glossary for link in terms)


@pytest.mark.sphinx("pdf", testroot="pdf")
def test_backlinks_return_to_each_use(app: SphinxTestApp) -> None:
    pdf, texts = built(app)
    dests = named_destinations(pdf)
    glossary = page_of(texts, "A small thing, unlike")
    found = links(pdf, Tree.read(pdf))
    back = [link for link in found if link.page == glossary and "term-" not in link.dest]
    first, second = page_of(texts, "is the subject here"), page_of(texts, "also mentions")
    # widget: twice in the first page, once in the second; gadget: once in each.
    assert sorted(dests[link.dest] for link in back) == sorted([first] * 3 + [second] * 2)
    assert len({link.dest for link in back}) == 5


@pytest.mark.sphinx("pdf", testroot="pdf")
def test_title_page_without_citation_metadata(app: SphinxTestApp) -> None:
    pdf, texts = built(app)
    assert "PDF Test Book" in texts[0] and "A. Tester" in texts[0]
    assert "Version 0.1" in texts[0]
    assert str(pdf.Root.Lang) == "en" and pdf.Root.ViewerPreferences.DisplayDocTitle is True
    assert str(pdf.docinfo.Title) == "PDF Test Book"


@pytest.mark.sphinx("pdf", testroot="pdf")
def test_a_website_page_template_does_not_reach_the_pdf(app: SphinxTestApp) -> None:
    _, texts = built(app)
    assert not any("WEBSITE CHROME" in text for text in texts)
    assert "WEBSITE CHROME" not in (Path(app.outdir) / "index.html").read_text("utf-8")


@pytest.mark.sphinx("pdf", testroot="pdf", tags=["remote"])
def test_nothing_is_fetched_and_weasyprint_speaks_through_sphinx(
    app: SphinxTestApp, warning: io.StringIO
) -> None:
    pdf, texts = built(app)
    said = warning.getvalue()
    assert "WeasyPrint, laying out" in said and "https://example.org/picture.png" in said
    # The picture was not fetched; the rest of the book was laid out.
    assert len(pdf.pages) == len(texts) >= 4 and "also mentions" in " ".join(texts)
