"""The ePub as a person reads it: what its first pages, its term pop-ups and its
glossary pages show, in both editions.

Reading systems decide what a term link's pop-up shows from the markup
(see ARCHITECTURE.md, *sphinx_edition.epub*): Foliate 2 shows the element right after the
target ``<dt>``; calibre shows everything from the target to the next
element another link points at, minus what the book's CSS hides in its
pop-up (``body.calibre-footnote-container``). The first tests read those
two rules off the built XHTML; the browser tests lay the pages out in
Chromium, as the readers' engines do.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from backlink_checks import LIST_CLASS, USES_CLASS, glossary_entries, soup_of
from bs4 import Tag
from support import ZH, Build, entry_names, epub_package_path, extract, xhtml_pages

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


@pytest.fixture(scope="module", params=["en", pytest.param(ZH, marks=pytest.mark.zh)])
def edition(request: pytest.FixtureRequest, book: Build, tmp_path_factory) -> tuple[Path, Path]:
    """(unzipped ePub's content folder, site folder) of one edition."""
    epub = book.epub if request.param == "en" else book.zh_epub
    html = book.html if request.param == "en" else book.zh_html
    folder = extract(epub, tmp_path_factory.mktemp(f"read-{request.param}"))
    return epub_package_path(folder).parent, html


def headings(page: Path) -> list[tuple[int, str]]:
    """(level, text) of each heading, without the site's permalink signs."""
    soup = soup_of(page)
    for link in soup.select(".headerlink"):
        link.decompose()
    return [(int(h.name[1]), " ".join(h.get_text().split())) for h in soup.find_all(HEADINGS)]


@pytest.mark.slow
def test_the_title_comes_once_at_the_start(edition: tuple[Path, Path]) -> None:
    content, html = edition
    [(_, title)] = [h for h in headings(content / "titlepage.xhtml") if h[0] == 1]
    assert title
    landing = headings(content / "index.xhtml")
    # The landing page does not repeat it; its contents list is a heading, the first.
    assert title not in [text for _, text in landing]
    assert landing and landing[0][0] == 1, landing
    caption = soup_of(content / "index.xhtml").select_one(".toctree-wrapper h1.caption")
    assert caption is not None
    assert not soup_of(content / "index.xhtml").select("p.caption")
    # The site's landing page keeps its heading.
    assert (1, title) in headings(html / "index.html")


@pytest.mark.slow
def test_headings_are_in_order_on_every_page(edition: tuple[Path, Path]) -> None:
    content, _ = edition
    for page in xhtml_pages(content):
        if page.name in {"nav.xhtml", "cover.xhtml"}:
            continue
        levels = [level for level, _ in headings(page)]
        assert levels and levels[0] == 1, (page.name, levels)
        assert all(b <= a + 1 for a, b in pairwise(levels)), (page.name, levels)


def popup_targets(content: Path) -> list[tuple[Path, Tag]]:
    """The element each term link of the book points at."""
    found = []
    for page in xhtml_pages(content):
        for a in soup_of(page).select('a[epub\\:type~="glossref"]'):
            parts = urlsplit(a["href"])
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            el = soup_of(target).find(id=unquote(parts.fragment))
            assert el is not None, (page.name, a["href"])
            found.append((target, el))
    return found


def linked_ids(content: Path, target: Path) -> set[str]:
    """The ids of ``target`` some link of the book points at (calibre ends a
    pop-up at the next one)."""
    ids = set()
    for page in xhtml_pages(content):
        for a in soup_of(page).find_all("a", href=True):
            parts = urlsplit(a["href"])
            where = (page.parent / unquote(parts.path)).resolve() if parts.path else page.resolve()
            if parts.fragment and where == target.resolve():
                ids.add(unquote(parts.fragment))
    return ids


@pytest.mark.slow
def test_popups_show_the_definition_only(edition: tuple[Path, Path]) -> None:
    content, _ = edition
    targets = popup_targets(content)
    assert len(targets) >= len(entry_names())  # every entry is used
    linked = {page: linked_ids(content, page) for page, _ in targets}
    for page, dt in targets:
        assert dt.name == "dt", (page.name, dt)
        # Foliate: the element right after the term.
        shown = dt.find_next_sibling(True)
        assert shown.name == "dd" and shown.get("epub:type") == "glossdef", dt["id"]
        assert not shown.select(f".{LIST_CLASS}, .{LIST_CLASS}-lead, a[role=doc-backlink]")
        assert shown.get_text(strip=True)
        # calibre: up to the next element a link points at; between the two
        # there is only the definition and the list of uses, which the
        # stylesheet hides in calibre's pop-up (checked in Chromium below).
        between, stop = [], None
        for el in dt.find_all_next(True):
            if el.get("id") in linked[page]:
                stop = el
                break
            if el.parent is dt.parent:
                between.append(el)
        # It stops at the next term, not inside this entry.
        assert stop is None or stop.name == "dt", (dt["id"], stop)
        kinds = [
            "glossdef" if el.get("epub:type") == "glossdef" else el.get("class") for el in between
        ]
        assert kinds in (["glossdef"], ["glossdef", [USES_CLASS]]), (dt["id"], kinds)
    # The backlinks are still on the glossary page, under every entry.
    entries = glossary_entries(content / "glossary.xhtml")
    assert entries and all(e.uses is not None and e.links for e in entries)


@pytest.fixture(scope="module")
def page_in_chromium(browser) -> object:
    page = browser.new_page(viewport={"width": 900, "height": 800})
    yield page
    page.close()


@pytest.mark.slow
@pytest.mark.browser
def test_calibre_popup_hides_the_uses(edition: tuple[Path, Path], page_in_chromium) -> None:
    content, _ = edition
    page = page_in_chromium
    page.goto((content / "glossary.xhtml").as_uri())
    display = (
        "() => [...document.querySelectorAll('dd.glossary-uses')]"
        ".map(d => getComputedStyle(d).display)"
    )
    assert set(page.evaluate(display)) == {"block"}
    page.evaluate("() => document.body.classList.add('calibre-footnote-container')")
    shown = page.evaluate(display)
    assert shown and set(shown) == {"none"}
    definitions = (
        "() => [...document.querySelectorAll('dd[*|type=glossdef]')]"
        ".map(d => getComputedStyle(d).display)"
    )
    assert set(page.evaluate(definitions)) == {"block"}


# Lay the glossary out in columns of many heights, as paginating readers do,
# and check that no lead line or term ends a column with what follows it in
# the next one.
COLUMNS = """(height) => {
  const root = document.documentElement;
  Object.assign(root.style, {height: height + 'px', width: '800px', margin: '0', padding: '0',
                             columnCount: '2', columnGap: '40px', columnFill: 'auto',
                             overflow: 'hidden'});
  const at = x => Math.floor(x / 420);  // 380 px columns, 40 px apart
  const column = el => at(el.getBoundingClientRect().left);
  const columnOfEnd = el => at([...el.getClientRects()].pop().left);
  const split = [];
  for (const dd of document.querySelectorAll('dd.glossary-uses')) {
    const lead = dd.querySelector('p.glossary-backlinks-lead');
    const first = dd.querySelector('li');
    const term = dd.previousElementSibling.previousElementSibling;
    if (column(lead) !== column(first)) split.push('lead: ' + term.id);
  }
  for (const dt of document.querySelectorAll('dl.glossary > dt')) {
    const next = dt.nextElementSibling.firstElementChild || dt.nextElementSibling;
    if (columnOfEnd(dt) !== column(next)) split.push('term: ' + dt.id);
  }
  return split;
}"""


@pytest.mark.slow
@pytest.mark.browser
def test_lead_lines_and_terms_stay_with_what_follows(
    edition: tuple[Path, Path], page_in_chromium
) -> None:
    content, _ = edition
    page = page_in_chromium
    page.goto((content / "glossary.xhtml").as_uri())
    failures = {}
    for height in range(240, 800, 9):
        split = page.evaluate(COLUMNS, height)
        if split:
            failures[height] = split
    assert failures == {}
