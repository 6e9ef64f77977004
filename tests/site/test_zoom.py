"""Text at 200% (WCAG 1.4.4) on a 1280 px screen: nothing cut off, no sideways
scrolling, the article at least 30em wide, the navigation reachable.

Text-only zoom is emulated the way a user stylesheet that doubles every font
size would do it: each element's computed font size is read, then set to
twice that, so text set in px, rem or em all doubles and the layout's px
sizes stay. Screenshots land in test-artifacts/site/zoom-200-*.png.
"""

from __future__ import annotations

import pytest
from support import ZH, edition_path, text_page_html

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.timeout(600)]

DOUBLE_TEXT = """() => {
  const all = [document.documentElement, ...document.querySelectorAll("*")];
  const sizes = all.map((e) => parseFloat(getComputedStyle(e).fontSize));
  all.forEach((e, i) => e.style.setProperty("font-size", sizes[i] * 2 + "px", "important"));
}"""

# Every visible element with text of its own must lie, left to right, inside
# each ancestor that clips (overflow other than visible); the article's width
# is measured in its own paragraphs' font size.
MEASURE = """() => {
  const box = (e) => e.getBoundingClientRect();
  const clipped = [];
  for (const e of document.querySelectorAll("body *")) {
    const own = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !e.getClientRects().length || getComputedStyle(e).visibility === "hidden") continue;
    const r = box(e);
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX === "visible" && s.overflowY === "visible") continue;
      const c = box(a);
      if (r.left < c.left - 1 || r.right > c.right + 1) {
        const span = (b) => `${Math.round(b.left)}-${Math.round(b.right)}`;
        const where = a.className.split(" ")[0] || a.tagName;
        clipped.push(`${e.textContent.trim().slice(0, 40)} (${span(r)} in ${where} ${span(c)})`);
        break;
      }
    }
  }
  const article = document.querySelector(".bd-article") || document.querySelector("main");
  const text = parseFloat(getComputedStyle(article.querySelector("p") || article).fontSize);
  return {
    sideways: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    articleEm: box(article).width / text,
    text,
    clipped,
  };
}"""

PAGES = ["index.html", text_page_html(), "glossary.html", "about.html", "search.html"]


def zoom_opener(browser, base_url, width: int):
    context = browser.new_context(viewport={"width": width, "height": 800})

    def open_page(name: str):
        page = context.new_page()
        page.goto(base_url + name, wait_until="networkidle")
        before = page.evaluate(MEASURE)["text"]
        page.evaluate(DOUBLE_TEXT)
        assert page.evaluate(MEASURE)["text"] == 2 * before  # the text really doubled
        return page

    return context, open_page


@pytest.fixture(scope="module")
def zoomed(browser, base_url):
    context, open_page = zoom_opener(browser, base_url, 1280)
    yield open_page
    context.close()


@pytest.mark.parametrize("name", PAGES)
def test_text_at_200_percent_on_a_phone_stays_on_the_screen(browser, base_url, artifacts, name):
    # 360 px: the column is narrow, but no heading word or toolbar runs off it.
    context, open_page = zoom_opener(browser, base_url, 360)
    found = open_page(name).evaluate(MEASURE)
    context.close()
    assert found["sideways"] <= 0, found
    assert found["clipped"] == [], found["clipped"]


@pytest.mark.parametrize(
    "name", PAGES + [pytest.param(edition_path(ZH) + p, marks=pytest.mark.zh) for p in PAGES]
)
def test_text_at_200_percent_is_not_cut_and_the_article_keeps_its_width(zoomed, artifacts, name):
    page = zoomed(name)
    found = page.evaluate(MEASURE)
    page.screenshot(path=str(artifacts / f"zoom-200-{name.replace('/', '-')[:-5]}.png"))
    assert found["sideways"] <= 0, found
    assert found["clipped"] == [], found["clipped"]
    assert found["articleEm"] >= 30, found


@pytest.mark.essay  # the navigation's entries are this book's
def test_the_navigation_is_reachable_at_200_percent(zoomed):
    page = zoomed(text_page_html())
    nav = page.locator(".bd-sidebar-primary")
    for name in ("The essay", "Glossary", "About this edition"):
        link = nav.get_by_role("link", name=name, exact=True)
        link.scroll_into_view_if_needed()
        box, side = link.bounding_box(), nav.bounding_box()
        assert link.is_visible() and side["x"] <= box["x"], name
        assert box["x"] + box["width"] <= side["x"] + side["width"] + 1, (name, box, side)
    # The sidebar's own button still hides and shows it.
    page.locator(".bd-header-article .primary-toggle").click()
    nav.first.wait_for(state="hidden")


def test_the_page_contents_column_goes_below_when_it_does_not_fit(zoomed):
    # The about page has a page-contents column: at 200% it moves under the
    # article instead of taking room from it.
    page = zoomed("about.html")
    article = page.locator(".bd-article").bounding_box()
    contents = page.locator(".bd-sidebar-secondary").bounding_box()
    assert contents["y"] >= article["y"] + article["height"], (article, contents)
