"""``sphinx_edition.site.purge``: keep the CSS rules some page of the site can use.

The theme's stylesheet styles everything a documentation site might hold
(Bootstrap's components and utilities, notebook cells, version switchers,
code in every Pygments class); one book uses a small part of it. After the
build has written every page, :func:`purge` reads the pages (parsed into
ElementTree trees by the standard library's HTML parser) and keeps a style
rule only if one of its selectors can match an element of one of them,
tested with cssselect2.

"Can match" is decided conservatively, because a rule dropped by mistake
changes the look while a rule kept by mistake only costs bytes:

* **States are assumed.** Before a selector is tested, every part of it that
  depends on state or on the moment is removed, which can only make it
  match more: pseudo-classes (``:hover``, ``:focus-visible``, ``:checked``,
  ``:not(...)``, ``:first-child``, ``:is(...)``, ...), pseudo-elements
  (``::before``, ``::backdrop``, ...), and the classes and attributes that
  the site's scripts put on elements already in the page
  (:data:`RUNTIME_CLASSES`, :data:`RUNTIME_ATTRIBUTES`). So
  ``html[data-theme=dark] .dropdown-menu.show:hover`` is tested as
  ``html .dropdown-menu``.
* **What scripts add is added.** Elements the scripts create (search
  results, the glossary preview, highlighted search words) are added to each
  page's tree the way the scripts add them, and the sidebars are also tested
  as the theme moves them into a dialog on a phone (see :func:`run_scripts`).
* **Anything not understood is kept:** a selector cssselect2 cannot compile,
  an at-rule other than ``@media``/``@supports``/``@layer``/``@container``
  (``@font-face``, ``@page``, ...), a rule whose block is not plain
  declarations. ``@keyframes`` are kept when a kept rule names them.

A kept rule loses only the selectors in its list that match nothing (unless
one of them is vendor-prefixed: a browser drops a whole list with a selector
it does not know, and dropping that selector would change what it applies),
and the custom properties nothing reads: no kept declaration or at-rule
through ``var()`` (directly or through another custom property), no inline
style on a page, no script that names them (Bootstrap defines a hundred on
``:root``). The output is also compacted: comments go and runs of white
space become one space.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple
from xml.etree.ElementTree import Element, SubElement

import cssselect2
import tinycss2
import tinycss2.ast
from tinycss2.serializer import serialize_identifier

# -- What the site's scripts change after a page loads ------------------------------
# Read from the scripts each page runs (the theme's, Sphinx's, ours); a theme
# upgrade that adds a state class needs it added here. tests/site/test_purge.py
# drives the pages into these states in Chromium and compares every element's
# computed style under the purged stylesheet and the whole one.

RUNTIME_CLASSES = frozenset(
    {
        "js",  # <html>: the page template's pre-paint script
        "show",  # .dropdown-menu: open (site.js)
        "dropdown-menu-dark",  # .dropdown-menu in dark mode (pydata-sphinx-theme.js)
        "active",  # the chosen colour mode, the page-contents link in view (pydata)
        "pst-sidebar-hidden",  # the folded primary sidebar (sphinx-book-theme.js)
        "pst-squeeze",  # the collapsed primary sidebar (pydata)
        "hide",  # the secondary sidebar beside a margin note (sphinx-book-theme.js)
        "scrolled",  # <body> scrolled past the top (sphinx-book-theme.js)
        "noprint",  # header, sidebars and footers (sphinx-book-theme.js)
        "empty",  # #search-results before a query (pydata)
        "highlighted",  # search words on the page opened from a result (sphinx_highlight.js)
    }
)
RUNTIME_ATTRIBUTES = frozenset(
    {
        "data-theme",  # <html>: light or dark (the pre-paint script, pydata)
        "data-mode",  # <html>: light, dark or auto (the same)
        "data-bs-popper",  # an open .dropdown-menu (site.js)
        "aria-expanded",  # menu and sidebar buttons (site.js, pydata)
        "aria-haspopup",  # menu buttons (site.js)
        "aria-current",  # the page-contents link in view (pydata)
        "aria-label",  # the sidebar button above the article (site.js)
        "aria-hidden",  # the glossary preview (site.js)
        "open",  # <dialog>: search and the sidebars on a phone (pydata)
        "hidden",  # the glossary preview, shown and hidden (site.js)
        "tabindex",  # scrollable code and tables (pydata)
        "style",  # inline sizes and places set by scripts
        "data-busy",  # the sidebar collapse button (pydata)
    }
)

NESTED_AT_RULES = frozenset({"media", "supports", "layer", "container"})


# -- Pages, as loaded and as the scripts leave them ----------------------------------

VOID_ELEMENTS = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    ]
)


class TreeBuilder(HTMLParser):
    """An ElementTree tree of a page's elements (text is not needed), built
    with the standard library's HTML parser.

    Sphinx and the theme close every element they open, so the tree is the
    one a browser builds, but for the one element a browser adds: a
    ``<tbody>`` around rows written straight into a ``<table>``
    (tests/site/test_purge.py compares it with tinyhtml5's, an HTML5
    parser's, for every page of the book).
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.document = Element("#document")
        self.open = [self.document]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        parent = self.open[-1]
        if tag == "tr" and parent.tag == "table":
            parent = SubElement(parent, "tbody")
            self.open.append(parent)
        element = SubElement(parent, tag, {name: value or "" for name, value in attrs})
        if tag not in VOID_ELEMENTS:
            self.open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        SubElement(self.open[-1], tag, {name: value or "" for name, value in attrs})

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]  # and whatever is still open inside it
                return
        # An end tag with nothing open to close is ignored, as browsers do.


