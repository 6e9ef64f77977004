"""``sphinx_edition.epub``: an EPUB 3 builder that completes Sphinx's.

What it adds: accessibility metadata worked out from the content and ``lang``
on every document (``a11y``), glossary semantics and a search key map
(``glossary``), a described cover, a title page and landmarks
(``frontmatter``), a zip whose bytes depend only on its contents
(``container``), and a valid book from any project: every page once in the
reading order and reachable (``order``), links to pages the book lacks sent
to the website or reported (``links``), XHTML where Sphinx writes markup a
browser forgives (``xhtml``). The builder replaces Sphinx's ``epub`` builder.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from sphinx_edition import __version__
from sphinx_edition.epub import frontmatter
from sphinx_edition.epub.a11y import AccessibleMarkup
from sphinx_edition.epub.builder import BookEpubBuilder
from sphinx_edition.epub.glossary import GlossaryMarkup
from sphinx_edition.epub.xhtml import XhtmlMarkup
from sphinx_edition.loads import Found, RecordingMarkup
from sphinx_edition.messages import add_catalog
from sphinx_edition.translators import mix_in

logger = logging.getLogger(__name__)


class EpubMarkup(RecordingMarkup, GlossaryMarkup, AccessibleMarkup, XhtmlMarkup):
    """What the ePub's translator adds to whichever HTML translator it uses."""


def is_epub(app: Sphinx) -> bool:
    return isinstance(app.builder, BookEpubBuilder)


def note_page_context(
    app: Sphinx, pagename: str, templatename: str, ctx: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context``, after other extensions': what the template links.

    A stylesheet the configuration names but no static path holds (one the
    website's theme ships, named in ``html_css_files``, which
    ``epub_css_files`` takes by default) would be a reference to a file the
    book lacks (EPUBCheck RSC-007), and a remote one a remote resource
    (RSC-006, an extension's page-specific stylesheet): each is left out and
    reported once. (Static files are copied before pages are written.)"""
    if not is_epub(app):
        return
    builder = app.builder
    kept = []
    for css in ctx.get("css_files") or ():
        name = str(getattr(css, "filename", css))
        if "://" not in name and (builder.outdir / name).is_file():
            kept.append(css)
        elif name not in builder.missing_files:
            builder.missing_files.add(name)
            logger.warning(
                "the stylesheet %s is %s: it is left out of the ePub; name the ePub's own "
                "in epub_css_files",
                name,
                "remote, and the ePub must work offline"
                if "://" in name
                else "in no static path of the ePub (html_static_path, the epub theme)",
                type="epub",
                subtype="missing_file",
            )
    ctx["css_files"] = kept
    if builder.page_record is not None:
        builder.page_record.note_context(ctx)
        if templatename == "domainindex.html" and any(
            entry[1] == 1 for _letter, entries in ctx.get("content") or () for entry in entries
        ):
            # Sphinx's domain index template writes a toggle image for each
            # entry with sub-entries (a page from a template has no doctree).
            builder.page_record.found.append(
                Found("image", ctx["pathto"]("_static/minus.png", resource=True), alt="-")
            )


def only_in_epub(handler: Callable[[Sphinx, nodes.document, str], None]) -> Callable[..., None]:
    """A ``doctree-resolved`` handler that runs for this builder alone."""

    def run(app: Sphinx, doctree: nodes.document, docname: str) -> None:
        if is_epub(app):
            handler(app, doctree, docname)

    return run


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx.builders.epub3")
    app.setup_extension("sphinx_edition.glossary")
    add_catalog(app)  # the front matter's and landmarks' words
    # Accessibility: the claim and summary are the editors' (a11y.py).
    app.add_config_value("epub_a11y_summary", "", "epub", types=[str])
    app.add_config_value(
        "epub_a11y_conforms_to", "EPUB Accessibility 1.1 - WCAG 2.2 Level AA", "epub", types=[str]
    )
    app.add_config_value("epub_a11y_certified_by", "", "epub", types=[str])
    app.add_config_value("epub_a11y_hazards", ["none"], "epub", types=[list])
    # Front matter (frontmatter.py).
    app.add_config_value("epub_cover_alt", "", "epub", types=[str])
    app.add_config_value("epub_title_page", [], "epub", types=[list])
    app.add_config_value("epub_bodymatter", "", "epub", types=[str])
    # The root document's heading is left out when it repeats the title page's.
    app.add_config_value("epub_drop_repeated_title", True, "epub", types=[bool])
    app.add_builder(BookEpubBuilder, override=True)
    # Another extension may register its own translator for "epub"; ours is
    # then mixed into it, late, so that it is not dropped.
    app.connect("builder-inited", mix_in(EpubMarkup, is_epub), priority=900)
    app.connect("doctree-resolved", only_in_epub(frontmatter.drop_repeated_title))
    app.connect("html-page-context", note_page_context, priority=950)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
