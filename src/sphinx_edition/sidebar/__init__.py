"""``sphinx_edition.sidebar``: sphinx-book-theme's navigation sidebar, drawn
once per build instead of once per page.

The book theme's sidebar calls pydata-sphinx-theme's
``generate_toctree_html``, which for every page resolves the whole global
toctree again (Sphinx's ``global_toctree_for_doc``, a copy of every page's
table of contents), renders it, parses the HTML back with BeautifulSoup and
edits it. The tree is the same on every page but for the marks of where
the reader is, so the sidebar's cost grows with the square of the book: on
181 pages it was most of the build (pydata/pydata-sphinx-theme#364 and
#381, executablebooks/sphinx-book-theme#561).

Here the same work is done once per build and set of template arguments:

1. Sphinx resolves the global toctree for a page that is in no toctree,
   through its public ``global_toctree_for_doc``, with a stand-in for the
   builder that hands out a token for each link's address. Every list,
   item and link gets one more class, a token standing where Sphinx's
   ``current`` would go.
2. The builder renders that tree (``render_partial``) and the theme's own
   ``generate_toctree_html`` edits the HTML, run once on a context of ours
   whose ``toctree`` returns it. Extensions connected to the
   ``fast-sidebar-tree`` event may then edit the BeautifulSoup tree in place
   (the same on every page: ``sphinx_edition.site.assets`` names the
   fold-out buttons). Each ``<details>`` whose state follows the page gets
   a token attribute.
3. The HTML is cut at the tokens into text and slots, once.

For each page the slots are filled: each link's address relative to the
page (the builder's ``get_relative_uri``, ``#`` for the page itself);
``current`` on every list, item and link on a branch that leads to the
page (Sphinx's marks), with ``active`` after an item's (the theme's);
``open`` on the ``<details>`` of a current item, and with
``show_nav_level`` 0 on its caption's. That is what the theme returns for
the page, byte for byte (``tests/sidebar`` builds several books both ways
and compares every page).

Whatever this does not handle is left to the theme's own function:
another ``kind`` or ``startdepth``, collapsed navigation, pages whose
table of contents sets ``tocdepth`` or holds ``only`` directives, builders
other than ``html`` and ``dirhtml``, a page whose ``toctree`` template
function an extension replaced (sphinx-notfound-page's 404 page), and any
page whose own links are cut off by ``maxdepth`` (Sphinx marks their
ancestors before it prunes).

It plugs in through a theme template override: ``sbt-sidebar-nav.html``
on ``templates_path`` (added at ``config-inited``) wraps the theme's own
template (``!components/sbt-sidebar-nav.html``) with
``generate_toctree_html`` pointing here. Replacing the theme's function
from an ``html-page-context`` handler would not do: pydata-sphinx-theme
renders the sidebar templates inside its own handler, right after adding
the function, to drop the ones that come out empty.

The tree is kept per builder and reset whenever Sphinx has read the
sources (``env-updated``), so every build, incremental or not, draws it
from the titles and toctrees it has just read. This module depends on
Sphinx, pydata-sphinx-theme and BeautifulSoup only: a theme could adopt it
as it is. ``fast_sidebar = False`` in ``conf.py`` leaves the sidebar to the
theme's function (through the same template, which then passes through).
"""

from __future__ import annotations

import inspect
import re
import secrets
import weakref
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bs4 import Tag
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.environment.adapters.toctree import global_toctree_for_doc
from sphinx.util.osutil import relative_uri

__version__ = "1.0.0"

HERE = Path(__file__).parent
EVENT = "fast-sidebar-tree"
# Builders whose page context's ``toctree`` is the global toctree as
# ``global_toctree_for_doc`` gives it (singlehtml rewrites its links).
BUILDERS = frozenset({"html", "dirhtml"})
# The arguments of Sphinx's ``toctree`` template function handled here.
TOCTREE_ARGS = frozenset({"maxdepth", "collapse", "includehidden", "titles_only"})
# A page name no toctree lists: the tree is resolved "for" it, unmarked.
NOWHERE = "\x00fast-sidebar"
# Characters an address would need escaped in HTML; none occur in the
# addresses Sphinx makes, and a page with one is left to the theme.
UNSAFE = frozenset("&<>\"'")
# How deep "all of it" is, for the unpruned tree (see pruned_pages).
UNPRUNED = 1_000_000


class Unhandled(Exception):
    """A case this module leaves to the theme's own function."""


@dataclass(frozen=True)
class Classes:
    """A class attribute that had a token among its classes: the classes
    before and after it, the node it stood for, and whether that node is a
    list item (whose ``current`` the theme follows with ``active``)."""

    before: tuple[str, ...]
    after: tuple[str, ...]
    node: int
    item: bool

    def html(self, current: frozenset[int]) -> str:
        mark: tuple[str, ...] = ()
        if self.node in current:
            mark = ("current", "active") if self.item else ("current",)
        classes = (*self.before, *mark, *self.after)
        return f' class="{" ".join(classes)}"' if classes else ""