def parse_html(markup: str) -> Element:
    """The elements of an HTML document or fragment, under one "#document" root."""
    builder = TreeBuilder()
    builder.feed(markup)
    builder.close()
    return builder.document


def parse_page(path: Path) -> Element:
    """A written page's ``<html>`` element and everything in it."""
    return next(find(parse_html(path.read_text(encoding="utf-8")), tag="html"))


def site_pages(outdir: Path) -> list[Path]:
    """Every HTML file a host would serve from ``outdir`` (the 404 page included)."""
    return sorted(p for p in outdir.rglob("*.html") if "_static" not in p.relative_to(outdir).parts)


def classes(element: Element) -> list[str]:
    return (element.get("class") or "").split()


def find(
    root: Element, *, id: str | None = None, cls: str | None = None, tag: str | None = None
) -> Iterator[Element]:
    """Elements of ``root`` (itself included) with this id, class and tag name."""
    for element in root.iter(tag):
        if id is not None and element.get("id") != id:
            continue
        if cls is not None and cls not in classes(element):
            continue
        yield element


def fragment(markup: str) -> list[Element]:
    """Elements parsed from a piece of HTML, as a script's ``innerHTML`` would."""
    return list(parse_html(markup))


# What searchtools.js writes into #search-results (performSearch, _displayItem,
# makeSearchSummary), with one result of each kind it names.
SEARCH_RESULTS = (
    "<h2>Searching<span>...</span></h2><p class='search-summary'>Found</p>"
    "<ul role='list' class='search'>"
    + "".join(
        f"<li class='kind-{kind}'><a href='#' data-score='1'>Title</a><span> (text)</span>"
        "<p class='context'>the <span class='highlighted'>word</span> in context</p></li>"
        for kind in ("index", "object", "title", "text")
    )
    + "</ul>"
)
# What sphinx_highlight.js adds to a page opened from a search result.
HIGHLIGHT_LINK = "<p class='highlight-link'><a href='#'>Hide Search Matches</a></p>"
HIGHLIGHTED = "<span class='highlighted'>word</span>"


def add_search_results(root: Element) -> None:
    """Search results, in the search page's #search-results and in the search
    dialog (pydata-sphinx-theme's search-as-you-type makes one there)."""
    for dialog in find(root, id="pst-search-dialog"):
        if not any(find(dialog, id="search-results")):
            dialog.extend(fragment("<section id='search-results' class='empty'></section>"))
    for results in find(root, id="search-results"):
        results.extend(fragment(SEARCH_RESULTS))


def add_highlights(root: Element) -> None:
    """Search words highlighted in the text, and the link that hides them."""
    target = next(find(root, cls="body", tag="div"), None) or next(find(root, tag="body"), None)
    if target is not None:
        target.extend(fragment(HIGHLIGHTED))
    for box in find(root, id="searchbox"):
        box.extend(fragment(HIGHLIGHT_LINK))


