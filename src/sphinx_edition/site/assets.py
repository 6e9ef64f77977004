"""``sphinx_edition.site.assets``: one stylesheet and one script per page, icons of our own.

As it ships, the book theme (through pydata-sphinx-theme) loads a 1.5 MB
Font Awesome script for a dozen toolbar icons, Bootstrap's script for one
dropdown, Sphinx's search scripts on every page, and five stylesheets. This
extension keeps the theme's look and behaviour but serves each page:

* one stylesheet, ``_static/styles/site-bundle.css``: the theme's own CSS,
  concatenated, minus Font Awesome's rules and fonts (parsed with tinycss2),
  plus our ``site.css``; the theme's icon elements (``<i class="fa-solid
  fa-bars">``) are drawn by CSS masks of our own, so no page changes. Once
  every page is written, the rules that no page can use in any state are
  dropped (``sphinx_edition.site.purge``): most of the theme's CSS styles
  things this book does not have;
* one deferred script, ``_static/scripts/site-bundle.js``: the theme's own
  scripts plus our ``site.js`` (the colour-mode dropdown, which needed
  Bootstrap, and the glossary previews);
* the search scripts only on ``search.html`` (``search-bundle.js``).

The page template (``templates/site-page.html``) wraps whichever template
Sphinx picked and swaps the theme's asset tags for ours; it, and the theme
template overrides beside it, are put on ``templates_path`` here. It is used
for the website's builders only: the ePub keeps Sphinx's epub theme.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import re
import weakref
from collections.abc import Callable, Sequence
from functools import cache, lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.parse import quote
from xml.etree.ElementTree import Element

import tinycss2
import tinycss2.ast
from bs4 import BeautifulSoup, Tag
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from sphinx_edition import PREVIEWS_CSS, PREVIEWS_JS, STATIC, __version__
from sphinx_edition import cache as shared_cache
from sphinx_edition.cite import credit_text
from sphinx_edition.messages import _, add_catalog
from sphinx_edition.outputs import is_site
from sphinx_edition.reporting import conf_location, reported
from sphinx_edition.site import purge
from sphinx_edition.translators import mix_in

logger = logging.getLogger(__name__)

HERE = Path(__file__).parent

CSS_BUNDLE = "_static/styles/site-bundle.css"
TRANSLATIONS_JS = "_static/translations.js"
JS_BUNDLE = "_static/scripts/site-bundle.js"
SEARCH_BUNDLE = "_static/scripts/search-bundle.js"
FAVICON = "_static/favicon.svg"

# The budget of a page's first load (cache empty, served gzipped): bytes over
# the wire and requests. Every page but search.html (which adds the search
# scripts and index) keeps to it; tests/site/test_weight.py checks it and
# scripts/bench reports the essay pages against it. A project can set
# ``site_page_budget`` in conf.py.
PAGE_BUDGET = {"bytes": 40 * 1024, "requests": 4}
# name -> (default, rebuild, types): registered by setup() and by whatever
# reads conf.py without an application (sphinx_edition.pipeline.config).
CONFIG_VALUES: dict[str, tuple[Any, str, frozenset[type]]] = {
    # The name of a sidebar section's fold-out button ({section}: its title).
    "site_section_toggle_label": ("Sections of {section}", "html", frozenset({str})),
    "site_page_budget": (PAGE_BUDGET, "", frozenset({dict})),
}

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
    # Sphinx's messages in the build's language, for doctools' gettext (the
    # search page's status lines, "Hide Search Matches"): written by Sphinx
    # only for a language it has translations for (see js_parts).
    TRANSLATIONS_JS,
    "_static/sphinx_highlight.js",
    "_static/scripts/sphinx-book-theme.js",
    "_static/scripts/pydata-sphinx-theme.js",
]
# After the language's stemmer (see search_parts): what search.html loads.
SEARCH_PARTS = ["_static/language_data.js", "_static/searchtools.js"]
# Our own files (static/ beside this module), appended last so they win the cascade.
OWN_CSS = "site.css"
OWN_JS = "site.js"
OWN_SEARCH_JS = "search.js"

# Icons drawn for this site on a 24x24 grid, painted in the text colour as
# CSS masks (no request, no font). Keys are the Font Awesome names the
# theme's templates use.
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


def icon_url(drawing: str) -> str:
    """A drawing on the 24x24 grid as an SVG data URL, for use as a CSS mask."""
    svg = (
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24' fill='none' "
        "stroke='black' stroke-width='2.2' stroke-linecap='round' stroke-linejoin='round'>"
        f"{drawing.replace('currentColor', 'black')}</svg>"
    )
    return 'url("data:image/svg+xml,' + quote(svg, safe=" '=:/,.-") + '")'


def icon_css() -> str:
    """Our drawings for the theme's icon elements, and its CSS-drawn glyphs redrawn.

    An icon element is empty; it is painted in the text colour through a mask
    of the drawing its Font Awesome class names, so it follows the colour
    mode, and the theme's rules for its size and place still apply.
    """
    rules = [
        "/* Icons (sphinx_edition.site.assets): our drawings, painted in the text colour. */",
        ":is(i,span).fa-solid,:is(i,span).fa-regular{display:inline-block;width:1.15em;"
        "height:1.15em;vertical-align:-.2em;flex-shrink:0;background-color:currentColor;"
        "-webkit-mask:var(--site-icon) center/contain no-repeat;"
        "mask:var(--site-icon) center/contain no-repeat}",
        ":is(i,span).fa-lg{font-size:1.25em}",
        ":is(i,span).fa-fw{width:1.25em}",
        *(f".fa-{name}{{--site-icon:{icon_url(drawing)}}}" for name, drawing in ICONS.items()),
    ]
    return "\n".join(rules) + "\n" + PSEUDO_ICONS


# -- Section toggles in the sidebar ------------------------------------------------


def label_section_toggles(toctree: Any, label: str) -> Any:
    """Give each fold-out ``<summary>`` of a toctree a name (axe: summary-name).

    pydata-sphinx-theme builds its sidebar toctree as a BeautifulSoup tree and
    puts an icon alone in each ``<summary>``; this edits that tree the same way
    (or a parse of it, when the theme hands back text).
    """
    soup = BeautifulSoup(toctree, "html.parser") if isinstance(toctree, str) else toctree
    if not isinstance(soup, Tag):
        return toctree
    for summary in soup.find_all("summary"):
        if summary.get("aria-label") or summary.get_text(strip=True):
            continue
        item = summary.find_parent("li")
        link = item.find("a") if item is not None else None
        if link is not None:
            name = label.format(section=link.get_text(" ", strip=True))
            summary["aria-label"] = summary["title"] = name
    return str(soup) if isinstance(toctree, str) else soup


def label_fast_sidebar(app: Sphinx, soup: Any) -> None:
    """The same names in the sidebar that ``sphinx_edition.sidebar`` draws once
    per build (its ``fast-sidebar-tree`` event: the names are the same on
    every page)."""
    if is_site(app):
        label_section_toggles(soup, app.config.site_section_toggle_label)


def labelled_toctree(generate: Callable[..., Any], label: str) -> Callable[..., Any]:
    def generate_labelled(*args: Any, **kwargs: Any) -> Any:
        return label_section_toggles(generate(*args, **kwargs), label)

    return generate_labelled


# -- The page head -----------------------------------------------------------------


class OneViewport:
    """Translator mixin: leave the viewport to the page template.

    Docutils' HTML5 writer adds a viewport ``<meta>`` of its own, which Sphinx
    passes on in ``metatags`` after the theme's: two viewports per page
    (invalid HTML). The theme's stays.
    """

    meta: list[str]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self.meta = [m for m in self.meta if 'name="viewport"' not in m]


# -- CSS: dropping Font Awesome from the theme's stylesheet -----------------------

FA_SELECTOR = re.compile(r"(?:\.(?:fa|fa[a-z]?|fa-[\w-]+)(?::{1,2}[\w-]+)?)+")


def is_font_awesome(rule: tinycss2.ast.Node) -> bool:
    """A rule that belongs to Font Awesome itself (not the theme's use of it)."""
    if isinstance(rule, tinycss2.ast.AtRule):
        at = rule.lower_at_keyword
        if at == "font-face":
            return "Font Awesome" in tinycss2.serialize(rule.content or [])
        return at == "keyframes" and tinycss2.serialize(rule.prelude).strip().startswith("fa-")
    if not isinstance(rule, tinycss2.ast.QualifiedRule):
        return False
    prelude = tinycss2.serialize(rule.prelude).strip()
    if prelude in (":host,:root", ":root"):
        declarations = tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True)
        names = [d.lower_name for d in declarations if isinstance(d, tinycss2.ast.Declaration)]
        return bool(names) and all(name.startswith("--fa") for name in names)
    return all(FA_SELECTOR.fullmatch(s.strip()) for s in prelude.split(","))