@dataclass(frozen=True)
class Href:
    """A link's address: relative to the page, or ``#`` for the page itself."""

    target: int


@dataclass(frozen=True)
class Open:
    """A ``<details>`` that is open when any of ``nodes`` is current."""

    nodes: frozenset[int]
    html: str


@dataclass
class Navigation:
    """The sidebar's HTML for one build and set of arguments, cut into text and slots."""

    parts: list[str | Classes | Href | Open]
    targets: list[str]  # by Href.target: the page each link goes to
    marks: dict[str, frozenset[int]]  # page -> the nodes its branches mark current
    unhandled: frozenset[str] = field(default_factory=frozenset)  # left to the theme
    target_uris: list[str] | None = None  # by Href.target, once asked for
    by_folder: dict[str, list[str] | None] = field(default_factory=dict)  # addresses

    def for_page(self, builder: Builder, page: str) -> str | None:
        """The page's sidebar, or None where the theme's function must draw it."""
        if page in self.unhandled:
            return None
        current = self.marks.get(page, frozenset())
        hrefs = self.addresses(builder, page)
        if hrefs is None:
            return None
        out = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
            elif isinstance(part, Classes):
                out.append(part.html(current))
            elif isinstance(part, Href):
                out.append(f'href="{hrefs[part.target]}"')
            else:
                out.append(part.html if part.nodes & current else "")
        return "".join(out)

    def addresses(self, builder: Builder, page: str) -> list[str] | None:
        """Each link's address from ``page``, as Sphinx writes it (``#`` for the
        page itself); None if one would need escaping."""
        if type(builder).get_relative_uri is not Builder.get_relative_uri:
            hrefs = [builder.get_relative_uri(page, target) or "#" for target in self.targets]
            return None if any(UNSAFE.intersection(h) for h in hrefs) else hrefs
        # Builder.get_relative_uri is relative_uri(target URI of one, of the
        # other), which depends on the first one's folder alone but for a
        # link to the page itself (""): worked out once per folder.
        uri = builder.get_target_uri(page)
        folder = uri.partition("#")[0].rpartition("/")[0]
        if folder not in self.by_folder:
            if self.target_uris is None:
                self.target_uris = [builder.get_target_uri(t) for t in self.targets]
            elsewhere = f"{folder}/\0" if folder else "\0"  # a name no page has
            found = [relative_uri(elsewhere, to) for to in self.target_uris]
            self.by_folder[folder] = None if any(UNSAFE.intersection(h) for h in found) else found
        hrefs = self.by_folder[folder]
        if hrefs is None:
            return None
        assert self.target_uris is not None
        return [
            "#" if to == uri else href for to, href in zip(self.target_uris, hrefs, strict=True)
        ]


class Addresses:
    """Stands in for the builder while Sphinx resolves the tree: each link's
    address becomes a token, and the page it goes to is noted."""

    def __init__(self, builder: Builder, nonce: str) -> None:
        self.builder, self.nonce = builder, nonce
        self.targets: list[str] = []

    def get_relative_uri(self, from_: str, to: str, typ: str | None = None) -> str:
        self.targets.append(to)
        return f"{self.nonce}h{len(self.targets) - 1}"

    def __getattr__(self, name: str) -> Any:
        return getattr(self.builder, name)


def resolve(app: Sphinx, builder: Any, toctree_args: dict[str, Any]) -> nodes.Element | None:
    """The global toctree, unmarked, as Sphinx's ``toctree`` template function resolves it."""
    args = {"includehidden": False, **toctree_args}
    if "tags" in inspect.signature(global_toctree_for_doc).parameters:  # Sphinx 9
        args["tags"] = app.builder.tags
    return global_toctree_for_doc(app.env, NOWHERE, builder, **args)


def page_links(tree: nodes.Element, targets: list[str], nonce: str) -> Counter[str]:
    """How many links without an anchor each page has in ``tree`` (the ones
    that mark it)."""
    found: Counter[str] = Counter()
    for ref in tree.findall(nodes.reference):
        uri = ref["refuri"]
        if uri.startswith(nonce) and not ref.get("anchorname"):
            found[targets[int(uri[len(nonce) + 1 :])]] += 1
    return found