def add_term_preview(root: Element) -> None:
    """The glossary preview site.js shows on a term link: the term, then a
    copy of each definition the page carries (without its id), in <main>."""
    sources = [d for s in find(root, cls="term-preview-source") for d in s]
    if not sources:
        return
    host = next(find(root, tag="main"), None) or next(find(root, tag="body"), None)
    if host is None:
        return
    [popover] = fragment(
        "<div class='term-preview' id='term-preview' aria-hidden='true' hidden>"
        "<p class='term-preview__term'>term</p></div>"
    )
    for source in sources:
        clone = copy.deepcopy(source)
        clone.attrib.pop("id", None)
        popover.append(clone)
    host.append(popover)


def open_sidebars(root: Element) -> None:
    """The sidebars as opened on a phone: pydata-sphinx-theme moves each
    sidebar's children and classes into its <dialog> (and back on closing).

    Copied rather than moved, the tree holds both states at once; since no
    relaxed selector can tell (no :not, no :empty), it matches whatever
    either state matches.
    """
    for name in ("primary", "secondary"):
        sidebar = next(find(root, id=f"pst-{name}-sidebar"), None)
        dialog = next(find(root, id=f"pst-{name}-sidebar-modal"), None)
        if sidebar is None or dialog is None:
            continue
        dialog.extend(copy.deepcopy(child) for child in sidebar)
        dialog.set("class", " ".join([*classes(dialog), *classes(sidebar)]))


def run_scripts(page: Element) -> Element:
    """``page`` (changed in place) with what the site's scripts add to it."""
    for add in (add_search_results, add_highlights, add_term_preview, open_sidebars):
        add(page)
    return page


# -- Selectors ------------------------------------------------------------------------


def split_selectors(prelude: list[tinycss2.ast.Node]) -> list[list[tinycss2.ast.Node]]:
    """A selector list's selectors (split at top-level commas), trimmed."""
    selectors: list[list[tinycss2.ast.Node]] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append([])
        elif token.type != "comment":
            selectors[-1].append(token)
    return [strip(s) for s in selectors]


def strip(tokens: list[tinycss2.ast.Node]) -> list[tinycss2.ast.Node]:
    start, end = 0, len(tokens)
    while start < end and tokens[start].type == "whitespace":
        start += 1
    while end > start and tokens[end - 1].type == "whitespace":
        end -= 1
    return tokens[start:end]


def attribute_name(block: tinycss2.ast.SquareBracketsBlock) -> str | None:
    tokens = [t for t in block.content if t.type not in ("whitespace", "comment")]
    if not tokens or tokens[0].type != "ident":
        return None  # a namespace (ns|attr, *|attr): not ours to judge
    if len(tokens) > 1 and tokens[1].type == "literal" and tokens[1].value == "|":
        return None
    return tokens[0].lower_value


class Relaxed(NamedTuple):
    """A selector with its state-dependent parts removed (see :func:`relax`)."""

    text: str
    # What a page must hold for it to match: ".class", "#id", "tag", "[attribute".
    needs: frozenset[str]


def relax(selector: list[tinycss2.ast.Node]) -> Relaxed | None:
    """``selector`` with every part that depends on state or scripts removed.

    The result matches every element the selector could match in some state
    of some page (and maybe more). None if the selector holds anything not
    understood here; its rule is then kept.
    """
    needs: set[str] = set()
    compounds: list[list[str]] = [[]]
    combinators: list[str] = []
    pending_space = False  # white space seen: a descendant combinator, unless
    after_combinator = False  # it only pads an explicit one (a > b)
    tokens = list(selector)
    i = 0

    def combine(combinator: str) -> None:
        nonlocal pending_space
        pending_space = False
        combinators.append(combinator)
        compounds.append([])

    while i < len(tokens):
        token = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if token.type == "whitespace":
            pending_space = not after_combinator
            i += 1
            continue
        if token.type == "literal" and token.value in (">", "+", "~"):
            combine(token.value)
            after_combinator = True
            i += 1
            continue
        if pending_space:
            combine(" ")
        after_combinator = False
        if token.type == "literal" and token.value == "." and nxt is not None:
            if nxt.type != "ident":
                return None
            if nxt.value not in RUNTIME_CLASSES:
                compounds[-1].append("." + tinycss2.serialize([nxt]))
                needs.add("." + nxt.value)
            i += 2
        elif token.type == "literal" and token.value == ":":
            # A pseudo-class (:hover, :not(...)) or, after a second colon, a
            # pseudo-element: removed.
            if nxt is not None and nxt.type == "literal" and nxt.value == ":":
                i += 1
                nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if nxt is None or nxt.type not in ("ident", "function"):
                return None
            i += 2
        elif token.type == "hash" and token.is_identifier:
            compounds[-1].append(token.serialize())
            needs.add("#" + token.value)
            i += 1
        elif token.type == "[] block":
            name = attribute_name(token)
            if name is None:
                return None
            if name not in RUNTIME_ATTRIBUTES:
                compounds[-1].append(token.serialize())
                needs.add("[" + name)
            i += 1
        elif token.type == "ident" and not compounds[-1]:
            compounds[-1].append(token.serialize())
            needs.add(token.lower_value)
            i += 1
        elif token.type == "literal" and token.value == "*" and not compounds[-1]:
            compounds[-1].append("*")
            i += 1
        else:
            return None  # namespaces, nesting (&), anything unexpected
    parts: list[str] = []
    for n, compound in enumerate(compounds):
        if n:
            parts.append(combinators[n - 1])
        parts.append("".join(compound) or "*")
    return Relaxed("".join(parts), frozenset(needs))


