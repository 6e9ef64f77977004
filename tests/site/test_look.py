"""The theme's features still work without its heavy scripts, and screenshots
of the essay page before (the theme as shipped) and after, light and dark,
land in test-artifacts/site/."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from site_server import serve
from support import copy_docs, text_page_html

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.timeout(600)]

PAGE = text_page_html()
OURS = [
    "sphinx_edition.site.assets",
    "sphinx_edition.site.hosting",
    "sphinx_edition.glossary.previews",
]


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    """The same pages built with the book theme as it ships (none of our site work)."""
    docs = copy_docs(tmp_path_factory.mktemp("baseline") / "docs")
    conf = docs / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8")
        + f"\nextensions = [e for e in extensions if e not in {OURS!r}]\n"
        + "templates_path = []\nhtml_sidebars = {}\n",
        encoding="utf-8",
    )
    out = docs.parent / "html"
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", str(docs), str(out)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_before_and_after(browser, base_url, baseline, artifacts, scheme):
    # One tab per site, sized before each load (a new context per shot cost
    # more than the load); the two sites are two origins, so nothing one
    # stores is seen by the other.
    context = browser.new_context(color_scheme=scheme)
    with serve(baseline) as before_url:
        for label, url in (("before", before_url), ("after", base_url)):
            page = context.new_page()
            for width in (1280, 390):
                page.set_viewport_size({"width": width, "height": 800})
                page.goto(url + PAGE, wait_until="networkidle")
                assert page.evaluate("document.documentElement.dataset.theme") == scheme
                shot = artifacts / f"{label}-{scheme}-{width}.png"
                page.screenshot(path=str(shot))
                assert shot.stat().st_size > 10_000
            page.close()
    context.close()


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme="light")
    page = context.new_page()
    page.goto(base_url + PAGE, wait_until="networkidle")
    yield page
    context.close()


def test_icons_are_drawn(page):
    # Every toolbar icon is painted with one of our drawings (a CSS mask) and
    # takes up room; no icon font is involved.
    icons = page.locator(":is(i, span).fa-solid:visible")
    assert icons.count() >= 4
    for i in range(icons.count()):
        box = icons.nth(i).bounding_box()
        assert box["width"] >= 12 and box["height"] >= 12
        mask = icons.nth(i).evaluate(
            "e => getComputedStyle(e).maskImage || getComputedStyle(e).webkitMaskImage"
        )
        assert mask.startswith('url("data:image/svg+xml'), mask
    fonts = page.evaluate("[...document.fonts].map(f => f.family)")
    assert not [f for f in fonts if "Awesome" in f], fonts


def test_colour_mode_menu_switches_and_remembers(page):
    button = page.locator(".theme-switch-button").first
    button.click()
    menu = page.locator(".theme-switch-container .dropdown-menu")
    assert menu.is_visible()
    assert button.get_attribute("aria-expanded") == "true"
    menu.locator('[data-mode="dark"]').click()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    page.mouse.move(600, 600)  # the theme also shows the menu while hovered
    menu.wait_for(state="hidden", timeout=2_000)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.reload(wait_until="networkidle")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == background
    # Keyboard: open with Enter, Escape closes and gives focus back.
    button.focus()
    page.keyboard.press("Enter")
    assert menu.is_visible()
    page.keyboard.press("Escape")
    menu.wait_for(state="hidden", timeout=2_000)
    assert button.evaluate("el => el === document.activeElement")


def test_search_opens_with_ctrl_k_and_finds_words(page, base_url):
    page.keyboard.press("Control+k")
    dialog = page.locator("#pst-search-dialog")
    dialog.wait_for(state="visible")
    page.keyboard.type("brinkmanship")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search.html?q=brinkmanship*")
    results = page.locator("#search-results li")
    results.first.wait_for(state="visible", timeout=15_000)
    assert results.count() >= 2


def test_search_snippets_hold_only_the_page_text(page, base_url, artifacts):
    page.goto(base_url + "search.html?q=strategy", wait_until="networkidle")
    snippets = page.locator("#search-results li p.context")
    snippets.first.wait_for(state="visible", timeout=15_000)
    texts = [snippets.nth(i).inner_text() for i in range(snippets.count())]
    assert texts
    for text in texts:
        # No toolbar words, and no two blocks' words run together.
        assert "System Settings" not in text and "Light Dark" not in text, text
        joined = set(re.findall(r"\b[a-z]+[A-Z][a-z]+\b", text)) - {"ePub"}
        assert not joined, (joined, text)
    page.screenshot(path=str(artifacts / "search-results.png"))


@pytest.mark.parametrize("where", ["search.html", "dialog"])
def test_search_icon_never_covers_the_typed_text(page, base_url, artifacts, where):
    if where == "dialog":
        page.keyboard.press("Control+k")
        field = page.locator("#pst-search-dialog input[type=search]")
    else:
        page.goto(base_url + "search.html", wait_until="networkidle")
        field = page.locator(".bd-search-container input[type=search]")
    field.wait_for(state="visible")
    field.fill("pressure")
    icon = field.locator("xpath=..").locator(".fa-magnifying-glass").first
    icon_box, field_box = icon.bounding_box(), field.bounding_box()
    # Where the typed text starts: the field's left edge plus its padding.
    padding = field.evaluate("e => parseFloat(getComputedStyle(e).paddingLeft)")
    text_left = field_box["x"] + padding
    icon_right = icon_box["x"] + icon_box["width"]
    overlaps_vertically = icon_box["y"] < field_box["y"] + field_box["height"]
    assert (
        icon_right <= text_left
        or icon_box["x"] >= field_box["x"] + field_box["width"]
        or (not overlaps_vertically)
    ), (icon_box, field_box, padding)
    page.screenshot(path=str(artifacts / f"search-field-{where.replace('.html', '')}.png"))


def test_sidebar_toggle_hides_and_shows_the_navigation(page):
    sidebar = page.locator("#pst-primary-sidebar")
    assert sidebar.is_visible()
    toggle = page.locator(".bd-header-article .primary-toggle")
    toggle.click()
    sidebar.wait_for(state="hidden")  # the theme animates it away
    toggle.click()
    sidebar.wait_for(state="visible")
    # Until its width is back (the theme animates it in).
    page.wait_for_function(
        "() => document.querySelector('#pst-primary-sidebar').getBoundingClientRect().width > 100"
    )


def test_sidebar_opens_as_a_dialog_on_a_phone(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(base_url + PAGE, wait_until="networkidle")
    page.locator(".primary-toggle:visible").first.click()
    dialog = page.locator("#pst-primary-sidebar-modal")
    dialog.wait_for(state="visible")
    assert dialog.get_by_role("link", name="Glossary").is_visible()
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    context.close()


def test_without_javascript_nothing_dead_and_the_contents_reachable(browser, base_url, artifacts):
    # A phone with JavaScript off: no button that needs a script is shown,
    # and every part of the book is linked from the page itself.
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(base_url + PAGE, wait_until="networkidle")
    dead = page.locator(
        ".theme-switch-button, .sidebar-toggle, .search-button, .search-button-field"
    )
    assert [i for i in range(dead.count()) if dead.nth(i).is_visible()] == []
    nav = page.locator(".bd-sidebar-primary")
    for name in ("The essay", "Glossary", "About this edition"):
        link = nav.get_by_role("link", name=name, exact=True)
        assert link.is_visible(), name
        link.scroll_into_view_if_needed()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, (name, box)
    page.screenshot(path=str(artifacts / "no-js-phone.png"), full_page=True)
    # The navigation follows the article; a link at the top of the page leads to it.
    page.evaluate("window.scrollTo(0, 0)")
    jump = page.locator(".bd-header-article").get_by_role("link", name="Contents", exact=True)
    assert jump.is_visible() and jump.bounding_box()["y"] < 100
    jump.click()
    page.wait_for_function("document.documentElement.scrollTop > 500")
    top = nav.get_by_role("link", name="The essay", exact=True).bounding_box()["y"]
    assert 0 <= top < 740, top
    context.close()


def test_the_contents_link_is_only_for_readers_without_javascript(browser, base_url):
    # With scripts, the menu button opens the navigation: no second way is shown.
    for width in (360, 1280):
        context = browser.new_context(viewport={"width": width, "height": 740})
        page = context.new_page()
        page.goto(base_url + PAGE, wait_until="networkidle")
        assert not page.locator(".site-contents-link").is_visible()
        assert page.locator(".primary-toggle:visible").count() == 1
        context.close()