def build_navigation(
    app: Sphinx, kind: str, startdepth: int, show_nav_level: int, toctree_args: dict[str, Any]
) -> Navigation:
    """Resolve, render, let the theme edit and cut the tree (see the module's doc)."""
    from pydata_sphinx_theme.toctree import add_toctree_functions

    env = app.env
    if any(env.metadata.get(doc, {}).get("tocdepth", 0) for doc in env.found_docs):
        raise Unhandled("tocdepth")
    if any(next(iter(toc.findall(addnodes.only)), None) for toc in env.tocs.values()):
        raise Unhandled("only")
    nonce = f"fsb{secrets.token_hex(6)}"
    addresses = Addresses(app.builder, nonce)
    tree = resolve(app, addresses, toctree_args)
    if tree is None:
        raise Unhandled("empty")

    # A token where Sphinx's "current" would go on each list, item and link,
    # and which of them each page's links mark (the link and every element
    # above it, as Sphinx's _toctree_add_classes does).
    ids: dict[int, int] = {}  # id(node) -> token number
    items: set[int] = set()
    for number, node in enumerate(
        n for n in tree.findall(nodes.Element) if isinstance(n, MARKED_NODES)
    ):
        ids[id(node)] = number
        node["classes"].append(f"{nonce}n{number}")
        if isinstance(node, nodes.list_item):
            items.add(number)
    marks: dict[str, set[int]] = {}
    for ref in tree.findall(nodes.reference):
        uri = ref["refuri"]
        if not uri.startswith(nonce) or ref.get("anchorname"):
            continue
        target = addresses.targets[int(uri[len(nonce) + 1 :])]
        marked = marks.setdefault(target, set())
        parent: nodes.Element | None = ref
        while parent is not None:
            if id(parent) in ids:
                marked.add(ids[id(parent)])
            parent = parent.parent
    unhandled = pruned_pages(app, tree, addresses, toctree_args)

    fragment = app.builder.render_partial(tree)["fragment"]
    context: dict[str, Any] = {"toctree": lambda **_: fragment}
    add_toctree_functions(app, NOWHERE, "page.html", context, None)
    soup = context["generate_toctree_html"](
        kind, startdepth=startdepth, show_nav_level=show_nav_level, **toctree_args
    )
    if not isinstance(soup, Tag):
        raise Unhandled("not a tree")
    app.emit(EVENT, soup)
    token = re.compile(rf"{nonce}n(\d+)")
    opens: dict[int, Open] = {}
    for number, details in enumerate(soup.find_all("details")):
        owner = details.parent
        if not isinstance(owner, Tag) or details.has_attr("open"):
            continue  # open on every page (show_nav_level), or not the theme's
        own = [int(m[1]) for c in owner.get("class", []) if (m := token.fullmatch(c))]
        if own:
            # The theme opens a current item's fold-out.
            opens[number] = Open(frozenset(own), ' open="open"')
        elif "toctree-l0" in owner.get("class", []):
            # show_nav_level 0: a caption's fold-out opens (valueless) when
            # any item under it is current.
            inside = {
                int(m[1])
                for li in owner.find_all("li")
                for c in li.get("class", [])
                if (m := token.fullmatch(c))
            }
            opens[number] = Open(frozenset(inside), " open")
        else:
            continue
        details[f"{nonce}o{number}"] = ""
    return Navigation(
        cut(str(soup), nonce, items, opens),
        addresses.targets,
        {page: frozenset(found) for page, found in marks.items()},
        unhandled,
    )


# The elements Sphinx marks "current": lists, items, links. (Paragraphs are
# marked too, but a toctree's compact paragraphs render no tag.)
MARKED_NODES = (nodes.bullet_list, nodes.list_item, nodes.reference)


def cut(
    html: str, nonce: str, items: set[int], opens: dict[int, Open]
) -> list[str | Classes | Href | Open]:
    """The theme's HTML cut at the tokens into text and slots."""
    slot = re.compile(
        rf' class="(?P<classes>[^"]*{nonce}n[^"]*)"'
        rf'|href="{nonce}h(?P<href>\d+)"'
        rf'| {nonce}o(?P<open>\d+)=""'
    )
    token = re.compile(rf"{nonce}n(\d+)")
    parts: list[str | Classes | Href | Open] = []
    start = 0
    for match in slot.finditer(html):
        parts.append(html[start : match.start()])
        start = match.end()
        if match["classes"] is not None:
            classes = match["classes"].split(" ")
            at = [i for i, c in enumerate(classes) if token.fullmatch(c)]
            if len(at) != 1:
                raise Unhandled("classes")
            node = int(classes[at[0]][len(nonce) + 1 :])
            before, after = tuple(classes[: at[0]]), tuple(classes[at[0] + 1 :])
            parts.append(Classes(before, after, node, node in items))
        elif match["href"] is not None:
            parts.append(Href(int(match["href"])))
        else:
            parts.append(opens[int(match["open"])])
    parts.append(html[start:])
    if any(nonce in part for part in parts if isinstance(part, str)):
        raise Unhandled("a token where no slot was expected")
    return parts