def left_out(rule: tinycss2.ast.Node) -> bool:
    """Rules the bundle never carries: Font Awesome's, imports and charsets
    (one bundle, one file, in UTF-8)."""
    if isinstance(rule, tinycss2.ast.AtRule) and rule.lower_at_keyword in ("charset", "import"):
        return True
    return is_font_awesome(rule)


SOURCE_MAP = re.compile(r"^\s*(?://|/\*)# sourceMappingURL=.*$", re.M)


def read_part(outdir: Path, name: str) -> str:
    return SOURCE_MAP.sub("", (outdir / name).read_text(encoding="utf-8"))


@lru_cache(maxsize=8)
def parse_css(text: str) -> tuple[tinycss2.ast.Node, ...]:
    # Kept: a process that builds several sites (each language's) or
    # rebuilds (sphinx-autobuild) parses the theme's 400 KB of CSS once.
    return tuple(tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True))


def css_rules(outdir: Path, own: str) -> list[tinycss2.ast.Node]:
    """The theme's stylesheets without Font Awesome, our icons and ``own``,
    parsed, in cascade order. (Font Awesome's one rule inside an ``@media``
    block, for its animations, matches no page and is purged.)"""
    theme = [r for name in CSS_PARTS for r in parse_css(read_part(outdir, name))]
    return [*(r for r in theme if not left_out(r)), *parse_css(icon_css()), *parse_css(own)]