def is_vendor_specific(selector: list[tinycss2.ast.Node]) -> bool:
    """A selector with a prefixed pseudo-class or -element (``::-moz-selection``)."""
    for a, b in itertools.pairwise(selector):
        if a.type == "literal" and a.value == ":" and b.type in ("ident", "function"):
            name = b.lower_value if b.type == "ident" else b.lower_name
            if name.startswith("-"):
                return True
    return False


# -- Compact serialisation -------------------------------------------------------------


def compact(tokens: Iterable[tinycss2.ast.Node]) -> str:
    """Tokens serialised with comments dropped and white space runs made one space."""
    out: list[str] = []
    for token in tokens:
        if token.type == "comment":
            continue
        if token.type == "whitespace":
            if out and out[-1] != " ":
                out.append(" ")
        elif token.type == "function":
            out.append(f"{serialize_identifier(token.name)}(")
            out.append(compact(token.arguments).strip())
            out.append(")")
        elif token.type in ("() block", "[] block", "{} block"):
            opening = {"() block": "(", "[] block": "[", "{} block": "{"}[token.type]
            closing = {"(": ")", "[": "]", "{": "}"}[opening]
            out.append(opening + compact(token.content).strip() + closing)
        else:
            out.append(token.serialize())
    return "".join(out)


def declarations_of(content: list[tinycss2.ast.Node]) -> list[tinycss2.ast.Declaration] | None:
    """A rule's declarations; None if its block holds anything else."""
    items = tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True)
    if all(isinstance(item, tinycss2.ast.Declaration) for item in items):
        return items
    return None  # nested rules or a parse error: the block is left as written


def compact_declaration(declaration: tinycss2.ast.Declaration) -> str:
    value = compact(declaration.value).strip()
    if not value and declaration.name.startswith("--"):
        value = " "  # an empty custom property keeps its one space
    important = "!important" if declaration.important else ""
    return f"{declaration.name}:{value}{important}"


def var_names(tokens: Iterable[tinycss2.ast.Node]) -> Iterator[str]:
    """The custom properties ``tokens`` read with ``var()``, fallbacks included."""
    for token in tokens:
        if token.type == "function":
            if token.lower_name == "var":
                first = next((t for t in token.arguments if t.type == "ident"), None)
                if first is not None:
                    yield first.value
            yield from var_names(token.arguments)
        elif token.type in ("() block", "[] block", "{} block"):
            yield from var_names(token.content)


# -- Purging ---------------------------------------------------------------------------


@dataclass
class Selector:
    tokens: list[tinycss2.ast.Node]
    relaxed: Relaxed | None  # None: not understood, so kept


@dataclass
class Style:
    """A style rule and its selectors."""

    rule: tinycss2.ast.QualifiedRule
    selectors: list[Selector]

    @cached_property
    def declarations(self) -> list[tinycss2.ast.Declaration] | None:
        return declarations_of(self.rule.content)


@dataclass
class Group:
    """``@media``, ``@supports``, ``@layer`` or ``@container`` around rules."""

    rule: tinycss2.ast.AtRule
    items: list[Style | Group | tinycss2.ast.Node]


