"""``sphinx_edition.glossary.previews``: each site page carries the definitions
of the terms it links.

On the website, each link to a glossary entry gets ``aria-describedby``
(screen readers announce the definition as the link's description) and
``data-term-preview`` (the site script shows it in a popover on hover or
focus). The definitions themselves, only those the page uses, go into a
hidden block at the end of the page, so a preview needs no request. A
definition is the entry's paragraphs as the collector recorded them, so the
list of uses that backlinks add later is never part of it. The ePub is not
touched: e-readers have their own glossary pop-ups.

Everything is done on the doctree and by the translator: links are marked in
``doctree-resolved``, a ``term_previews`` node carries the definitions, and
a translator mixin writes the two attributes into the ``<a>`` tag.

The popover's script and stylesheet (``sphinx_edition/static/term-previews.*``)
work with any HTML theme: ``sphinx_edition.site.assets``, when it is used,
bundles them; otherwise this extension adds them to the site's pages.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from sphinx_edition import PREVIEWS_CSS, PREVIEWS_JS, STATIC, __version__
from sphinx_edition.glossary.model import TermEntry, glossary_index
from sphinx_edition.outputs import is_site
from sphinx_edition.reporting import reported
from sphinx_edition.translators import mix_in

PREVIEW_ATTRIBUTE = "term_preview"


class term_previews(nodes.General, nodes.Element):
    """The hidden block of definitions at the end of a page."""


def preview_id(anchor: str) -> str:
    return f"tp-{anchor}"


def is_resolved_term_ref(node: nodes.Node) -> bool:
    if not isinstance(node, nodes.reference) or not node.children:
        return False
    inline = node.children[0]
    return isinstance(inline, nodes.inline) and "std-term" in inline.get("classes", [])


def entries_by_anchor(app: Sphinx) -> dict[str, tuple[str, TermEntry]]:
    """Each term anchor with the name it stands for and its entry."""
    found: dict[str, tuple[str, TermEntry]] = {}
    for entry in glossary_index(app.env).all_entries():
        for name in entry.names:
            if name.anchor:
                # The first name of an anchor is the one the glossary shows.
                found.setdefault(name.anchor, (name.text, entry))
    return found


@reported
def mark_term_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if not is_site(app):
        return
    known = entries_by_anchor(app)
    used: dict[str, tuple[str, TermEntry]] = {}
    for ref in doctree.findall(is_resolved_term_ref):
        anchor = str(ref.get("refuri") or ref.get("refid") or "").rpartition("#")[2]
        if anchor not in known or not known[anchor][1].definition:
            continue
        ref[PREVIEW_ATTRIBUTE] = preview_id(anchor)
        used.setdefault(anchor, known[anchor])
    if not used:
        return
    block = term_previews()
    for anchor, (text, entry) in used.items():
        definition = nodes.container("", *(nodes.paragraph("", p) for p in entry.definition))
        definition["ids"] = [preview_id(anchor)]
        definition["term"] = text
        block += definition
    doctree += block


def visit_term_previews(self: Any, node: term_previews) -> None:
    self.body.append(self.starttag(node, "div", CLASS="term-preview-source", hidden="hidden"))
    for definition in node.children:
        self.body.append(self.starttag(definition, "div", "", **{"data-term": definition["term"]}))
        for paragraph in definition.children:
            self.body.append(f"<p>{self.encode(paragraph.astext())}</p>")
        self.body.append("</div>")
    raise nodes.SkipChildren


def depart_term_previews(self: Any, node: term_previews) -> None:
    self.body.append("</div>\n")


class PreviewLinks:
    """Translator mixin: the preview attributes on a marked term link's ``<a>``."""

    def starttag(self, node: nodes.Element, tagname: str, *args: Any, **atts: Any) -> str:
        preview = node.get(PREVIEW_ATTRIBUTE) if isinstance(node, nodes.Element) else None
        if tagname == "a" and preview:
            atts["aria-describedby"] = preview
            atts["data-term-preview"] = preview
        return super().starttag(node, tagname, *args, **atts)  # type: ignore[misc]


# Set on the application by sphinx_edition.site.assets when its bundles, which
# carry the previews' files, replace the theme's (its BUNDLING).
BUNDLED = "sphinx_edition_site_bundles"


def add_static_files(app: Sphinx) -> None:
    """The popover's script and stylesheet on the site's pages, unless the
    site's bundles carry them."""
    if not is_site(app) or getattr(app, BUNDLED, False):
        return
    app.config.html_static_path = [*app.config.html_static_path, str(STATIC)]
    app.add_css_file(PREVIEWS_CSS)
    app.add_js_file(PREVIEWS_JS, loading_method="defer")


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx_edition.glossary")
    app.add_node(term_previews, html=(visit_term_previews, depart_term_previews))
    # Late, after themes (pydata-sphinx-theme) have set their translators.
    app.connect("builder-inited", mix_in(PreviewLinks, is_site), priority=900)
    app.connect("doctree-resolved", mark_term_links)
    app.connect("builder-inited", add_static_files)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
