"""Glossary previews in Chromium: hover, keyboard focus, Esc, screen readers,
dark mode, a phone-sized viewport, and no network traffic."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.timeout(300), pytest.mark.essay]

PAGE = "essay/risk-reduction.html"
LINK = 'a[href$="#term-red-lines"]'


def definition_of(site, term_id: str) -> str:
    """The definition as the glossary page shows it (first paragraph)."""
    soup = BeautifulSoup((site / "glossary.html").read_text(encoding="utf-8"), "html.parser")
    dd = soup.find(id=term_id).find_next_sibling("dd")
    return " ".join(dd.find("p").get_text().split())


@pytest.fixture
def page(browser, base_url, request):
    viewport, scheme = getattr(request, "param", ((1280, 800), "light"))
    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]}, color_scheme=scheme
    )
    page = context.new_page()
    page.requests = []
    page.on("request", lambda r: page.requests.append(r.url))
    page.goto(base_url + PAGE, wait_until="networkidle")
    yield page
    context.close()


def popover(page):
    return page.locator("#term-preview")


def test_hover_shows_the_definition(page, site):
    expected = definition_of(site, "term-red-lines")
    before = len(page.requests)
    page.hover(LINK)
    pop = popover(page)
    pop.wait_for(state="visible")
    text = " ".join(pop.inner_text().split())
    assert expected in text
    assert text.lower().startswith("red lines")
    # Nothing was fetched to show it.
    assert page.requests[before:] == []
    # Moving away hides it again.
    page.mouse.move(0, 0)
    pop.wait_for(state="hidden")


def test_keyboard_focus_shows_it_and_escape_dismisses(page, site):
    expected = definition_of(site, "term-red-lines")
    link = page.locator(LINK).first
    # Tab through the page until the link has focus, as a keyboard user would.
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("sel => document.activeElement.matches(sel)", LINK):
            break
    else:
        pytest.fail("Tab never reached the term link")
    pop = popover(page)
    pop.wait_for(state="visible")
    assert expected in " ".join(pop.inner_text().split())
    page.keyboard.press("Escape")
    pop.wait_for(state="hidden")
    # Esc hides the preview without moving focus.
    assert link.evaluate("el => el === document.activeElement")


def test_screen_readers_get_the_definition_as_description(page, site):
    expected = definition_of(site, "term-red-lines")
    link = page.locator(LINK).first
    target = link.get_attribute("aria-describedby")
    assert target and page.locator(f"#{target}").count() == 1
    # What the browser hands to assistive technology: the accessibility tree.
    cdp = page.context.new_cdp_session(page)
    tree = cdp.send("Accessibility.getFullAXTree")["nodes"]
    described = [
        n
        for n in tree
        if n.get("role", {}).get("value") == "link"
        and n.get("name", {}).get("value") == "red lines"
    ]
    assert described, "the term link is missing from the accessibility tree"
    descriptions = [n.get("description", {}).get("value", "") for n in described]
    assert all(expected in " ".join(d.split()) for d in descriptions), descriptions


def test_every_term_link_has_its_own_preview(page):
    links = page.locator("a[data-term-preview]")
    assert links.count() >= 5
    for i in range(links.count()):
        target = links.nth(i).get_attribute("aria-describedby")
        assert target == links.nth(i).get_attribute("data-term-preview")
        assert page.locator(f"#{target}").is_hidden()  # the source stays out of the reading flow
        assert page.locator(f"#{target}").text_content().strip()


@pytest.mark.parametrize("page", [((1280, 800), "dark")], indirect=True)
def test_dark_mode_preview_is_dark_and_legible(page):
    page.hover(LINK)
    pop = popover(page)
    pop.wait_for(state="visible")
    colours = pop.evaluate(
        "el => { const s = getComputedStyle(el); return [s.backgroundColor, s.color]; }"
    )

    def luminance(rgb: str) -> float:
        r, g, b = (
            int(float(x)) / 255 for x in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]
        )
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    bg, fg = (luminance(c) for c in colours)
    assert bg < 0.1, f"dark mode popover background is light: {colours}"
    ratio = (max(bg, fg) + 0.05) / (min(bg, fg) + 0.05)
    assert ratio >= 4.5, f"contrast {ratio:.1f}: {colours}"


@pytest.mark.parametrize("page", [((360, 640), "light")], indirect=True)
def test_narrow_viewport_keeps_the_preview_on_screen(page, artifacts):
    link = page.locator(LINK).first
    link.scroll_into_view_if_needed()
    link.focus()
    pop = popover(page)
    pop.wait_for(state="visible")
    box = pop.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert box["y"] >= 0 and box["y"] + box["height"] <= 640
    assert box["width"] > 200  # readable, not squeezed to a sliver
    page.screenshot(path=str(artifacts / "preview-phone.png"))
