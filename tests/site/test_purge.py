"""The site's stylesheet keeps only the rules its pages can use, and still
styles every page as the whole stylesheet did (sphinx_edition.site.purge).

The unit tests run small stylesheets against small pages. The browser tests
build the book with plain ``sphinx-build`` (which leaves the theme's own
stylesheets in ``_static``), serve it twice, once with the purged bundle the
build wrote and once with the whole bundle put back, drive both into the
same states (dark mode, menus open, a glossary preview, search results, a
phone with the sidebar open, ...) and compare every element's computed
style and the screenshots (which land in test-artifacts/site/purge/).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from xml.etree.ElementTree import Element

import pytest
import tinycss2
from PIL import Image, ImageChops, ImageDraw
from site_server import serve
from support import DOCS, text_page_html, text_pages

from sphinx_edition import PREVIEWS_CSS
from sphinx_edition.site import assets, purge

# -- Unit tests: selectors -------------------------------------------------------------


def relaxed(selector: str) -> str | None:
    [tokens] = purge.split_selectors(tinycss2.parse_component_value_list(selector))
    result = purge.relax(tokens)
    return None if result is None else result.text


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        (".bd-sidebar .nav", ".bd-sidebar .nav"),
        ("ul.search > li + li ~ p", "ul.search>li+li~p"),
        ("html[data-theme=dark] .dropdown-menu.show:hover", "html .dropdown-menu"),
        ('[data-mode="auto"] .theme-switch-button', "* .theme-switch-button"),
        ("::selection", "*"),
        (":root", "*"),
        (":is(i, span).fa-solid::before", ".fa-solid"),
        ("html:not(.js) .sidebar-toggle", "html .sidebar-toggle"),
        ("a:not([href]):focus-visible > b", "a>b"),
        ("input[type=search]::-webkit-search-cancel-button", "input[type=search]"),
        ("dialog[open]::backdrop", "dialog"),
        ("body.scrolled #pst-back-to-top", "body #pst-back-to-top"),
        ("li:nth-child(2n+1) a", "li a"),
    ],
)
def test_selectors_lose_what_depends_on_state(selector, expected):
    assert relaxed(selector) == expected


@pytest.mark.parametrize("selector", ["svg|a", "*|a", "[*|href]", "& .x", ".5x"])
def test_selectors_not_understood_are_kept_whole(selector):
    assert relaxed(selector) is None


def test_needs_list_what_a_page_must_hold():
    [tokens] = purge.split_selectors(
        tinycss2.parse_component_value_list("nav#toc.bd-links a[href]:hover .show")
    )
    assert purge.relax(tokens).needs == {"nav", "#toc", ".bd-links", "a", "[href"}


# -- Unit tests: pages -----------------------------------------------------------------


def shape(element: Element) -> list[tuple[int, str, tuple]]:
    """Each element's depth, tag name and attributes, in document order."""
    rows: list[tuple[int, str, tuple]] = []

    def walk(el: Element, depth: int) -> None:
        if not isinstance(el.tag, str):
            return  # a comment
        rows.append((depth, el.tag.rpartition("}")[2], tuple(sorted(el.attrib.items()))))
        for child in el:
            walk(child, depth + 1)

    walk(element, 0)
    return rows


def test_tree_builder_closes_void_elements_and_adds_tbody():
    root = purge.parse_html(
        "<!DOCTYPE html><html><head><meta charset=utf-8><link rel=x></head>"
        "<body><p>a<br>b</p></span><table><tr><td>1</td></tr></table><img src=x></body></html>"
    )
    [html] = root
    assert [(d, t) for d, t, _ in shape(html)] == [
        (0, "html"),
        (1, "head"),
        (2, "meta"),
        (2, "link"),
        (1, "body"),
        (2, "p"),
        (3, "br"),
        (2, "table"),
        (3, "tbody"),
        (4, "tr"),
        (5, "td"),
        (2, "img"),
    ]


