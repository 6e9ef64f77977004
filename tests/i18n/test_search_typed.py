"""Search as a reader uses it: on the site of each edition, open the search
box (Ctrl+K), type a glossary term and press Enter; the glossary is among
the pages found. In Chinese the term is typed as one word, as a reader
types it, though the index holds jieba's pieces of it
(sphinx_edition.site.search). The Chinese search page speaks Chinese: its
form, its progress and its verdicts, found or not."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from backlink_checks import soup_of
from site_server import serve
from support import ZH, Build, edition_path, read_config

pytestmark = [pytest.mark.slow, pytest.mark.browser]

EDITIONS = list(read_config().edition_languages)
# The terms the issue was filed for (issue 23): typed whole, they found nothing.
NAMED = ["极限施压", "降低风险", "危机管控", "红线", "边缘政策"]
# A word no page holds.
ABSENT = {"en": "xylophone", ZH: "长颈鹿"}
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# The brackets around a translated entry's English name.
GLOSS = re.compile(r"[（()）]")


@pytest.fixture(scope="module")
def base_url(book: Build) -> Iterator[str]:
    with serve(book.html) as url:
        yield url


@pytest.fixture(scope="module")
def page(browser: Any) -> Iterator[Any]:
    page = browser.new_page()
    yield page
    page.close()


def glossary_terms(book: Build, language: str) -> list[str]:
    """Every glossary entry's name as a reader types it: a translated entry
    shows its English name after it in brackets, 极限施压（maximum
    pressure）, and each is typed alone."""
    glossary = soup_of(book.edition_html(language) / "glossary.html")
    terms = []
    for dt in glossary.select("dl.glossary > dt"):
        for link in dt.select("a.headerlink"):
            link.decompose()
        name = " ".join(dt.get_text(" ", strip=True).split())
        terms += [part.strip() for part in GLOSS.split(name) if part.strip()]
    return terms


def typed_search(page: Any, base_url: str, language: str, query: str) -> tuple[str, list[str]]:
    """Type ``query`` into the search box of the edition's landing page and
    press Enter; the search page's verdict and the pages it lists."""
    page.goto(base_url + edition_path(language) + "index.html")
    page.keyboard.press("Control+k")
    box = page.locator("#pst-search-dialog input[name=q]")
    box.wait_for(state="visible")
    page.keyboard.type(query)
    page.keyboard.press("Enter")
    page.wait_for_url("**/search.html?q=*")
    # Sphinx writes the verdict when the search is done (searchtools.js).
    summary = page.locator("#search-results p.search-summary")
    summary.filter(has_text=re.compile(r"\S")).wait_for()
    links = page.locator("#search-results ul.search li a")
    hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
    return summary.inner_text(), hrefs


def finds_glossary(hrefs: list[str]) -> bool:
    return any(href.split("?")[0].split("#")[0].endswith("glossary.html") for href in hrefs)


@pytest.mark.parametrize("language", EDITIONS)
def test_every_glossary_term_typed_finds_the_glossary(
    book: Build, base_url: str, page: Any, language: str
) -> None:
    terms = glossary_terms(book, language)
    assert len(terms) >= 10, terms
    missed = {}
    for term in terms:
        summary, hrefs = typed_search(page, base_url, language, term)
        if not finds_glossary(hrefs):
            missed[term] = (summary, hrefs)
    assert missed == {}


def test_the_terms_of_issue_23_typed_on_the_chinese_site(base_url: str, page: Any) -> None:
    for term in NAMED:
        _, hrefs = typed_search(page, base_url, ZH, term)
        assert finds_glossary(hrefs), (term, hrefs)


def test_the_chinese_search_page_speaks_chinese(base_url: str, page: Any) -> None:
    found, hrefs = typed_search(page, base_url, ZH, "红线")
    assert hrefs and not LATIN_WORD.search(found), found
    missing, hrefs = typed_search(page, base_url, ZH, ABSENT[ZH])
    assert hrefs == [] and not LATIN_WORD.search(missing), missing
    # The page's own words: heading, form, verdict (the results' snippets
    # quote the pages, and are left out).
    ui = page.evaluate(
        """() => {
          const area = document.querySelector(".bd-search-container");
          const words = [];
          area.querySelectorAll("h1, h2, .search-summary, label, button").forEach(
            (el) => words.push(el.innerText));
          area.querySelectorAll("[placeholder], [aria-label], [title]").forEach((el) => {
            for (const name of ["placeholder", "aria-label", "title"])
              if (el.getAttribute(name)) words.push(el.getAttribute(name));
          });
          return words;
        }"""
    )
    assert ui and [w for w in ui if LATIN_WORD.search(w)] == [], ui


def test_an_absent_word_finds_nothing_in_english(base_url: str, page: Any) -> None:
    summary, hrefs = typed_search(page, base_url, "en", ABSENT["en"])
    assert hrefs == [] and summary.strip()