def css_bundle(
    outdir: Path, own: str, pages: list[Path] | None = None, scripts: Sequence[str] = ()
) -> str:
    """The site's one stylesheet, compacted.

    With ``pages`` (and the ``scripts`` they run), only the rules and custom
    properties that some state of one of them can use
    (``sphinx_edition.site.purge``); without, every rule.
    """
    trees = None if pages is None else [purge.parse_page(page) for page in pages]
    return '@charset "UTF-8";\n' + purge.purge(css_rules(outdir, own), trees, scripts)


@lru_cache(maxsize=65536)
def element_key(parent: str, sig: str, last: str, earlier: frozenset[str]) -> str:
    # Cached: a sidebar repeats the same few contexts hundreds of times.
    context = "\0".join([parent, sig, last, *sorted(earlier)])
    return hashlib.sha1(context.encode()).hexdigest()[:20]


def shape(tree: Element, styled_ids: Callable[[str], bool], chains: bool) -> set[str]:
    """What the purge can tell apart in a page's tree: each element as a
    selector without pseudo-classes sees it (its tag and attributes, its
    ancestors', its earlier siblings'), as a set, so one more paragraph
    among paragraphs changes nothing. (The purge's trees hold no text.) An
    ``id`` counts only if the stylesheets, the scripts or the purge name it,
    so that sections, which differ by their ids alone, look alike. Earlier
    siblings count by their own tag and attributes; when a selector chains
    two sibling steps (``a + b ~ c``), with the sibling just before each.
    """
    keys: set[str] = set()

    def walk(parent: Element, parent_key: str) -> None:
        last, earlier = "", set()
        for element in parent:
            attrs = sorted(
                (n, v if n != "id" or styled_ids(v) else "") for n, v in element.attrib.items()
            )
            sig = repr((element.tag, attrs))
            key = element_key(parent_key, sig, last, frozenset(earlier))
            keys.add(key)
            earlier.add(f"{last}+{sig}" if chains else sig)
            last = sig
            walk(element, key)

    root = Element("#document")
    root.append(tree)
    walk(root, "")
    return keys


