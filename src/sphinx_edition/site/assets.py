"""The website's assets: one stylesheet and one script per page, icons of our own.

As it ships, the book theme (through pydata-sphinx-theme) loads a 1.5 MB
Font Awesome script for a dozen toolbar icons, Bootstrap's script for one
dropdown, Sphinx's search scripts on every page, and five stylesheets. This
extension keeps the theme's look and behaviour but serves each page:

* one stylesheet, ``_static/styles/site-bundle.css``: the theme's own CSS,
  concatenated, minus Font Awesome's rules (and fonts), plus our
  ``site.css`` and icons drawn here as CSS masks;
* one deferred script, ``_static/scripts/site-bundle.js``: the theme's own
  scripts plus our ``site.js`` (the colour-mode dropdown, which needed
  Bootstrap, and the glossary previews);
* the search scripts only on ``search.html`` (``search-bundle.js``).

The page template (``_templates/site-page.html``) wraps whichever template
Sphinx picked and swaps the theme's asset tags for ours. It is used for the
HTML builder only: the ePub keeps Sphinx's epub theme untouched.
"""

from __future__ import annotations

import hashlib
import re
from importlib.metadata import version
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

CSS_BUNDLE = "_static/styles/site-bundle.css"
JS_BUNDLE = "_static/scripts/site-bundle.js"
SEARCH_BUNDLE = "_static/scripts/search-bundle.js"
FAVICON = "_static/favicon.svg"

# Sources, in cascade/execution order, as Sphinx copied them into the output.
# The bundle lives in _static/styles/, like the theme's CSS, so the relative
# url()s inside it still resolve.
CSS_PARTS = [
    "_static/basic.css",
    "_static/styles/pydata-sphinx-theme.css",
    "_static/pygments.css",
    "_static/styles/sphinx-book-theme.css",
]
JS_PARTS = [
    "_static/documentation_options.js",
    "_static/doctools.js",
    "_static/sphinx_highlight.js",
    "_static/scripts/sphinx-book-theme.js",
    "_static/scripts/pydata-sphinx-theme.js",
]
SEARCH_PARTS = [
    "_static/base-stemmer.js",
    "_static/english-stemmer.js",
    "_static/language_data.js",
    "_static/searchtools.js",
]
# Our own files in docs/_static, appended last so they win the cascade.
OWN_CSS = "site.css"
OWN_JS = "site.js"

# Icons drawn for this site on a 24x24 grid, stroked in the text colour and
# put inline in each page (no request, no font). Keys are the Font Awesome
# names the theme's templates use.
ICONS: dict[str, str] = {
    "bars": "<path d='M3 5.5h18M3 12h18M3 18.5h18'/>",
    "magnifying-glass": "<circle cx='10' cy='10' r='7'/><path d='M15.2 15.2 21.5 21.5'/>",
    "sun": (
        "<circle cx='12' cy='12' r='4'/><path d='M12 2v2.5M12 19.5V22M2 12h2.5M19.5 12H22"
        "M4.9 4.9l1.8 1.8M17.3 17.3l1.8 1.8M4.9 19.1l1.8-1.8M17.3 6.7l1.8-1.8'/>"
    ),
    "moon": (
        "<path fill='currentColor' stroke='none' "
        "d='M20 14.5A8.5 8.5 0 1 1 9.5 4a6.8 6.8 0 0 0 10.5 10.5z'/>"
    ),
    "circle-half-stroke": (
        "<circle cx='12' cy='12' r='8.5'/>"
        "<path fill='currentColor' d='M12 3.5a8.5 8.5 0 0 0 0 17z'/>"
    ),
    "chevron-down": "<path d='M6 9l6 6 6-6'/>",
    "angle-left": "<path d='M15 5l-7 7 7 7'/>",
    "angle-right": "<path d='M9 5l7 7-7 7'/>",
    "arrow-up": "<path d='M12 20V5M5 11l7-7 7 7'/>",
    "list": "<path d='M9 6h11M9 12h11M9 18h11M4 6h.5M4 12h.5M4 18h.5'/>",
    "outdent": "<path d='M4 5h16M11 10h9M11 14h9M4 19h16M8 9l-3 3 3 3'/>",
    "xmark": "<path d='M6 6l12 12M18 6 6 18'/>",
    "circle-info": "<circle cx='12' cy='12' r='9'/><path d='M12 11v6M12 7.5v.5'/>",
    "download": "<path d='M12 3v12M6 10l6 6 6-6M4 20h16'/>",
}
# Places where the theme's CSS draws a Font Awesome glyph itself (a
# pseudo-element with a private-use code point): drawn with CSS alone instead,
# so no page fetches an image for an icon.
PSEUDO_ICONS = (
    # The admonition's mark: a ringed "i".
    ".admonition>.admonition-title:after,div.admonition>.admonition-title:after"
    "{content:'i';font:700 .75rem/1 Georgia,serif;width:1rem;height:1rem;display:flex;"
    "align-items:center;justify-content:center;border:2px solid;border-radius:50%;top:50%;"
    "transform:translateY(-50%)}\n"
    "ul.bd-breadcrumbs li.breadcrumb-item:not(.breadcrumb-home):before{content:'\\203A';"
    "font:inherit}\n"
    "div#searchbox p.highlight-link a:before,a.reference.download:before,"
    ".nav-link.nav-external:after,nav.bd-links li>a.reference.external:after,"
    "span.versionmodified:before,.bd-sidebar-secondary .onthispage:after{content:none!important}\n"
)
# Our favicon: a ring with a bar across it (risk held down), in the theme's
# primary colour.
FAVICON_SVG = (
    "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'>"
    "<circle cx='16' cy='16' r='12' fill='none' stroke='#0a7d91' stroke-width='4'/>"
    "<path d='M8 16h16' stroke='#0a7d91' stroke-width='4' stroke-linecap='round'/></svg>\n"
)