def read_rules(rules: Iterable[tinycss2.ast.Node]) -> list[Style | Group | tinycss2.ast.Node]:
    """Rules as :class:`Style` and :class:`Group` items (parse errors left out)."""
    items: list[Style | Group | tinycss2.ast.Node] = []
    for rule in rules:
        if isinstance(rule, tinycss2.ast.ParseError):
            continue
        if isinstance(rule, tinycss2.ast.QualifiedRule):
            selectors = [Selector(s, relax(s)) for s in split_selectors(rule.prelude)]
            items.append(Style(rule, selectors))
        elif (
            isinstance(rule, tinycss2.ast.AtRule)
            and rule.lower_at_keyword in NESTED_AT_RULES
            and rule.content is not None
        ):
            inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
            items.append(Group(rule, read_rules(inner)))
        else:
            items.append(rule)
    return items


def styles(items: Iterable[Style | Group | tinycss2.ast.Node]) -> Iterator[Style]:
    for item in items:
        if isinstance(item, Style):
            yield item
        elif isinstance(item, Group):
            yield from styles(item.items)


def features(tree: Element) -> set[str]:
    """What a tree holds, in the terms of :attr:`Relaxed.needs`."""
    found: set[str] = set()
    for element in tree.iter():
        found.add(element.tag.lower())
        found.update("." + name for name in classes(element))
        found.update("[" + name.lower() for name in element.attrib)
        if element.get("id"):
            found.add("#" + element.get("id"))
    return found


NOWHERE = object()  # a selector naming something no page holds


class Matches:
    """Which relaxed selectors match some element of some tree."""

    def __init__(self, trees: Iterable[Element]) -> None:
        self.trees = [(tree, features(tree)) for tree in trees]
        self.anywhere = set().union(*(found for _, found in self.trees))
        self.compiled: dict[Relaxed, object | None] = {}
        self.matched: set[Relaxed] = set()

    def add(self, relaxed: Relaxed) -> None:
        if relaxed in self.compiled:
            return
        if not relaxed.needs <= self.anywhere:
            self.compiled[relaxed] = NOWHERE  # not worth compiling
            return
        try:
            [self.compiled[relaxed]] = cssselect2.compile_selector_list(relaxed.text)
        except (cssselect2.SelectorError, ValueError):
            self.compiled[relaxed] = None  # not understood: always kept

    def match(self) -> None:
        """Test the elements of every tree against the selectors not matched yet.

        Only selectors whose every class, id, tag and attribute occurs in a
        tree are tested on it, and, as in cssselect2's Matcher, an element
        only against those whose last compound it could match.
        """
        waiting = {
            r: c
            for r, c in self.compiled.items()
            if c is not None and c is not NOWHERE and not c.never_matches
        }
        for tree, found in self.trees:
            by_key: dict[str, list[tuple[Relaxed, object]]] = {}
            for relaxed, compiled in waiting.items():
                if relaxed.needs <= found:
                    by_key.setdefault(match_key(compiled), []).append((relaxed, compiled))
            for element in cssselect2.ElementWrapper.from_html_root(tree).iter_subtree():
                keys = ["*", element.local_name.lower(), *("." + c for c in element.classes)]
                if element.id is not None:
                    keys.append("#" + element.id)
                for key in keys:
                    for relaxed, compiled in by_key.get(key, ()):
                        if relaxed in waiting and compiled.test(element):
                            self.matched.add(relaxed)
                            del waiting[relaxed]

    def used(self, selector: Selector) -> bool:
        if selector.relaxed is None or self.compiled.get(selector.relaxed) is None:
            return True  # not understood: kept
        return selector.relaxed in self.matched

    def kept(self, style: Style) -> list[Selector]:
        """The selectors of a rule to keep; none if the rule can go."""
        used = [s for s in style.selectors if self.used(s)]
        if used and any(is_vendor_specific(s.tokens) for s in style.selectors):
            return style.selectors  # the list stays whole (see the module's docstring)
        return used


class KeepAll:
    """Keeps every rule (a stylesheet only compacted)."""

    def kept(self, style: Style) -> list[Selector]:
        return style.selectors


def match_key(compiled: object) -> str:
    """What an element must have to be worth testing against ``compiled``."""
    if compiled.id is not None:
        return "#" + compiled.id
    if compiled.class_name is not None:
        return "." + compiled.class_name
    if compiled.local_name is not None:
        return compiled.lower_local_name
    return "*"


def animation_names(kept: Iterable[Style]) -> set[str]:
    """Names that kept rules' ``animation``/``animation-name`` declarations mention."""
    names: set[str] = set()
    for style in kept:
        if style.declarations is None:  # not plain declarations: any name in it
            names.update(t.value for t in style.rule.content if t.type == "ident")
            continue
        for declaration in style.declarations:
            if "animation" in declaration.lower_name:
                names.update(t.value for t in declaration.value if t.type == "ident")
    return names


