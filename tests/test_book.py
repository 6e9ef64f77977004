"""The built book, checked against its outputs: terms, links, ePub validity."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from support import (
    DC,
    EPUB_NS,
    OPF,
    XHTML,
    Build,
    broken_links,
    conf_value,
    copy_docs,
    epub_package_path,
    epubcheck,
    html_pages,
    read_config,
    required_terms,
    run_build,
    term_links,
    text_pages,
    xhtml_pages,
)

# What the book promises, from conf.py: the tests below hold for any content.
REQUIRED_TERMS = required_terms()
TEXT_FOLDER = str(conf_value("glossary_usage_prefix", ""))


def term_id(term: str) -> str:
    return "term-" + term.replace(" ", "-")


def glossary_ids(glossary_page: Path) -> list[str]:
    soup = BeautifulSoup(glossary_page.read_text(encoding="utf-8"), "html.parser")
    return [dt["id"] for dt in soup.select("dl.glossary > dt[id]")]


def test_required_terms_have_anchors(book: Build) -> None:
    ids = glossary_ids(book.html / "glossary.html")
    for term in REQUIRED_TERMS:
        assert term_id(term) in ids


@pytest.mark.essay
def test_glossary_has_at_least_ten_entries(book: Build) -> None:
    assert len(glossary_ids(book.html / "glossary.html")) >= 10


def test_every_html_link_resolves(book: Build) -> None:
    # 404.html is served at any depth, so its links are absolute from the
    # site's base path; tests/site/test_hosting.py follows them over HTTP.
    pages = [p for p in html_pages(book.html) if p.name != "404.html"]
    assert broken_links(pages, book.html) == []
    # The check above must have seen term links, or it proves nothing: at
    # least one per glossary entry, since every entry is used.
    assert len(term_links(pages)) >= len(glossary_ids(book.html / "glossary.html")) > 0


def test_every_epub_link_resolves(book: Build, epub_dir: Path) -> None:
    pages = xhtml_pages(epub_dir)
    assert broken_links(pages, epub_dir) == []
    assert len(term_links(pages)) >= len(glossary_ids(book.html / "glossary.html")) > 0


def test_every_glossary_entry_is_used_in_the_essay(book: Build) -> None:
    essay_pages = html_pages(book.html / TEXT_FOLDER)
    used = {
        fragment
        for _, _, target, fragment in term_links(essay_pages)
        if target.name == "glossary.html"
    }
    entries = set(glossary_ids(book.html / "glossary.html"))
    assert entries - used == set()


def test_epubcheck_reports_nothing(book: Build, tmp_path: Path) -> None:
    assert epubcheck(book.epub, tmp_path / "epubcheck.json") == []


def test_epubcheck_catches_a_broken_epub(book: Build, tmp_path: Path) -> None:
    # The check above is only worth something if EPUBCheck can fail here.
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(book.epub) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.endswith("glossary.xhtml"):
                data = data.replace(b"</body>", b"<p>unclosed</body>")
            dst.writestr(item, data)
    assert epubcheck(broken, tmp_path / "epubcheck.json") != []


def test_epub_nav_lists_essay_and_glossary(epub_dir: Path) -> None:
    package = epub_package_path(epub_dir)
    nav = ElementTree.parse(package.parent / "nav.xhtml")
    toc = next(n for n in nav.iter(f"{XHTML}nav") if n.get(f"{EPUB_NS}type") == "toc")
    hrefs = [a.get("href", "").split("#")[0] for a in toc.iter(f"{XHTML}a")]
    assert f"{TEXT_FOLDER}index.xhtml" in hrefs
    assert "glossary.xhtml" in hrefs


def test_epub_metadata(epub_dir: Path) -> None:
    config = read_config()
    package = ElementTree.parse(epub_package_path(epub_dir)).getroot()
    meta = package.find(f"{OPF}metadata")
    assert meta is not None

    def dc(name: str) -> str:
        el = meta.find(f"{DC}{name}")
        return (el.text or "").strip() if el is not None else ""

    assert dc("title") == config.project
    assert dc("creator") == conf_value("epub_author", "")
    assert dc("language") == config.language
    assert dc("identifier") == conf_value("epub_identifier", "")
    assert package.get("unique-identifier") == meta.find(f"{DC}identifier").get("id")
    # The editors are a second dc:creator with roles (tests/epub/test_epub_package.py).
    for name in ("publisher", "rights", "description"):
        assert dc(name) and dc(name) != "unknown", name
    versions = [m.text for m in meta.iter(f"{OPF}meta") if m.get("property") == "ibooks:version"]
    assert versions == [config.version]


def test_landing_page_links_to_the_epub(book: Build) -> None:
    soup = BeautifulSoup((book.html / "index.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = [a["href"] for a in soup.find_all("a", href=True) if a["href"].endswith(".epub")]
    assert hrefs == [book.epub.name]
    served = book.html / book.epub.name
    assert served.read_bytes() == book.epub.read_bytes()
    assert zipfile.ZipFile(served).namelist()[0] == "mimetype"


def test_unknown_term_fails_with_file_and_line(tmp_path: Path) -> None:
    docs = copy_docs(tmp_path / "docs")
    page = docs / text_pages()[-1]
    lines = [*page.read_text(encoding="utf-8").splitlines(), "", "See {term}`no such term`."]
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    build = run_build(tmp_path / "out", docs)
    assert build.returncode != 0
    assert f"{page.name}:{len(lines)}" in build.output
    assert "no such term" in build.output
    for output in ("html", "epub", "pdf"):  # one build: none of them published
        assert not (tmp_path / "out" / output).exists(), output