ICON_TAG = re.compile(
    r'<(?P<tag>i|span) class="(?P<classes>[^"]*\bfa-(?:solid|regular)\b[^"]*)"(?P<attrs>[^>]*)>'
    r"\s*</(?P=tag)>"
)


def inline_icons(page: str) -> str:
    """Replace the theme's empty Font Awesome tags with our inline SVG drawings.

    The classes stay, so the theme's CSS (sizes, which colour-mode icon shows)
    still applies. Idempotent: a page already done has no such tags left.
    """

    def svg(match: re.Match[str]) -> str:
        classes = match.group("classes")
        names = [c[3:] for c in classes.split() if c.startswith("fa-") and c[3:] in ICONS]
        if not names:
            return match.group(0)
        return (
            f'<svg class="{classes}"{match.group("attrs")} viewBox="0 0 24 24" '
            'aria-hidden="true" focusable="false" fill="none" stroke="currentColor" '
            'stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round">'
            f"{ICONS[names[0]]}</svg>"
        )

    return ICON_TAG.sub(svg, page)


# The theme's sidebar folds a page's sections under a <summary> holding only
# an icon, which leaves the control without a name (axe: summary-name).
SECTION_TOGGLE = re.compile(
    r'(?P<link><a class="[^"]*" href="[^"]*">(?P<text>[^<]+)</a>)<details(?P<attrs>[^>]*)><summary>'
)


def label_section_toggles(page: str) -> str:
    def label(match: re.Match[str]) -> str:
        name = f"Sections of {match.group('text').strip()}"
        return (
            f"{match.group('link')}<details{match.group('attrs')}>"
            f'<summary aria-label="{name}" title="{name}">'
        )

    return SECTION_TOGGLE.sub(label, page)


def icon_css() -> str:
    """Sizes for the inline icons, and the theme's CSS-drawn glyphs redrawn."""
    rules = [
        "/* Icons (site_assets.py): our inline SVG drawings, in the text colour. */",
        "svg.fa-solid,svg.fa-regular{display:inline-block;width:1.15em;height:1.15em;"
        "vertical-align:-.2em;flex-shrink:0;overflow:visible}",
        "svg.fa-lg{font-size:1.25em;vertical-align:-.2em}",
        "svg.fa-fw{width:1.25em}",
    ]
    return "\n".join(rules) + "\n" + PSEUDO_ICONS


# -- CSS: dropping Font Awesome from the theme's stylesheet -----------------------


def split_rules(css: str) -> list[str]:
    """Top-level items of a stylesheet: ``sel{...}`` blocks and ``@x ...;`` statements.

    Comments are dropped; strings are honoured so a brace inside ``content``
    does not end a block.
    """
    items: list[str] = []
    depth, start, i, n = 0, 0, 0, len(css)
    while i < n:
        c = css[i]
        if css.startswith("/*", i):
            end = css.find("*/", i + 2)
            end = n if end < 0 else end + 2
            if depth == 0:
                items.append(css[start:i])
                start = end
            i = end
            continue
        if c in "\"'":
            j = i + 1
            while j < n and css[j] != c:
                j += 2 if css[j] == "\\" else 1
            i = j + 1
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                items.append(css[start : i + 1])
                start = i + 1
        elif c == ";" and depth == 0:
            items.append(css[start : i + 1])
            start = i + 1
        i += 1
    items.append(css[start:])
    return [item.strip() for item in items if item.strip()]