def used_properties(
    kept: list[Style],
    others: Iterable[tinycss2.ast.Node],
    trees: Iterable[Element],
    scripts: Iterable[str],
) -> set[str]:
    """The custom properties something reads: a kept declaration (through
    ``var()``, directly or through other custom properties), an at-rule, an
    inline style on a page, or a script that names them."""
    defined: dict[str, list[list[tinycss2.ast.Node]]] = {}
    used: set[str] = set()
    for style in kept:
        if style.declarations is None:
            used.update(var_names(style.rule.content))
            continue
        for declaration in style.declarations:
            if declaration.name.startswith("--"):
                defined.setdefault(declaration.name, []).append(declaration.value)
            else:
                used.update(var_names(declaration.value))
    for rule in others:
        if isinstance(rule, tinycss2.ast.AtRule):
            used.update(var_names([*rule.prelude, *(rule.content or [])]))
    for tree in trees:
        for element in tree.iter():
            if element.get("style"):
                used.update(var_names(tinycss2.parse_component_value_list(element.get("style"))))
    scripts = list(scripts)
    used.update(name for name in defined if any(name in script for script in scripts))
    todo = list(used)
    while todo:
        for value in defined.get(todo.pop(), []):
            for name in var_names(value):
                if name not in used:
                    used.add(name)
                    todo.append(name)
    return used


@dataclass
class Output:
    """What to write: the rules to keep, the ``@keyframes`` and custom
    properties they use (None: every custom property)."""

    matches: Matches | KeepAll
    animations: set[str]
    properties: set[str] | None

    def style(self, style: Style) -> str | None:
        selectors = self.matches.kept(style)
        if not selectors:
            return None
        prelude = ",".join(compact(s.tokens) for s in selectors)
        if style.declarations is None:
            return f"{prelude}{{{compact(style.rule.content).strip()}}}"
        body = [
            compact_declaration(d)
            for d in style.declarations
            if self.properties is None or not d.name.startswith("--") or d.name in self.properties
        ]
        return f"{prelude}{{{';'.join(body)}}}" if body else None

    def serialize(self, items: Iterable[Style | Group | tinycss2.ast.Node]) -> list[str]:
        out: list[str] = []
        for item in items:
            if isinstance(item, Style):
                text = self.style(item)
                if text is not None:
                    out.append(text)
            elif isinstance(item, Group):
                inner = self.serialize(item.items)
                if inner:
                    prelude = compact(item.rule.prelude).strip()
                    out.append(f"@{item.rule.at_keyword} {prelude}{{{''.join(inner)}}}")
            elif (
                isinstance(item, tinycss2.ast.AtRule)
                and item.lower_at_keyword.endswith("keyframes")
                and compact(item.prelude).strip().strip("\"'") not in self.animations
            ):
                continue
            else:
                out.append(item.serialize().strip())
        return out


def purge(
    rules: Iterable[tinycss2.ast.Node],
    pages: Iterable[Element] | None,
    scripts: Iterable[str] = (),
) -> str:
    """A stylesheet of ``rules`` with only what some state of one of ``pages`` uses.

    ``rules`` come from tinycss2 (``parse_stylesheet``); ``scripts`` are the
    pages' scripts (a custom property one of them names is kept). With
    ``pages`` None every rule is kept: the stylesheet is only compacted.
    """
    items = read_rules(rules)
    if pages is None:
        matches: Matches | KeepAll = KeepAll()
        properties = None
    else:
        matches = Matches(run_scripts(page) for page in pages)
        for style in styles(items):
            for selector in style.selectors:
                if selector.relaxed is not None:
                    matches.add(selector.relaxed)
        matches.match()
    kept = [s for s in styles(items) if matches.kept(s)]
    if pages is not None:
        others = list(at_rules(items))
        properties = used_properties(kept, others, (t for t, _ in matches.trees), scripts)
    output = Output(matches, animation_names(kept), properties)
    return "\n".join(output.serialize(items)) + "\n"


def at_rules(items: Iterable[Style | Group | tinycss2.ast.Node]) -> Iterator[tinycss2.ast.Node]:
    """The rules that are neither style rules nor groups (``@font-face``, ...)."""
    for item in items:
        if isinstance(item, Group):
            yield from at_rules(item.items)
        elif not isinstance(item, Style):
            yield item