def facts_for(record: Any, digest: str) -> bool:
    """Whether ``record`` is a whole answer of :func:`style_facts` for ``digest``."""
    return (
        isinstance(record, dict)
        and record.get("digest") == digest
        and isinstance(record.get("named"), list)
        and isinstance(record.get("any_id"), bool)
        and isinstance(record.get("chains"), bool)
    )


def style_facts(config: Config, css: str, scripts: str, saved: dict[str, Any]) -> dict[str, Any]:
    """What :func:`shape` needs to know of the stylesheets and scripts: the
    words they name (an id counts only if named), whether a selector picks
    ids by pattern, whether one chains two sibling steps. Reading 400 KB of
    CSS for them costs more than an edit's pages: ``saved`` (the last
    build's answer), or an earlier build's from the shared cache, stands
    while the inputs are the same."""
    words = "\n".join([css, scripts, inspect.getsource(purge)])
    digest = hashlib.sha256(words.encode()).hexdigest()
    if facts_for(saved, digest):
        return saved
    shared = shared_cache.read_json(config, "style-facts", digest)
    if facts_for(shared, digest):
        return shared
    # Named in the stylesheets, the scripts or the purge's own stand-ins for them.
    named = set(re.findall(r"[-\w]+", words))
    chains = any(
        len(re.findall(r"[+~](?!=)", re.sub(r"\([^)]*\)", "", selector))) > 1
        for prelude in re.findall(r"([^{};]+)\{", re.sub(r"/\*.*?\*/", "", css, flags=re.S))
        for selector in prelude.split(",")
    )
    # "[id": a selector on ids by pattern, so every id counts.
    facts = {"digest": digest, "named": sorted(named), "any_id": "[id" in css, "chains": chains}
    shared_cache.write_json(config, "style-facts", digest, facts)
    return facts


def page_shapes(
    config: Config,
    outdir: Path,
    pages: list[Path],
    known: dict[str, list[Any]],
    facts: dict[str, Any],
    trees: dict[Path, Element],
) -> dict[str, list[Any]]:
    """Each page's shape (size, time, keys), keyed by its path; a page whose
    size and time are those ``known`` recorded (one this build did not
    write) is not read again, nor one whose bytes an earlier build on this
    machine read (the shared cache, by a hash of the bytes and ``facts``).
    The trees parsed are left in ``trees``."""
    named, any_id, chains = set(facts["named"]), facts["any_id"], facts["chains"]

    def styled(value: str) -> bool:
        return any_id or value in named

    shapes = {}
    stored = False
    for page in pages:
        name, stat = page.relative_to(outdir).as_posix(), page.stat()
        seen = known.get(name)
        if seen and seen[:2] == [stat.st_size, stat.st_mtime_ns]:
            shapes[name] = seen
            continue
        digest = hashlib.sha256(page.read_bytes())
        digest.update(facts["digest"].encode())
        stored_keys = shared_cache.read_json(config, "page-shapes", digest.hexdigest())
        keys = shared_cache.string_list(stored_keys)
        if keys is None:
            trees[page] = purge.parse_page(page)
            keys = sorted(shape(trees[page], styled, chains))
            shared_cache.write_json(config, "page-shapes", digest.hexdigest(), keys, keep=None)
            stored = True
        shapes[name] = [stat.st_size, stat.st_mtime_ns, keys]
    if stored:
        shared_cache.prune(config, "page-shapes", shared_cache.KEEP_PAGE_ENTRIES)
    return shapes