FA_SELECTOR = re.compile(r"(?:\.(?:fa|fa[a-z]?|fa-[\w-]+)(?::{1,2}[\w-]+)?)+")


def is_font_awesome(rule: str) -> bool:
    """A rule that belongs to Font Awesome itself (not the theme's use of it)."""
    prelude, _, body = rule.partition("{")
    prelude = prelude.strip()
    if prelude.startswith("@font-face"):
        return "Font Awesome" in body
    if prelude in (":host,:root", ":root"):
        return all(d.strip().startswith("--fa") for d in body.rstrip("}").split(";") if d.strip())
    selectors = [s.strip() for s in prelude.split(",")]
    return all(FA_SELECTOR.fullmatch(s) for s in selectors)


def strip_font_awesome(css: str) -> str:
    kept: list[str] = []
    for rule in split_rules(css):
        if rule.startswith("@charset") or rule.startswith("@import"):
            continue  # one bundle, one file: no imports, charset is UTF-8
        if rule.startswith("@media") or rule.startswith("@supports"):
            prelude, _, inner = rule.partition("{")
            body = strip_font_awesome(inner[: inner.rfind("}")])
            if body.strip():
                kept.append(f"{prelude}{{{body}}}")
            continue
        if rule.startswith("@keyframes fa-") or is_font_awesome(rule):
            continue
        kept.append(rule)
    return "\n".join(kept)


SOURCE_MAP = re.compile(r"^\s*(?://|/\*)# sourceMappingURL=.*$", re.M)


def read_part(outdir: Path, name: str) -> str:
    return SOURCE_MAP.sub("", (outdir / name).read_text(encoding="utf-8"))


def css_bundle(outdir: Path, own: str) -> str:
    parts = [
        strip_font_awesome(read_part(outdir, name)) if "pydata" in name else read_part(outdir, name)
        for name in CSS_PARTS
    ]
    parts = [re.sub(r"@charset[^;]*;|@import[^;]*;", "", part) for part in parts]
    return '@charset "UTF-8";\n' + "\n".join([*parts, icon_css(), own])


def js_bundle(outdir: Path, names: list[str], own: str = "") -> str:
    # One file runs as the separate <script> tags did, in the same order and
    # the same global scope; the ";" guards a part that ends without one.
    parts = [f"/* {name} */\n{read_part(outdir, name)}\n" for name in names]
    return "\n;".join([*parts, own])


# -- Sphinx wiring ------------------------------------------------------------------


def is_site(app: Sphinx) -> bool:
    """The website build (not the ePub, which is HTML-based too)."""
    return app.builder.format == "html" and app.builder.name not in ("epub", "epub3")


def asset_version(app: Sphinx) -> str:
    """Cache-busting token: changes when the theme or our files change."""
    digest = hashlib.sha256()
    for dist in ("sphinx", "pydata-sphinx-theme", "sphinx-book-theme"):
        digest.update(version(dist).encode())
    for name in (OWN_CSS, OWN_JS):
        digest.update((Path(app.srcdir) / "_static" / name).read_bytes())
    digest.update(icon_css().encode())
    return digest.hexdigest()[:12]


def on_builder_inited(app: Sphinx) -> None:
    if is_site(app):
        app.site_asset_version = asset_version(app)  # type: ignore[attr-defined]


def on_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> str | None:
    if not is_site(app):
        return None
    context["site_base_template"] = templatename
    context["site_asset_version"] = app.site_asset_version  # type: ignore[attr-defined]
    context["site_css"] = CSS_BUNDLE
    context["site_js"] = JS_BUNDLE
    context["site_search_js"] = SEARCH_BUNDLE
    context["site_favicon"] = FAVICON
    return "site-page.html"


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not is_site(app):
        return
    out = Path(app.outdir)
    own = Path(app.srcdir) / "_static"
    files = {
        CSS_BUNDLE: css_bundle(out, (own / OWN_CSS).read_text(encoding="utf-8")),
        JS_BUNDLE: js_bundle(out, JS_PARTS, (own / OWN_JS).read_text(encoding="utf-8")),
        SEARCH_BUNDLE: js_bundle(out, SEARCH_PARTS),
        FAVICON: FAVICON_SVG,
    }
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        done = label_section_toggles(inline_icons(text))
        if done != text:
            page.write_text(done, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", on_builder_inited)
    # After other extensions (opengraph, notfound) have filled the context.
    app.connect("html-page-context", on_page_context, priority=900)
    app.connect("build-finished", on_build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