# -- Unit tests: purging ------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>
<dialog id="pst-search-dialog"><form class="bd-search"><input type="search"></form></dialog>
<div class="bd-sidebar-primary" id="pst-primary-sidebar"><nav class="bd-links"><a>x</a></nav></div>
<dialog id="pst-primary-sidebar-modal"></dialog>
<div class="dropdown"><button data-bs-toggle="dropdown">m</button>
<ul class="dropdown-menu"></ul></div>
<main id="main-content"><article class="bd-article"><p>A <a data-term-preview="tp-x">term</a>.</p>
<div class="term-preview-source" hidden>
<div id="tp-x" data-term="x"><p>Said <em>so</em>.</p></div></div>
</article></main></body></html>"""
SEARCH_PAGE = """<!DOCTYPE html><html><body><div id="search-results"></div></body></html>"""


def purged(css: str, *pages: str) -> str:
    trees = [next(purge.find(purge.parse_html(page), tag="html")) for page in pages]
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return purge.purge(rules, trees)


def test_rules_no_page_can_match_are_dropped():
    css = ".bd-links a{color:red}.card-header{margin:0}table.docutils td{padding:0}"
    assert purged(css, PAGE) == ".bd-links a{color:red}\n"


def test_a_selector_list_keeps_only_selectors_that_match():
    assert purged(".card,.bd-article p,.toast{margin:0}", PAGE) == ".bd-article p{margin:0}\n"


def test_vendor_prefixed_lists_stay_whole():
    # Chromium drops the whole list for the -moz- selector; keep it that way.
    css = "input::-moz-placeholder,input::placeholder,.card::placeholder{color:gray}"
    assert purged(css, PAGE).startswith("input::-moz-placeholder,input::placeholder,.card")


def test_states_and_what_scripts_add_are_kept():
    css = "\n".join(
        [
            "html[data-theme=dark] .bd-links a:hover{color:white}",
            ".dropdown-menu.show[data-bs-popper]{display:block}",
            "dialog[open]::backdrop{background:gray}",
            "html:not(.js) .dropdown{display:none}",
            # site.js's glossary preview, with a copy of the definition inside
            ".term-preview{position:fixed}.term-preview p em{font-style:normal}",
            ".term-preview__term{font-weight:700}",
            # the theme moves the sidebar's contents and classes into its dialog
            "dialog.bd-sidebar-primary .bd-links{display:block}",
            # searchtools.js's results, and sphinx_highlight.js's marks
            "#search-results ul.search li.kind-text p.context span.highlighted{color:red}",
            "span.highlighted{background:yellow}",
        ]
    )
    out = purged(css, PAGE, SEARCH_PAGE)
    for selector in [
        "html[data-theme=dark] .bd-links a:hover",
        ".dropdown-menu.show[data-bs-popper]",
        "dialog[open]::backdrop",
        "html:not(.js) .dropdown",
        ".term-preview p em",
        ".term-preview__term",
        "dialog.bd-sidebar-primary .bd-links",
        "#search-results ul.search li.kind-text p.context span.highlighted",
        "span.highlighted",
    ]:
        assert selector + "{" in out, selector


def test_at_rules():
    css = (
        "@font-face{font-family:X;src:url(x.woff2)}"
        ":root{--pst-color-primary:teal}"
        "@media (min-width:960px){.bd-links a{margin:0}.card{margin:0}}"
        "@media print{.toast{display:none}}"
        "@supports (display:grid){@media (hover:hover){.bd-links{display:grid}}}"
        "@keyframes spin{to{transform:rotate(1turn)}}"
        "@keyframes pulse{to{opacity:0}}"
        ".bd-links{animation:spin 1s infinite}.card{animation:pulse 1s}"
    )
    out = purged(css, PAGE)
    assert "@font-face{" in out
    assert "@media (min-width:960px){.bd-links a{margin:0}}" in out
    assert "@media print" not in out  # nothing left inside it
    assert "@supports (display:grid){@media (hover:hover){.bd-links{display:grid}}}" in out
    assert "@keyframes spin" in out and "@keyframes pulse" not in out


def test_custom_properties_nothing_reads_are_dropped():
    css = (
        ":root{--unused:red;--chain:var(--base);--base:blue;--in-script:1px;--inline:2px}"
        ".bd-links{color:var(--chain,var(--fallback))}.card{color:var(--card)}"
        ":root{--card:green;--fallback:black}@font-face{font-family:X;src:var(--font)}"
        ":root{--font:url(x.woff2)}"
    )
    page = PAGE.replace("<body>", '<body style="margin:var(--inline)">')
    trees = [next(purge.find(purge.parse_html(page), tag="html"))]
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    out = purge.purge(rules, trees, scripts=["el.style.getPropertyValue('--in-script')"])
    assert out.split("\n")[:3] == [
        ":root{--chain:var(--base);--base:blue;--in-script:1px;--inline:2px}",
        ".bd-links{color:var(--chain,var(--fallback))}",
        ":root{--fallback:black}",
    ]
    assert ":root{--font:url(x.woff2)}" in out


def test_output_is_compact_but_keeps_strings():
    css = (
        "/* note */\n.bd-links  a {\n  content : 'two  spaces' ;\n  margin: 0  auto !important;\n}"
    )
    out = purged(css, PAGE)
    assert out == '.bd-links a{content:"two  spaces";margin:0 auto!important}\n'


def test_without_pages_every_rule_is_kept():
    rules = tinycss2.parse_stylesheet(".card{margin:0}\n.toast { padding: 0 }", True, True)
    assert purge.purge(rules, None) == ".card{margin:0}\n.toast{padding:0}\n"


# -- The real build --------------------------------------------------------------------


@pytest.mark.slow
def test_tree_builder_reads_every_page_as_an_html5_parser_does(site):
    # tinyhtml5 (WeasyPrint's HTML5 parser) builds the tree a browser builds.
    tinyhtml5 = pytest.importorskip("tinyhtml5")
    pages = purge.site_pages(site)
    # The text's pages and at least the landing, glossary, search and 404 pages.
    assert len(pages) >= len(text_pages()) + 4
    for page in pages:
        ours = purge.parse_page(page)
        html5 = tinyhtml5.parse(page.read_text(encoding="utf-8"))
        assert shape(ours) == shape(html5), page


@pytest.mark.slow
def test_the_published_stylesheet_is_purged(site):
    css = (site / assets.CSS_BUNDLE).read_text(encoding="utf-8")
    # Bootstrap's cards and toasts are not in the book; its look is.
    assert ".card-header{" not in css and ".toast{" not in css
    assert ".bd-sidebar-primary{" in css and ".term-preview{" in css
    assert 'html[data-theme="dark"]' in css


# -- In Chromium: the purged stylesheet against the whole one ----------------------------

ESSAY = text_page_html()


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> Iterator[dict[str, str]]:
    """The book built by plain sphinx-build, served with the purged bundle and
    with the whole one."""
    out = tmp_path_factory.mktemp("purge") / "purged"
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", str(DOCS), str(out)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    whole = out.parent / "whole"
    shutil.copytree(out, whole)
    own = assets.own_text(assets.OWN_CSS, PREVIEWS_CSS)
    (whole / assets.CSS_BUNDLE).write_text(assets.css_bundle(out, own), encoding="utf-8")
    purged_size = (out / assets.CSS_BUNDLE).stat().st_size
    assert purged_size < (whole / assets.CSS_BUNDLE).stat().st_size / 3
    with serve(out) as purged_url, serve(whole) as whole_url:
        yield {"purged": purged_url, "whole": whole_url}


# Every standard property a computed style lists, custom properties left out
# (those nothing reads are purged: they show here and nowhere else). The list
# is the same for every element, so it is read once: asking a computed style
# for its i-th name past the standard ones makes Chromium list the element's
# custom properties again each time (hundreds, from the theme), which made a
# snapshot of one page take seconds.
PROPERTIES = """const all = getComputedStyle(document.documentElement);
  const names = [];
  for (let i = 0; i < all.length; i++) if (!all[i].startsWith("--")) names.push(all[i]);"""
# Each element's computed style (and its ::before and ::after), hashed.
SNAPSHOT = (
    """() => {
  const hash = (text) => {
    let h = 2166136261;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
    return (h >>> 0).toString(16);
  };
  """
    + PROPERTIES
    + """
  const style = (el, pseudo) => {
    const cs = getComputedStyle(el, pseudo);
    return names.map((name) => name + ":" + cs.getPropertyValue(name)).join(";");
  };
  return [...document.querySelectorAll("*")].map((el) => [
    el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
      [...el.classList].map((c) => "." + c).join(""),
    hash(style(el, null)), hash(style(el, "::before")), hash(style(el, "::after")),
  ]);
}"""
)
DETAIL = (
    """(i) => {
  const el = document.querySelectorAll("*")[i];
  """
    + PROPERTIES
    + """
  const out = {};
  for (const pseudo of [null, "::before", "::after"]) {
    const cs = getComputedStyle(el, pseudo);
    for (const name of names) out[(pseudo || "") + name] = cs.getPropertyValue(name);
  }
  return out;
}"""
)


# A page has settled when no finite animation or transition is running (an
# endless one, like a spinner, never ends: those are left to the screenshot's
# animations="disabled") and two more frames have rendered, so style, layout
# and observers such as the page-contents scrollspy have run.
RUNNING = """() => document.getAnimations().filter(a =>
  a.playState === "running" && a.effect && a.effect.getComputedTiming().endTime !== Infinity
).map(a => `${a.constructor.name} ${a.animationName || a.transitionProperty || ""} on ${
  a.effect.target && (a.effect.target.id || a.effect.target.className)}`)"""
FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r())))"


def settle(page) -> None:
    page.evaluate("() => document.fonts.ready.then(() => true)")
    try:
        page.wait_for_function(f"() => ({RUNNING})().length === 0", polling="raf", timeout=15000)
    except Exception as error:
        raise AssertionError(f"still running: {page.evaluate(RUNNING)}") from error
    page.evaluate(FRAMES)


def essay(page, base):
    page.goto(base + ESSAY, wait_until="networkidle")


def dark_menu_open(page, base):
    essay(page, base)
    page.locator(".theme-switch-button").first.click()
    page.locator('.dropdown-menu [data-mode="dark"]').first.click()
    page.locator(".theme-switch-button").first.click()
    page.locator(".dropdown-menu.show").first.wait_for(state="visible")


def scrolled(page, base):
    essay(page, base)
    page.mouse.wheel(0, 2000)
    page.wait_for_function("() => window.scrollY > 0")
    settle(page)  # the page-contents link in view is marked


def term_preview(page, base):
    essay(page, base)
    page.locator("a[data-term-preview]").first.hover()
    page.locator("#term-preview").wait_for(state="visible")


def term_preview_by_keyboard(page, base):
    essay(page, base)
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('a[data-term-preview]')"):
            break
    page.locator("#term-preview").wait_for(state="visible")


def glossary_dark(page, base):
    page.emulate_media(color_scheme="dark")
    page.goto(base + "glossary.html", wait_until="networkidle")


def landing(page, base):
    page.goto(base + "index.html", wait_until="networkidle")


def about_dark(page, base):
    # The about page shows code (the BibTeX entry): Pygments' dark colours.
    page.emulate_media(color_scheme="dark")
    page.goto(base + "about.html", wait_until="networkidle")
    page.locator("div.highlight").first.scroll_into_view_if_needed()


def search_dialog(page, base):
    essay(page, base)
    page.keyboard.press("Control+k")
    page.locator("#pst-search-dialog").wait_for(state="visible")
    page.keyboard.type("pressure")


def search_results(page, base):
    page.goto(base + "search.html?q=strategy", wait_until="networkidle")
    # Finished: the summary says how many pages were found, and each
    # result's snippet has been fetched.
    page.locator("#search-results .search-summary", has_text="found").wait_for(timeout=15_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_function(
        "[...document.querySelectorAll('#search-results li')]"
        ".every(li => li.querySelector('p.context'))"
    )


def highlighted_result(page, base):
    search_results(page, base)
    page.locator("#search-results li a").first.click()
    page.wait_for_load_state("networkidle")
    page.locator("span.highlighted").first.wait_for(state="attached")


def folded_sidebar(page, base):
    essay(page, base)
    # The toggle's own click event, with the pointer far from it: a pointer
    # that clicked the button and left it while the page slid sometimes left
    # its icon painted a shade lighter for good (computed styles equal; about
    # one run in five on a loaded machine). The state is the same: the
    # sidebar folded, nothing hovered.
    page.mouse.move(1200, 700)
    page.locator(".bd-header-article .primary-toggle").dispatch_event("click")
    page.locator("#pst-primary-sidebar").wait_for(state="hidden")
    settle(page)  # the theme animates the sidebar away


def phone_sidebar(page, base):
    page.set_viewport_size({"width": 360, "height": 740})
    essay(page, base)
    page.locator(".primary-toggle:visible").first.click()
    page.locator("#pst-primary-sidebar-modal").wait_for(state="visible")


def phone_no_js(page, base):
    page.set_viewport_size({"width": 360, "height": 740})
    essay(page, base)


def printed(page, base):
    essay(page, base)
    page.emulate_media(media="print")
    settle(page)


def printed_landing(page, base):
    landing(page, base)
    page.emulate_media(media="print")
    settle(page)


# Scenarios whose page runs no script.
NO_JS = {"phone-no-js"}
SCENARIOS: dict[str, Callable] = {
    "essay": essay,
    "dark-menu-open": dark_menu_open,
    "scrolled": scrolled,
    "term-preview": term_preview,
    "term-preview-keyboard": term_preview_by_keyboard,
    "glossary-dark": glossary_dark,
    "landing": landing,
    "about-dark": about_dark,
    "search-dialog": search_dialog,
    "search-results": search_results,
    "highlighted-result": highlighted_result,
    "folded-sidebar": folded_sidebar,
    "phone-sidebar": phone_sidebar,
    "phone-no-js": phone_no_js,
    "printed": printed,
    "printed-landing": printed_landing,
}


def visit(browser, base: str, scenario: str, shot: Path) -> tuple[object, list, object]:
    context = browser.new_context(
        viewport={"width": 1280, "height": 800},
        color_scheme="light",
        java_script_enabled=scenario not in NO_JS,
    )
    page = context.new_page()
    SCENARIOS[scenario](page, base)
    # With scripts off, the page gets no animation frames to wait on, and
    # no script moves anything: the screenshot ends any CSS transition.
    if scenario not in NO_JS:
        settle(page)  # transitions (menus, dialogs) finish
    page.screenshot(path=str(shot), animations="disabled")
    return context, page.evaluate(SNAPSHOT), page


# Chromium's software rasteriser can anti-alias an edge a step apart between
# two loads of the same page (seen: 2x2 pixels one level per channel apart;
# once, one pixel of a focus ring's rounded corner 23 levels apart, the rest
# of the page equal). A style that differs moves or recolours whole shapes:
# a one-pixel shift of one line of text changes hundreds of pixels.
ANTIALIAS_NOISE = 8  # levels (of 255) a pixel may differ by
ANTIALIAS_SPECKS = 4  # pixels that may differ by more


def pixels_differ(shots: dict[str, Path]) -> bool:
    with Image.open(shots["whole"]) as a, Image.open(shots["purged"]) as b:
        diff = ImageChops.difference(a.convert("RGB"), b.convert("RGB")).convert("L")
        over = diff.point(lambda v: 255 if v > ANTIALIAS_NOISE else 0)
        return over.histogram()[255] > ANTIALIAS_SPECKS


def test_pixels_differ_ignores_specks_but_not_a_shifted_line(tmp_path: Path) -> None:
    def shot(name: str, draw) -> Path:
        image = Image.new("RGB", (200, 60), "white")
        draw(ImageDraw.Draw(image))
        image.save(tmp_path / name)
        return tmp_path / name

    def text(x: int):
        return lambda d: d.text((x, 20), "Search Ctrl + K", fill="black")

    whole = shot("whole.png", text(10))
    speck = shot("speck.png", lambda d: (text(10)(d), d.point((150, 50), fill=(200, 200, 200))))
    moved = shot("moved.png", text(11))
    assert not pixels_differ({"whole": whole, "purged": whole})
    assert not pixels_differ({"whole": whole, "purged": speck})
    assert pixels_differ({"whole": whole, "purged": moved})


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.timeout(900)
@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_purged_stylesheet_styles_every_state_as_the_whole_one(browser, sites, artifacts, scenario):
    folder = artifacts / "purge"
    folder.mkdir(exist_ok=True)
    seen = {}
    shots = {label: folder / f"{scenario}-{label}.png" for label in ("whole", "purged")}
    for label, shot in shots.items():
        seen[label] = visit(browser, sites[label], scenario, shot)
    (whole_context, whole, whole_page), (purged_context, ours, our_page) = (
        seen["whole"],
        seen["purged"],
    )
    try:
        assert [row[0] for row in ours] == [row[0] for row in whole], "the pages differ"
        differing = [i for i, (a, b) in enumerate(zip(whole, ours, strict=True)) if a != b]
        details = []
        for i in differing[:5]:
            a, b = whole_page.evaluate(DETAIL, i), our_page.evaluate(DETAIL, i)
            changed = {k: (a.get(k), b.get(k)) for k in a.keys() | b.keys() if a.get(k) != b.get(k)}
            details.append((whole[i][0], changed))
        assert not differing, f"{len(differing)} elements styled differently: {details}"
        if pixels_differ(shots):
            # Once more, in case something moved since (a late font or image).
            for shot, page in ((shots["whole"], whole_page), (shots["purged"], our_page)):
                if scenario not in NO_JS:
                    settle(page)
                page.screenshot(path=str(shot), animations="disabled")
            assert not pixels_differ(shots), "the screenshots differ"
    finally:
        whole_context.close()
        purged_context.close()


# -- In Chromium: what the scripts add is styled -----------------------------------------


@pytest.mark.slow
@pytest.mark.browser
def test_the_term_preview_keeps_its_styles(browser, sites):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    term_preview(page, sites["purged"])
    pop = page.locator("#term-preview")
    style = pop.evaluate(
        "e => { const s = getComputedStyle(e); return [s.position, s.zIndex, s.borderTopLeftRadius,"
        " s.boxShadow, s.borderTopStyle, s.maxWidth] }"
    )
    position, z_index, radius, shadow, border, max_width = style
    assert (position, z_index, radius, border) == ("fixed", "1060", "8px", "solid")
    assert shadow != "none" and max_width != "none"
    term = pop.locator(".term-preview__term")
    assert term.evaluate("e => getComputedStyle(e).fontWeight") == "700"
    context.close()


@pytest.mark.slow
@pytest.mark.browser
def test_dark_mode_is_still_dark(browser, sites):
    backgrounds = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(sites["purged"] + ESSAY, wait_until="networkidle")
        backgrounds[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
        context.close()
    assert backgrounds["light"] != backgrounds["dark"], backgrounds
