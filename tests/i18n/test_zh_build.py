"""The Simplified Chinese edition, as scripts/build publishes it beside the English one.

Reads the session build (tests/conftest.py ``book``): the Chinese site under
``html/zh-cn/``, its ePub under ``epub/zh-cn/``. Every page of either
language offers the same page in the other, in the page and in the head; the
Chinese glossary has every entry, with backlinks and previews; the Chinese
ePub is its own book in its own language and passes EPUBCheck.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from backlink_checks import glossary_entries, problems, soup_of
from support import (
    DC,
    OPF,
    XHTML,
    ZH,
    Build,
    broken_links,
    edition_path,
    epub_package_path,
    epubcheck,
    extract,
    html_pages,
    read_config,
    term_links,
    xhtml_pages,
)

pytestmark = [pytest.mark.slow, pytest.mark.zh]

CJK = re.compile("[\u4e00-\u9fff]")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def english_pages(book: Build) -> list[Path]:
    return [p for p in html_pages(book.html) if not p.is_relative_to(book.zh_html)]


def overrides() -> dict:
    return read_config().edition_languages[ZH]["overrides"]


@pytest.fixture(scope="module")
def zh_epub_dir(book: Build, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return extract(book.zh_epub, tmp_path_factory.mktemp("zh-epub"))


def reading_order(epub_dir: Path, root: Path, suffix: str) -> list[Path]:
    """The essay's pages under ``root``, in the ePub's reading order."""
    opf = epub_package_path(epub_dir)
    tree = ElementTree.parse(opf)
    hrefs = {i.get("id"): i.get("href") for i in tree.iter(f"{OPF}item")}
    names = [Path(hrefs[ref.get("idref")]) for ref in tree.iter(f"{OPF}itemref")]
    return [root / n.with_suffix(suffix) for n in names if n.parts[0] == "essay"]


# -- The site -------------------------------------------------------------------


def test_every_page_is_in_both_languages_and_says_which(book: Build) -> None:
    english = english_pages(book)
    chinese = html_pages(book.zh_html)
    assert [p.relative_to(book.html) for p in english] == [
        p.relative_to(book.zh_html) for p in chinese
    ]
    assert len(chinese) >= 9
    for page in english:
        assert soup_of(page).html["lang"] == "en", page
    for page in chinese:
        assert soup_of(page).html["lang"] == "zh-CN", page
    # The pages are in Chinese, not English pages with a Chinese label.
    title = soup_of(book.zh_html / "index.html").find("h1").get_text()
    assert CJK.search(title), title


@pytest.mark.parametrize("direction", ["en->zh", "zh->en"])
def test_every_page_links_to_itself_in_the_other_language(book: Build, direction: str) -> None:
    base = read_config().html_baseurl
    path = edition_path(ZH)
    if direction == "en->zh":
        pages, here, there, tag, prefix = (
            english_pages(book),
            book.html,
            book.zh_html,
            "zh-CN",
            path,
        )
    else:
        pages, here, there, tag, prefix = (
            html_pages(book.zh_html),
            book.zh_html,
            book.html,
            "en",
            "",
        )
    for page in pages:
        name = page.relative_to(here).as_posix()
        nav = soup_of(page).find("nav", class_="edition-languages")
        assert nav is not None and nav.get("aria-label"), name
        # Above the article, with the theme's buttons: on every screen size.
        assert nav.find_parent(class_="bd-header-article"), name
        [link] = nav.find_all("a", href=True)
        assert (link["hreflang"], link["lang"]) == (tag, tag), name
        assert "pst-js-only" not in link.get("class", []), name
        if page.name == "404.html":
            # Served at any depth: its links are absolute, from the site's base path.
            assert link["href"] == urlsplit(base + prefix + name).path, name
        else:
            assert (page.parent / link["href"]).resolve() == (there / name).resolve(), name


def test_every_page_names_its_address_in_each_language(book: Build) -> None:
    base = read_config().html_baseurl
    path = edition_path(ZH)
    for root, pages in ((book.html, english_pages(book)), (book.zh_html, html_pages(book.zh_html))):
        for page in pages:
            if page.name == "404.html":
                continue  # not a page for search engines
            name = page.relative_to(root).as_posix()
            links = soup_of(page).find_all("link", rel="alternate", hreflang=True)
            assert {a["hreflang"]: a["href"] for a in links} == {
                "en": base + name,
                "zh-CN": base + path + name,
                "x-default": base + name,
            }, name
    canonical = soup_of(book.zh_html / "glossary.html").find("link", rel="canonical")
    assert canonical["href"] == base + path + "glossary.html"


def test_every_chinese_link_resolves(book: Build) -> None:
    # 404.html's links are absolute (see tests/site/test_hosting.py).
    pages = [p for p in html_pages(book.zh_html) if p.name != "404.html"]
    assert broken_links(pages, book.html) == []
    assert len(term_links(pages)) >= 14


def test_the_chinese_search_splits_chinese_words(book: Build) -> None:
    text = (book.zh_html / "searchindex.js").read_text(encoding="utf-8")
    terms = json.loads(text[text.index("(") + 1 : text.rindex(")")])["terms"]
    # jieba's words, not whole runs of characters between punctuation.
    assert {"朝鲜", "施压", "中国"} <= set(terms)
    chinese = [t for t in terms if CJK.search(t)]
    assert len(chinese) > 100 and max(map(len, chinese)) <= 8


# -- The glossary -------------------------------------------------------------------


def test_the_chinese_glossary_has_every_entry_with_backlinks(
    book: Build, zh_epub_dir: Path
) -> None:
    english = glossary_entries(book.html / "glossary.html")
    glossary = book.zh_html / "glossary.html"
    chinese = glossary_entries(glossary)
    # The same entries (the anchors come from the English names), sorted by the Chinese ones.
    assert sorted(e.term_id for e in chinese) == sorted(e.term_id for e in english)
    assert len(chinese) >= 10
    essay = reading_order(zh_epub_dir, book.zh_html, ".html")
    assert essay[0].stem == "index" and len(essay) == 4
    label = overrides()["glossary_backlinks_label"]
    # problems() also wants the English lead-in; the Chinese one is checked below.
    assert [p for p in problems(glossary, essay) if "no lead-in" not in p] == []
    for entry in chinese:
        lead = entry.uses and entry.uses.find("p", class_="glossary-backlinks-lead")
        assert lead is not None and lead.get_text(strip=True) == label, entry.term_id
        assert CJK.search(entry.dd.get_text()), entry.term_id
    assert sum(len(e.links) for e in chinese) == sum(len(e.links) for e in english)


def test_chinese_term_links_preview_chinese_definitions(book: Build) -> None:
    pages = html_pages(book.zh_html / "essay")
    seen = 0
    for page in pages:
        soup = soup_of(page)
        for a in soup.select("a[href*='#term-']"):
            preview = a.get("data-term-preview")
            assert preview and a.get("aria-describedby") == preview, (page.name, a["href"])
            block = soup.find(id=preview)
            assert block is not None and CJK.search(block.get_text()), (page.name, preview)
            # A preview is the definition alone, not the list of uses.
            assert not block.select(".glossary-backlinks"), (page.name, preview)
            seen += 1
    assert seen >= 14


# -- The ePub -------------------------------------------------------------------


def test_the_chinese_epub_passes_epubcheck(book: Build, tmp_path: Path) -> None:
    assert epubcheck(book.zh_epub, tmp_path / "epubcheck.json") == []


def test_the_chinese_epub_is_in_chinese_throughout(zh_epub_dir: Path) -> None:
    package = ElementTree.parse(epub_package_path(zh_epub_dir)).getroot()
    assert package.get(XML_LANG) == "zh-CN"
    assert [e.text for e in package.iter(f"{DC}language")] == ["zh-CN"]
    assert CJK.search(next(package.iter(f"{DC}title")).text)
    documents = xhtml_pages(zh_epub_dir)
    assert len(documents) >= 8
    for doc in documents:
        root = ElementTree.parse(doc).getroot()
        assert root.tag == f"{XHTML}html"
        assert (root.get("lang"), root.get(XML_LANG)) == ("zh-CN", "zh-CN"), doc.name
    key_map = ElementTree.parse(zh_epub_dir / "glossary-search-key-map.xml").getroot()
    assert key_map.get(XML_LANG) == "zh-CN"


def test_the_chinese_epub_embeds_no_fonts(zh_epub_dir: Path) -> None:
    package = ElementTree.parse(epub_package_path(zh_epub_dir)).getroot()
    types = {i.get("media-type") for i in package.iter(f"{OPF}item")}
    assert not {t for t in types if "font" in t}, types
    for css in zh_epub_dir.rglob("*.css"):
        text = re.sub(r"/\*.*?\*/", "", css.read_text(encoding="utf-8"), flags=re.S)
        assert "@font-face" not in text, css.name
    # Chinese faces where the reader has them, else its own serif.
    book_css = (zh_epub_dir / "_static" / "epub-book.css").read_text(encoding="utf-8")
    rule = re.search(r"body:lang\(zh\)\s*\{([^}]*)\}", book_css)
    assert rule and re.search(r"font-family:[^;]*\bserif;", rule.group(1))


def test_the_chinese_epub_is_a_book_of_its_own(book: Build, zh_epub_dir: Path) -> None:
    def identifier(root: Path) -> str:
        return next(
            ElementTree.parse(epub_package_path(root)).getroot().iter(f"{DC}identifier")
        ).text

    english = extract(book.epub, zh_epub_dir.parent / "en-for-id")
    assert identifier(zh_epub_dir) != identifier(english)
    assert book.zh_epub.name != book.epub.name
    assert broken_links(xhtml_pages(zh_epub_dir), zh_epub_dir) == []
    assert len(term_links(xhtml_pages(zh_epub_dir))) >= 14


# What the edition says of itself, in Chinese: the ePub's navigation, subjects,
# publisher and editors, the about page's citation and the pages' citation tags
# (the original's title and venue, and the author's name, stay as published).
LATIN_RUN = re.compile(r"[A-Za-z]{2,}(?: [A-Za-z]{2,})*")
# Names (the author's, the original's venue, the licence's) and formats.
KEPT_AS_PUBLISHED = {"Tong Zhao", "Zhao", "Tong", "The National Interest", "CC BY"} | {
    "BibTeX",
    "ePub",
    "PDF",
}


def english_left(text: str) -> set[str]:
    cite = read_config().edition_languages[ZH]["overrides"]["cite_metadata"]
    original = cite["original"]["title"]
    text = text.replace(original, "")
    text = re.sub(r"https?://\S+", "", text)
    return {run for run in LATIN_RUN.findall(text) if run not in KEPT_AS_PUBLISHED}


def test_the_chinese_epub_describes_itself_in_chinese(zh_epub_dir: Path) -> None:
    package = ElementTree.parse(epub_package_path(zh_epub_dir)).getroot()
    nav = ElementTree.parse(zh_epub_dir / "nav.xhtml").getroot()
    assert [h.text for h in nav.iter(f"{XHTML}h1")] == ["目录"]
    assert next(nav.iter(f"{XHTML}title")).text == "目录"
    metadata = [
        e.text or ""
        for e in package.iter()
        if e.tag.startswith(DC) and e.tag not in (f"{DC}identifier", f"{DC}language")
    ]
    assert [e.text for e in package.iter(f"{DC}subject")] == [
        "朝鲜",
        "核武器",
        "中美关系",
        "降低风险",
    ]
    assert [e.text for e in package.iter(f"{DC}publisher")] == ["降低风险版"]
    assert "降低风险版编者" in metadata
    assert {run for text in metadata for run in english_left(text)} == set(), metadata


def test_the_chinese_citation_is_in_chinese(book: Build) -> None:
    about = soup_of(book.zh_html / "about.html")
    [citation] = about.select("p.edition-citation")
    [lead] = about.select("p.edition-citation-lead")
    assert english_left(citation.get_text(" ")) == set(), citation.get_text()
    assert lead.get_text() == "BibTeX 格式："
    tags = {m["name"]: m["content"] for m in about.find_all("meta", attrs={"name": True})}
    assert tags["citation_abstract"] == overrides()["epub_description"]
    assert tags["citation_editor"] == "降低风险版编者"
    assert english_left(tags["DC.source"]) == set(), tags["DC.source"]


# -- Publishing --------------------------------------------------------------------


def test_every_site_offers_every_book(book: Build) -> None:
    [zh_pdf] = (book.out / "pdf" / edition_path(ZH)).glob("*.pdf")
    books = [book.epub, book.pdf, book.zh_epub, zh_pdf]
    assert book.pdf.parent == book.out / "pdf"
    for root in (book.html, book.zh_html):
        for made in books:
            assert (root / made.name).read_bytes() == made.read_bytes(), (root, made.name)
    # The landing pages' download links lead to a book in either language.
    for root in (book.html, book.zh_html):
        hrefs = [
            a["href"]
            for a in soup_of(root / "index.html").find_all("a", href=True)
            if a["href"].endswith((".epub", ".pdf"))
        ]
        assert hrefs and all((root / h).is_file() for h in hrefs), hrefs
