"""``sphinx_edition.cite``: how to cite the edition, from one set of facts.

``cite_metadata`` in ``conf.py`` (see :mod:`sphinx_edition.cite.model`)
and the project's own title, version, language and address describe the
edition once. From them this extension

* adds Highwire ``citation_*`` and Dublin Core ``DC.*`` meta tags to every
  page of the website (``html-page-context``), which Zotero's *Embedded
  Metadata* translator and other reference managers read;
* renders the ``cite-this-edition`` directive: the citation in running text
  and as BibTeX. The directive leaves a placeholder node that is filled when
  the page is resolved for writing, so the date is that of the build writing
  it even when the page was read by an earlier one;
* replaces the book theme's footer line "By <author>" (its ``author.html``
  component), which would credit an edition's wording to the original's
  author, with the credit (``cite_credit``, see :func:`formats.credit_parts`)
  in ``templates/edition-credit.html``: who wrote this edition, and whose
  work it restates if it restates one. Without ``cite_metadata`` the theme's
  footer stays as it is.

The ePub's package metadata (creators with roles, source, subjects, date)
comes from :mod:`sphinx_edition.cite.opf`.

``scripts/make_citation.py`` renders ``CITATION.cff`` from the same facts.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from sphinx_edition import __version__
from sphinx_edition.cite import formats, leftovers
from sphinx_edition.cite.model import CiteConfigError, Edition, edition
from sphinx_edition.messages import _, add_catalog
from sphinx_edition.outputs import is_site
from sphinx_edition.reporting import conf_location, reported

logger = logging.getLogger(__name__)

# name -> (default, rebuild, types): registered by setup() and by scripts that
# read conf.py without an application (scripts/make_citation.py).
CONFIG_VALUES: dict[str, tuple[Any, str, frozenset[type]]] = {
    "cite_metadata": ({}, "html", frozenset({dict})),
    # The credit line's pattern, per language (edition_languages overrides);
    # "" = formats.DEFAULT_CREDIT.
    "cite_credit": ("", "html", frozenset({str})),
}
HERE = Path(__file__).parent
CREDIT_TEMPLATE = "edition-credit.html"


def add_config_values(config: Config) -> None:
    """Register our values on a ``Config`` made without an application."""
    for name, (default, rebuild, types) in CONFIG_VALUES.items():
        if name not in config:
            config.add(name, default, rebuild, types)


class edition_citation(nodes.General, nodes.Element):  # docutils names nodes in lower case
    """Where ``cite-this-edition`` puts the citation, filled in at resolve time."""


class CiteThisEdition(SphinxDirective):
    """The citation of the edition in running text, then as BibTeX."""

    has_content = False
    option_spec = {"bibtex-label": str}  # noqa: RUF012 (docutils API)

    def run(self) -> list[nodes.Node]:
        node = edition_citation()
        # "" = ours, in the language of the build that writes the page.
        node["bibtex_label"] = self.options.get("bibtex-label", "")
        self.set_source_info(node)
        return [node]


def current_edition(config: Config) -> Edition | None:
    """The edition as configured, or None when ``cite_metadata`` is unusable
    (reported once, at ``builder-inited``)."""
    try:
        return edition(config)
    except CiteConfigError:
        return None


@reported
def check_config(app: Sphinx) -> None:
    if not app.config.cite_metadata:
        return
    try:
        found = edition(app.config)
    except CiteConfigError as exc:
        logger.warning(
            "%s; the citation tags and the cite-this-edition block are left out until it "
            "is fixed (see sphinx_edition/cite/model.py for the fields)",
            exc,
            location=conf_location(app, "cite_metadata"),
            type="cite",
            subtype="config",
        )
        return
    try:
        formats.credit_parts(found, app.config.cite_credit)
    except (KeyError, ValueError, IndexError) as exc:
        logger.warning(
            "cite_credit %r: %r is no field it can use (%s); the footer keeps the "
            "theme's until it is fixed",
            app.config.cite_credit,
            str(exc).strip("'"),
            ", ".join("{" + name + "}" for name in formats.CREDIT_FIELDS),
            location=conf_location(app, "cite_credit"),
            type="cite",
            subtype="config",
        )
        return
    leftovers.check_credited_authors(app, found)


def citation_nodes(found: Edition, label: str) -> list[nodes.Node]:
    text = nodes.paragraph(classes=["edition-citation"])
    for run, italic in formats.citation_parts(found):
        if found.url and run.strip() == found.url:
            text += nodes.Text(" ")
            text += nodes.reference(found.url, found.url, refuri=found.url)
        elif italic:
            text += nodes.emphasis(run, run)
        else:
            text += nodes.Text(run)
    lead = nodes.paragraph(label, label, classes=["edition-citation-lead"])
    entry = formats.bibtex(found)
    # Shown as plain text: a reader copies it, and the themes' colours for
    # BibTeX tokens do not all meet WCAG contrast.
    block = nodes.literal_block(entry, entry, language="none", classes=["edition-bibtex"])
    return [text, lead, block]


@reported
def fill_citations(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    placeholders = list(doctree.findall(edition_citation))
    if not placeholders:
        return
    found = current_edition(app.config)
    why = (
        "which is not set (its fields are listed in sphinx_edition/cite/model.py)"
        if not app.config.cite_metadata
        else "which has a mistake (see the warning at conf.py)"
    )
    for node in placeholders:
        if found is None:
            logger.warning(
                "cite-this-edition needs cite_metadata in conf.py, %s; the block is left empty",
                why,
                location=node,
                type="cite",
                subtype="config",
            )
            node.replace_self([])
            continue
        node.replace_self(citation_nodes(found, node["bibtex_label"] or str(_("In BibTeX:"))))


def credit_parts(config: Config) -> list[tuple[str, bool]]:
    """The credit as (text, italic) runs, or [] without usable ``cite_metadata``
    and ``cite_credit`` (both reported once, at ``builder-inited``)."""
    if "cite_credit" not in config or not config.cite_metadata:
        return []
    found = current_edition(config)
    try:
        return formats.credit_parts(found, config.cite_credit) if found else []
    except (KeyError, ValueError, IndexError):
        return []


def credit_text(config: Config) -> str:
    """The credit as plain text ("" without it), e.g. for a printed page."""
    return "".join(text for text, _ in credit_parts(config))


def credit_html(runs: list[tuple[str, bool]]) -> str:
    return "".join(
        f"<em>{html.escape(text)}</em>" if italic else html.escape(text) for text, italic in runs
    )


@reported
def add_credit(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Our credit in the footer slot where sphinx-book-theme puts "By <author>"."""
    runs = credit_parts(app.config)
    items = context.get("theme_footer_content_items")
    if not runs or not items:
        return
    if isinstance(items, str):  # the theme's own listener splits it, unless it did not run
        items = [item.strip() for item in items.split(",")]
    # A new list: the theme's option may be one object shared by every page.
    context["theme_footer_content_items"] = [
        CREDIT_TEMPLATE if item in ("author", "author.html") else item for item in items
    ]
    context["edition_credit"] = credit_html(runs)


def add_templates(app: Sphinx, config: Config) -> None:
    config.templates_path = [*config.templates_path, str(HERE / "templates")]


@reported
def add_meta_tags(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if not is_site(app) or not app.config.cite_metadata:
        return
    found = current_edition(app.config)
    if found is None:
        return
    lines = [f'<link rel="schema.DC" href="{formats.DC_SCHEMA}" />']
    lines += [
        f'<meta name="{name}" content="{html.escape(content, quote=True)}" />'
        for name, content in formats.meta_tags(found)
    ]
    context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(lines)


def setup(app: Sphinx) -> dict[str, Any]:
    for name, (default, rebuild, types) in CONFIG_VALUES.items():
        app.add_config_value(name, default, rebuild, types=types)
    add_catalog(app)  # the default credit's and the citation's words around its facts
    app.add_node(edition_citation)
    app.add_directive("cite-this-edition", CiteThisEdition)
    app.connect("config-inited", add_templates)
    leftovers.setup(app)
    app.connect("builder-inited", check_config)
    app.connect("doctree-resolved", fill_citations)
    app.connect("html-page-context", add_meta_tags)
    # After sphinx-book-theme's own listener (priority 500) has read its options.
    app.connect("html-page-context", add_credit, priority=600)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