def pruned_pages(
    app: Sphinx, tree: nodes.Element, addresses: Addresses, toctree_args: dict[str, Any]
) -> frozenset[str]:
    """Pages with links that ``maxdepth`` cut off: Sphinx marks those links'
    ancestors before it prunes, which the pruned tree cannot show."""
    maxdepth = int(toctree_args.get("maxdepth") or 0)
    levels = [
        int(c.removeprefix("toctree-l"))
        for item in tree.findall(nodes.list_item)
        for c in item["classes"]
        if c.startswith("toctree-l")
    ]
    if maxdepth > 0 and max(levels, default=0) < maxdepth:
        return frozenset()  # no list reached the limit: nothing was cut
    shown = page_links(tree, addresses.targets, addresses.nonce)
    everything = Addresses(app.builder, addresses.nonce)
    full = resolve(app, everything, {**toctree_args, "maxdepth": UNPRUNED})
    if full is None:
        return frozenset()
    listed = page_links(full, everything.targets, everything.nonce)
    return frozenset(page for page, count in listed.items() if shown[page] != count)


# Per builder, for one build: the navigation for each set of arguments
# (None where the theme's function draws it).
NAVIGATIONS: weakref.WeakKeyDictionary[Builder, dict[tuple[Any, ...], Navigation | None]] = (
    weakref.WeakKeyDictionary()
)


def navigation(
    app: Sphinx, kind: str, startdepth: int, show_nav_level: int, toctree_args: dict[str, Any]
) -> Navigation | None:
    key = (kind, startdepth, show_nav_level, tuple(sorted(toctree_args.items())))
    built = NAVIGATIONS.setdefault(app.builder, {})
    if key not in built:
        try:
            built[key] = build_navigation(app, kind, startdepth, show_nav_level, toctree_args)
        except Unhandled:
            built[key] = None
    return built[key]


def handled(kind: str, startdepth: int, toctree_args: dict[str, Any]) -> bool:
    collapse = toctree_args.get("collapse", True)  # Sphinx's default
    return (
        kind == "sidebar"
        and startdepth == 0
        and not collapse
        and TOCTREE_ARGS.issuperset(toctree_args)
        and toctree_args.get("maxdepth") != ""
    )


def sphinx_toctree(function: Any) -> bool:
    """Whether the page's ``toctree`` is the HTML builder's own: an extension
    may put another there for a page (sphinx-notfound-page makes the 404
    page's links absolute), and the theme's function draws what it gives."""
    return getattr(function, "__module__", None) == StandaloneHTMLBuilder.__module__


def add_function(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Give the page's templates ``fast_sidebar_toctree_html``."""
    if app.builder.name not in BUILDERS or not app.config.fast_sidebar:
        return
    drawn: dict[tuple[Any, ...], str] = {}

    def fast_sidebar_toctree_html(
        kind: str, startdepth: int = 1, show_nav_level: int = 1, **toctree_args: Any
    ) -> Any:
        key = (kind, startdepth, show_nav_level, tuple(sorted(toctree_args.items())))
        if (
            key not in drawn
            and handled(kind, startdepth, toctree_args)
            and sphinx_toctree(context.get("toctree"))
        ):
            nav = navigation(app, kind, startdepth, int(show_nav_level), toctree_args)
            html = None if nav is None else nav.for_page(app.builder, pagename)
            if html is not None:
                drawn[key] = html
        if key in drawn:
            return drawn[key]
        # Looked up now: whatever the theme (and later handlers) put there.
        theirs = context["generate_toctree_html"]
        return theirs(kind, startdepth=startdepth, show_nav_level=show_nav_level, **toctree_args)

    context["fast_sidebar_toctree_html"] = fast_sidebar_toctree_html


def forget(app: Sphinx, env: BuildEnvironment) -> None:
    # The sources were read again: titles and toctrees may have changed.
    NAVIGATIONS.pop(app.builder, None)


def add_templates(app: Sphinx, config: Config) -> None:
    """Our ``sbt-sidebar-nav.html`` ahead of the book theme's components folder
    (which the theme puts on ``templates_path`` itself), after the project's."""
    paths = list(config.templates_path)
    theirs = [
        i for i, p in enumerate(paths) if Path(p).parts[-2:] == ("sphinx_book_theme", "components")
    ]
    paths.insert(theirs[0] if theirs else len(paths), str(HERE / "templates"))
    config.templates_path = paths


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("fast_sidebar", True, "html", types=[bool])
    # fast-sidebar-tree(app, soup): the theme's tree before it is cut, to edit
    # in place in ways that are the same on every page.
    app.add_event(EVENT)
    app.connect("config-inited", add_templates)
    # Before pydata-sphinx-theme's own handlers (500), which render the sidebar.
    app.connect("html-page-context", add_function, priority=400)
    app.connect("env-updated", forget)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