CACHE_FORMAT = 5


def cached_css_bundle(
    app: Sphinx, outdir: Path, own: str, pages: list[Path], scripts: Sequence[str]
) -> str:
    """:func:`css_bundle`, kept between builds with the working files.

    The purge costs more than writing a page (seconds for a large book), yet
    an edit to prose brings no new kind of element, and so no change to the
    bundle. Its inputs are the theme's stylesheets, ours, the scripts, our
    package and the configuration (:func:`asset_version`), and the kinds of
    element the pages hold (:func:`shape`): when they are all as last
    time, the last bundle is the answer. A key of all of them (and of the
    CSS libraries' versions) also finds a bundle purged by any earlier build
    on this machine (``sphinx_edition.cache``), so a clean build purges only
    what no build purged before.
    """
    record_file = Path(app.doctreedir) / f"site-bundle-{app.builder.name}.json"
    try:
        saved = json.loads(record_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        saved = {}
    if saved.get("format") != CACHE_FORMAT:
        saved = {}
    css = [*(read_part(outdir, name) for name in CSS_PARTS), icon_css(), own]
    known = saved.get("pages", {})
    trees: dict[Path, Element] = {}
    facts = style_facts(app.config, "\n".join(css), "\n".join(scripts), saved.get("facts", {}))
    shapes = page_shapes(app.config, outdir, pages, known, facts, trees)
    key = hashlib.sha256(asset_version(app).encode())
    for dist in ("tinycss2", "cssselect2"):
        key.update(f"{dist}={version(dist)}\0".encode())
    for part in [*css, *scripts]:
        key.update(hashlib.sha256(part.encode()).digest())
    for element in sorted({k for entry in shapes.values() for k in entry[2]}):
        key.update(element.encode())
    if saved.get("key") == key.hexdigest() and isinstance(saved.get("css"), str):
        css_text = saved["css"]
    elif shared := shared_cache.read(app.config, "site-bundle", key.hexdigest()):
        css_text = shared  # the same inputs, purged by an earlier build
    else:
        # The pages parsed for their shapes are not parsed again.
        parsed = [trees[page] if page in trees else purge.parse_page(page) for page in pages]
        css_text = '@charset "UTF-8";\n' + purge.purge(css_rules(outdir, own), parsed, scripts)
        shared_cache.write(app.config, "site-bundle", key.hexdigest(), css_text)
    record = {
        "format": CACHE_FORMAT,
        "key": key.hexdigest(),
        "facts": facts,
        "pages": shapes,
        "css": css_text,
    }
    record_file.write_text(json.dumps(record), encoding="utf-8")
    return css_text


def search_parts(app: Sphinx) -> list[str]:
    """The search page's scripts: the stemmer the language needs, then SEARCH_PARTS.

    Sphinx 9 copies a stemmer per language into _static (the indexer names
    them); Sphinx 8 writes one ``_stemmer.js``, or builds it into
    ``language_data.js``. Only files the build wrote are bundled.
    """
    indexer = getattr(app.builder, "indexer", None)
    if indexer is not None and hasattr(indexer, "get_js_stemmer_rawcodes"):
        stemmers = [f"_static/{Path(p).name}" for p in indexer.get_js_stemmer_rawcodes()]
    else:
        stemmers = ["_static/_stemmer.js"]
    out = Path(app.outdir)
    return [name for name in [*stemmers, *SEARCH_PARTS] if (out / name).is_file()]


def js_parts(outdir: Path) -> list[str]:
    """JS_PARTS as this build wrote them: translations.js only where there is one."""
    return [n for n in JS_PARTS if n != TRANSLATIONS_JS or (outdir / n).is_file()]


def js_bundle(outdir: Path, names: list[str], own: str = "") -> str:
    # One file runs as the separate <script> tags did, in the same order and
    # the same global scope; the ";" guards a part that ends without one.
    parts = [f"/* {name} */\n{read_part(outdir, name)}\n" for name in names]
    return "\n;".join([*parts, own])


# -- Sphinx wiring ------------------------------------------------------------------


def own_file(name: str) -> Path:
    return HERE / "static" / name


def own_text(name: str, shared: str) -> str:
    """Our file ``name``, then the package's shared one (the glossary previews')."""
    return "\n".join(path.read_text(encoding="utf-8") for path in (own_file(name), STATIC / shared))


@cache
def package_digest() -> bytes:
    """Our package's code, templates and static files (they shape pages and bundles)."""
    digest = hashlib.sha256()
    for path in sorted(HERE.parent.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(HERE.parent).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.digest()


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


# Each application's token, held weakly: it is worked out once per build
# (hashing the package and templates), and goes with the application.
TOKENS: weakref.WeakKeyDictionary[Sphinx, str] = weakref.WeakKeyDictionary()


def asset_version(app: Sphinx) -> str:
    """Cache-busting token of the bundles, in every page's links to them.

    It covers what shapes every page: the theme and every extension's
    version, our package, the configuration and language, the templates.
    Not the sources: the token is in every page, so a token that followed
    them would make one edit rewrite the whole site. The stylesheet is purged
    against the pages, so an edit that brings markup no page had before
    (a first table, say) changes it under the same token; a browser that
    cached the old one shows that markup less styled until it asks again.
    When the token changes, every page is rewritten (``pages_with_old_token``).
    """
    if (token := TOKENS.get(app)) is None:
        token = TOKENS[app] = work_out_asset_version(app)
    return token


def work_out_asset_version(app: Sphinx) -> str:
    digest = hashlib.sha256()
    for dist in ("sphinx", "docutils", "pydata-sphinx-theme", "sphinx-book-theme"):
        digest.update(version(dist).encode() + b"\0")
    for name, extension in sorted(app.extensions.items()):
        digest.update(f"{name}={getattr(extension, 'version', '')}\0".encode())
    digest.update(package_digest())
    digest.update(f"{app.builder.name}\0{app.config.language}\0".encode())
    srcdir = Path(app.srcdir)
    confdir = Path(app.confdir) if app.confdir else srcdir
    files = [confdir / "conf.py"]
    for folder in app.config.templates_path:
        files += files_under(confdir / folder)
    for path in files:
        if path.is_file():
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


TOKEN_ATTRIBUTE = "sphinx_edition_asset_tokens"


@reported
def pages_with_old_token(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Every page, when the token differs from the one the pages were written with.

    Sphinx rewrites every page when the configuration or a template changes,
    but not when our package or an extension's version does; the token,
    saved in the environment per builder, catches those.
    """
    if not bundling(app):
        return []
    tokens: dict[str, str] = getattr(env, TOKEN_ATTRIBUTE, None) or {}
    token, previous = asset_version(app), tokens.get(app.builder.name)
    setattr(env, TOKEN_ATTRIBUTE, {**tokens, app.builder.name: token})
    return sorted(env.found_docs) if previous not in (None, token) else []


def add_templates(app: Sphinx, config: Config) -> None:
    # Our page wrapper and the theme template overrides beside it.
    config.templates_path = [*config.templates_path, str(HERE / "templates")]


def css_string(text: str) -> str:
    """``text`` as a CSS string literal (quotes, backslashes and line ends escaped)."""
    escaped = "".join(c if c.isprintable() and c not in '"\\<>' else f"\\{ord(c):x} " for c in text)
    return f'"{escaped}"'


def print_line(app: Sphinx) -> str:
    """The line printed at the foot of every page: title, edition, credit
    (who wrote this wording, whose work it restates: sphinx_edition.cite,
    when cite_metadata is set), licence."""
    config = app.config
    parts = [config.html_title or config.project]
    if config.release:
        parts.append(_("version {version}").format(version=config.release))
    if credit := credit_text(config):
        parts.append(credit)
    if config.copyright:
        parts.append(f"\u00a9 {config.copyright}")
    return " \u00b7 ".join(parts)


@reported
def on_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> str | None:
    if not bundling(app):
        return None
    context["site_base_template"] = templatename
    context["site_asset_version"] = asset_version(app)
    context["site_css"] = CSS_BUNDLE
    context["site_js"] = JS_BUNDLE
    context["site_search_js"] = SEARCH_BUNDLE
    context["site_favicon"] = FAVICON
    context["site_print_line"] = css_string(print_line(app))
    if callable(context.get("generate_toctree_html")):
        label = app.config.site_section_toggle_label
        context["generate_toctree_html"] = labelled_toctree(context["generate_toctree_html"], label)
    return "site-page.html"


@reported
def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not bundling(app):
        return
    out = Path(app.outdir)
    files = {
        JS_BUNDLE: js_bundle(out, js_parts(out), own_text(OWN_JS, PREVIEWS_JS)),
        SEARCH_BUNDLE: js_bundle(
            out, search_parts(app), own_file(OWN_SEARCH_JS).read_text(encoding="utf-8")
        ),
        FAVICON: FAVICON_SVG,
    }
    # Every page is in the output folder by now: written in this build or an
    # earlier one (sphinx_edition.site.incremental rewrites what an edit affects).
    files[CSS_BUNDLE] = cached_css_bundle(
        app,
        out,
        own_text(OWN_CSS, PREVIEWS_CSS),
        purge.site_pages(out),
        [files[JS_BUNDLE], files[SEARCH_BUNDLE]],
    )
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")


# The theme whose own scripts and stylesheets the bundles are made of.
THEME = "sphinx_book_theme"
# Set on the application when the bundles are in use: they then carry the
# glossary previews' script and styles too (sphinx_edition.glossary.previews
# reads it, and adds its own files to the pages when it is not set).
BUNDLING = "sphinx_edition_site_bundles"


def bundling(app: Sphinx) -> bool:
    """Whether this build's pages get our bundles (a site build, with the book theme)."""
    return is_site(app) and getattr(app, BUNDLING, False)


def use_theme(app: Sphinx, config: Config) -> None:
    """Bundle the book theme's files, or say at start-up that another theme
    leaves this extension nothing to do (not with a missing file at the end)."""
    if config.html_theme != THEME:
        logger.warning(
            "sphinx_edition.site.assets bundles %s's scripts and stylesheets, so it needs "
            "html_theme = %r (conf.py has %r): it does nothing with this theme. Take it out "
            "of extensions, or use that theme; sphinx_edition.glossary.previews and "
            ".backlinks work with any theme",
            THEME,
            THEME,
            config.html_theme,
            location=conf_location(app, "html_theme"),
            type="site",
            subtype="theme",
        )
        return
    setattr(app, BUNDLING, True)
    add_templates(app, config)


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx_edition.cache")  # purged stylesheets kept per machine
    # What each page loads, so publishing copies only the files pages use.
    app.setup_extension("sphinx_edition.site.manifest")
    # The search page's query split the way its index was.
    app.setup_extension("sphinx_edition.site.search")
    app.setup_extension("sphinx_edition.sidebar")  # the sidebar drawn once per build
    add_catalog(app)  # the printed foot line's words
    for name, (default, rebuild, types) in CONFIG_VALUES.items():
        app.add_config_value(name, default, rebuild, types=types)
    app.connect("config-inited", use_theme)
    # Late, after themes (pydata-sphinx-theme) have set their translators.
    app.connect("builder-inited", mix_in(OneViewport, bundling), priority=900)
    # After other extensions (opengraph, notfound, the theme) have filled the context.
    app.connect("html-page-context", on_page_context, priority=900)
    app.connect("fast-sidebar-tree", label_fast_sidebar)
    app.connect("env-get-updated", pages_with_old_token)
    # Late: pydata-sphinx-theme rewrites pygments.css (light and dark code
    # colours) at build-finished, and the bundle must read its version.
    app.connect("build-finished", on_build_finished, priority=900)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
