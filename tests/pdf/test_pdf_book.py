"""The book's PDF read back, in each edition that makes one (English and
Chinese; tests/pdf/conftest.py): tags, language, title, outline, links,
fonts, text, running heads, the title page, same bytes twice, and PNGs of its
first pages (test-artifacts/pdf/<language>/) for a person to look at.

What these tests check is what ARCHITECTURE.md ("sphinx_edition.pdf") claims
and CONTRIBUTING.md ("What the tests check", "The PDF") lists; they are not a
PDF/UA validation (no full validator runs here).
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from bs4 import BeautifulSoup
from pdf_checks import (
    ARTIFACTS,
    BookPdf,
    Tree,
    build_pdf,
    flat,
    fonts,
    links,
    named_destinations,
    need,
    outline,
    page_content,
    page_texts,
)
from support import conf_value, entry_names, read_config, text_pages

from sphinx_edition.editions import book_editions

pytestmark = pytest.mark.slow

# What each language's PDF says of itself (the catalogs; its title and file
# name come from docs/conf.py, and the credits, checked only for this essay,
# from its cite_metadata).
EXPECTED = {
    "en": {
        "lang": "en",
        "glossary": "Glossary",
        "term_link": "Glossary: {term}",
        "fonts": ("DejaVu",),
        "credits": (
            "Pressure, Engagement and Risk Reduction",
            "Tong Zhao, author of the original",
            "Risk Reduction Edition editors",
            "America's Efforts to Subdue North Korea Will Fail—Unless China Gets Involved",
            "in The National Interest, 5 November 2017",
            # The edition's own date (cite_metadata), not the build's.
            "version 1.0, 29 November 2026",
            "CC BY 4.0",
            "https://zhao-risk-reduction.readthedocs.io/en/latest/",
        ),
        "max_bytes": 200_000,
    },
    "zh_CN": {
        "lang": "zh-CN",
        "glossary": "术语表",
        "term_link": "术语表：{term}",
        # Han characters from Noto CJK (Debian's fonts-noto-cjk), the rest DejaVu.
        "fonts": ("DejaVu", "Noto-Serif-CJK-SC", "Noto-Sans-Mono-CJK-SC"),
        "credits": (
            "施压、接触与降低风险",
            "Tong Zhao，原文作者",
            "降低风险版编者",
            # The original's title stays as published.
            "America's Efforts to Subdue North Korea Will Fail—Unless China Gets Involved",
            "原载 The National Interest，2017年11月5日",
            "1.0 版，2026年11月29日",
            "CC BY 4.0",
            "https://zhao-risk-reduction.readthedocs.io/en/latest/zh-cn/",
        ),
        # A Chinese book embeds a glyph for each of some 900 distinct
        # characters in two weights (CJK outlines are large); still subsets.
        "max_bytes": 1_000_000,
    },
}


def expected(book_pdf: BookPdf) -> dict:
    config = read_config()
    [edition] = [e for e in book_editions(config) if e.code == book_pdf.language]
    overrides = config.edition_languages.get(edition.code, {}).get("overrides", {})
    return {
        **EXPECTED[book_pdf.language],
        "title": overrides.get("project", config.project),
        "author": config.author,
        "name": f"{edition.basename(str(conf_value('pdf_basename', '')))}.pdf",
    }


def soup(book_pdf: BookPdf) -> BeautifulSoup:
    return BeautifulSoup(book_pdf.page.read_text(encoding="utf-8"), "html.parser")


def headings(book_pdf: BookPdf) -> list[str]:
    return [" ".join(h.get_text().split()) for h in soup(book_pdf).select("h1, h2, h3, h4")]


def glossary_terms(book_pdf: BookPdf) -> dict[str, str]:
    """Anchor -> term, for every glossary entry."""
    return {dt["id"]: dt.get_text().strip() for dt in soup(book_pdf).select("dl.glossary > dt")}


def test_pdf_is_tagged_with_language_and_title(pdf: pikepdf.Pdf, book_pdf: BookPdf) -> None:
    assert "/StructTreeRoot" in pdf.Root
    assert pdf.Root.MarkInfo.Marked is True
    assert str(pdf.Root.Lang) == expected(book_pdf)["lang"]
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
    assert str(pdf.docinfo.Title) == expected(book_pdf)["title"]
    assert expected(book_pdf)["author"] in str(pdf.docinfo.Author)
    with pdf.open_metadata() as xmp:
        assert xmp.get("dc:title") == expected(book_pdf)["title"]
    # No claim of PDF/UA conformance: no full validator has passed the file.
    assert b"pdfuaid" not in pdf.Root.Metadata.read_bytes()
    tree = Tree.read(pdf)
    # One heading element per heading of the page, and the other kinds a book has.
    found = headings(book_pdf)
    tagged = sum(tree.tags[f"/H{n}"] for n in range(1, 7))
    # (At least the landing page's, the text's pages' and the glossary's.)
    assert tagged == len(found) and len(found) >= len(text_pages()) + 2
    for tag in ("/Document", "/P", "/L", "/LI", "/LBody", "/Link"):
        assert tree.tags[tag] > 0, tag


def test_every_text_run_is_tagged_or_an_artifact(pdf: pikepdf.Pdf) -> None:
    tree = Tree.read(pdf)
    artifacts = 0
    for number, page in enumerate(pdf.pages, start=1):
        content = page_content(page, tree)
        assert content.unmarked == 0, f"page {number}: text outside marked content"
        assert content.untreed == [], f"page {number}: MCIDs {content.untreed} in no element"
        assert content.tagged, f"page {number} has no tagged text"
        artifacts += content.artifacts
    # Every page but the title page has a page number, and a running head.
    assert artifacts >= 2 * (len(pdf.pages) - 1)


def test_running_heads_and_page_numbers_stay_out_of_the_tree(
    pdf: pikepdf.Pdf, book_pdf: BookPdf
) -> None:
    texts = page_texts(book_pdf.path)
    assert len(texts) == len(pdf.pages)
    # The title page has neither; every other page shows its number on a line
    # of its own and the title of the section it is in at the top.
    assert not any(line.strip().isdigit() for line in texts[0].splitlines())
    titles = set(headings(book_pdf))
    for number, text in enumerate(texts[1:], start=2):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert str(number) in lines, f"page {number} has no page number"
        assert lines[0] in titles, f"page {number} starts with {lines[0]!r}, not a running head"
    # The running heads are artifacts: the essay's title is tagged as a heading
    # once, though it heads every page of the essay.
    tree = Tree.read(pdf)
    assert tree.tags["/H2"] == sum(1 for h in soup(book_pdf).select("h2"))


def test_outline_has_every_section_and_the_glossary(pdf: pikepdf.Pdf, book_pdf: BookPdf) -> None:
    items = outline(pdf)
    titles = [title for _, title, _ in items]
    assert len(items) >= 5
    for heading in headings(book_pdf):
        assert heading in titles, heading
    # Under the glossary, one bookmark per entry.
    name = expected(book_pdf)["glossary"]
    [glossary] = [i for i, (_, title, _) in enumerate(items) if title == name]
    depth = items[glossary][0]
    entries = []
    for item in items[glossary + 1 :]:
        if item[0] <= depth:
            break
        entries.append(item[1])
    assert entries == list(glossary_terms(book_pdf).values())
    # Each bookmark opens the page that shows its heading.
    texts = [book_pdf.norm(t) for t in page_texts(book_pdf.path)]
    for _, title, page in items:
        assert page >= 0 and book_pdf.norm(title) in texts[page], (title, page)


def test_term_links_go_to_their_definitions(pdf: pikepdf.Pdf, book_pdf: BookPdf) -> None:
    tree = Tree.read(pdf)
    found = links(pdf, tree)
    dests = named_destinations(pdf)
    terms = glossary_terms(book_pdf)
    internal = [link for link in found if link.dest is not None]
    # Every link annotation sits in a Link element; every internal one
    # resolves to a named destination.
    assert {link.tag for link in found} == {"/Link"}
    assert internal and all(link.dest in dests for link in internal)
    term_links = [link for link in internal if link.dest in terms]
    # Count links, not the pieces of a link broken over two lines.
    elements = {link.element for link in term_links}
    assert None not in elements
    uses = soup(book_pdf).select('a.reference.internal[href^="#term-"]')
    assert len(elements) >= len(uses) >= len(entry_names())  # every entry is used
    # Each lands on the page where its entry is printed, and says where it goes.
    texts = [book_pdf.norm(t) for t in page_texts(book_pdf.path)]
    for link in term_links:
        assert book_pdf.norm(terms[link.dest]) in texts[dests[link.dest]], link
        assert link.contents == expected(book_pdf)["term_link"].format(term=terms[link.dest])
    # Every entry is reached from somewhere.
    assert {link.dest for link in term_links} == set(terms)


def test_backlinks_return_to_the_uses(pdf: pikepdf.Pdf, book_pdf: BookPdf) -> None:
    found = [link for link in links(pdf, Tree.read(pdf)) if (link.dest or "").startswith("use-")]
    dests = named_destinations(pdf)
    glossary_page = min(dests[anchor] for anchor in glossary_terms(book_pdf))
    assert found
    for link in found:
        assert link.page >= glossary_page
        assert dests[link.dest] < glossary_page, link


def test_fonts_are_embedded_as_subsets(pdf: pikepdf.Pdf, book_pdf: BookPdf) -> None:
    found = fonts(pdf)
    assert found and all(found.values()), found
    # "ABCDEF+Name": a subset (PDF 32000-1, 9.6.4), of the faces named, each used.
    assert all(re.fullmatch(r"/[A-Z]{6}\+[\w-]+", name) for name in found), found
    families = expected(book_pdf)["fonts"]
    assert all(any(f in name for f in families) for name in found), found
    assert all(any(f in name for name in found) for f in families), found


def test_text_of_every_section(book_pdf: BookPdf) -> None:
    text = book_pdf.norm(" ".join(page_texts(book_pdf.path)))
    sections = soup(book_pdf).select("section")
    assert len(sections) >= len(text_pages())
    for section in sections:
        heading = section.find(["h1", "h2", "h3", "h4"])
        assert book_pdf.norm(heading.get_text()) in text
        paragraph = section.find("p", recursive=False) or section.find("p")
        # Its first twelve words (or, in Chinese, forty characters).
        start = " ".join(flat(paragraph.get_text()).split()[:12])
        start = book_pdf.norm(start)[:40] if book_pdf.language != "en" else start
        assert book_pdf.norm(start) in text, (heading.get_text(), start)
    for term in glossary_terms(book_pdf).values():
        assert book_pdf.norm(term) in text


@pytest.mark.essay  # this edition's credits
def test_title_page_gives_the_credits(book_pdf: BookPdf) -> None:
    first = book_pdf.norm(page_texts(book_pdf.path)[0])
    for words in expected(book_pdf)["credits"]:
        assert book_pdf.norm(words) in first, words


def test_no_website_chrome_reaches_the_pdf(book_pdf: BookPdf) -> None:
    page = soup(book_pdf)
    assert page.find("script") is None
    assert [link["href"] for link in page.find_all("link")] == ["_static/edition-pdf.css"]
    assert page.select(".term-preview, [aria-describedby], .headerlink") == []
    assert not page.find_all("meta", attrs={"property": True})
    text = " ".join(page_texts(book_pdf.path))
    # The landing page's links to the other books stay on the website.
    downloads = soup(book_pdf).select("a.edition-book")
    assert "¶" not in text and downloads == []


def test_same_bytes_on_a_second_build(
    book_pdf: BookPdf, tmp_path_factory: pytest.TempPathFactory
) -> None:
    again = build_pdf(tmp_path_factory.mktemp("pdf-book-again"), language=book_pdf.language)
    first = hashlib.sha256(book_pdf.path.read_bytes()).hexdigest()
    assert hashlib.sha256(again.path.read_bytes()).hexdigest() == first


def test_pngs_of_the_first_pages(book_pdf: BookPdf) -> None:
    folder = ARTIFACTS / book_pdf.language
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("page-*.png"):
        old.unlink()
    command = [need("pdftoppm"), "-r", "72", "-f", "1", "-l", "4", "-png"]
    subprocess.run([*command, str(book_pdf.path), str(folder / "page")], check=True)
    pngs = sorted(folder.glob("page-*.png"))
    assert len(pngs) == 4
    assert all(p.stat().st_size > 5_000 for p in pngs), [(p.name, p.stat().st_size) for p in pngs]


def test_the_build_says_where_the_pdf_is(book_pdf: BookPdf) -> None:
    assert book_pdf.path.name == expected(book_pdf)["name"]
    assert Path(book_pdf.path).stat().st_size < expected(book_pdf)["max_bytes"]
