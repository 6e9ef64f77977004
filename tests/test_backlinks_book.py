"""The real book's glossary backlinks, in the HTML and in the ePub.

Every entry links back to every place in the essay that links to it, and
only to those, in reading order; every backlink lands on a term link that
leads to the same entry. Reads the session build (no build of its own).
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from backlink_checks import LIST_CLASS, glossary_entries, problems
from support import OPF, Build, epub_package_path

pytestmark = pytest.mark.essay


def spine(epub_dir: Path) -> list[Path]:
    """The ePub's content documents in reading order."""
    opf = epub_package_path(epub_dir)
    tree = ElementTree.parse(opf)
    hrefs = {i.get("id"): i.get("href") for i in tree.iter(f"{OPF}item")}
    return [opf.parent / hrefs[ref.get("idref")] for ref in tree.iter(f"{OPF}itemref")]


def essay_pages(epub_dir: Path, root: Path, suffix: str) -> list[Path]:
    """The essay's pages under ``root`` in the ePub's reading order."""
    opf_dir = epub_package_path(epub_dir).parent
    names = [p.relative_to(opf_dir).with_suffix(suffix) for p in spine(epub_dir)]
    return [root / n for n in names if n.parts[0] == "essay"]


@pytest.mark.slow
def test_html_glossary_links_back_to_every_use(book: Build, epub_dir: Path) -> None:
    pages = essay_pages(epub_dir, book.html, ".html")
    assert [p.stem for p in pages] == [
        "index",
        "conflicting-strategies",
        "risk-reduction",
        "joint-strategy",
    ]
    glossary = book.html / "glossary.html"
    assert problems(glossary, pages) == []
    entries = glossary_entries(glossary)
    assert len(entries) >= 14
    # The checks saw real links: as many backlinks as term links in the essay.
    assert sum(len(e.links) for e in entries) >= 14


@pytest.mark.slow
def test_epub_glossary_links_back_to_every_use(epub_dir: Path) -> None:
    opf_dir = epub_package_path(epub_dir).parent
    glossary = opf_dir / "glossary.xhtml"
    assert problems(glossary, essay_pages(epub_dir, opf_dir, ".xhtml")) == []
    for entry in glossary_entries(glossary):
        # The definition is the glossdef; the backlinks follow it in a <dd> of
        # their own, marked as links back, so no reader's pop-up shows them.
        assert entry.dd.get("epub:type") == "glossdef"
        assert not entry.dd.select(f".{LIST_CLASS}")
        assert entry.uses is not None and entry.uses.get("epub:type") is None
        assert entry.uses.select(f"ul.{LIST_CLASS}")
        for link in entry.links:
            assert (link.get("epub:type"), link.get("role")) == ("backlink", "doc-backlink")


@pytest.mark.slow
def test_labels_say_which_use_is_which(book: Build) -> None:
    # Every link of an entry has its own name, and none is a bare "(2)".
    for root in (book.html, book.zh_html):
        for entry in glossary_entries(root / "glossary.html"):
            labels = entry.labels()
            assert len(set(labels)) == len(labels), (root.name, entry.term_id, labels)
            assert not any(re.search(r"\(\d+\)$", label) for label in labels), labels
    english = {e.term_id: e.labels() for e in glossary_entries(book.html / "glossary.html")}
    assert (
        english["term-risk-reduction"].count(
            "The first decision: risk-taking or risk reduction, use 1 of 2"
        )
        == 1
    )
    chinese = {e.term_id: e.labels() for e in glossary_entries(book.zh_html / "glossary.html")}
    assert any("（第1处，共2处）" in label for label in chinese["term-risk-reduction"])


@pytest.mark.slow
def test_html_and_epub_backlinks_agree(book: Build, epub_dir: Path) -> None:
    glossary = epub_package_path(epub_dir).parent / "glossary.xhtml"
    html = {e.term_id: e.labels() for e in glossary_entries(book.html / "glossary.html")}
    epub = {e.term_id: e.labels() for e in glossary_entries(glossary)}
    assert html == epub
    hrefs = {
        e.term_id: [a["href"].replace(".xhtml", ".html") for a in e.links]
        for e in glossary_entries(glossary)
    }
    assert hrefs == {
        e.term_id: [a["href"] for a in e.links]
        for e in glossary_entries(book.html / "glossary.html")
    }
