"""``sphinx_edition.glossary.backlinks``: under each entry, links back to every use.

A reader who follows a term to its definition should be able to return, or
go on to the term's other uses. Each entry gets, after its definition, a
lead-in (``glossary_backlinks_label``) and a list of links to the uses the
collector recorded (ids ``use-<term>-<n>``), each labelled with the title of
the section it is in; when one section uses the term more than once, its
links say which use each is (``glossary_backlinks_ordinal``: "Title, use 2
of 3"). The uses that count are those of ``glossary_usage_prefix`` (see
``checks.in_usage_scope``). The markup is plain docutils nodes, so the HTML
and the ePub get the same list.

Where the list goes: in a second ``<dd>`` of the entry (``glossary-uses``),
not inside the definition's. E-book readers that show a term's definition
in a pop-up take the ``<dd>`` right after the term (Foliate), so the list
stays out of it; the ePub's stylesheet hides it from calibre's pop-up.

When the links are made: at ``doctree-resolved`` of the glossary page, when
every page's uses are known. Another page's edit changes the glossary's
output without touching its source, so the glossary page is reported as
updated whenever the backlinks differ from those the builder last wrote it
with (see ``outdated_glossary``). That record is this extension's own, kept
in the environment per builder, so a second builder that reuses the
doctrees (the ePub after the HTML) writes the glossary with its own links.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from sphinx_edition import __version__
from sphinx_edition.glossary.checks import in_usage_scope
from sphinx_edition.glossary.collector import typed_name
from sphinx_edition.glossary.model import TermEntry, TermUse, glossary_index
from sphinx_edition.reporting import reported

LIST_CLASS = "glossary-backlinks"  # the <ul>; its lead-in is LIST_CLASS-lead
USES_CLASS = "glossary-uses"  # the <dd> holding both
LINK_CLASS = "glossary-backlink"  # each link back to a use
# In the environment: builder name -> fingerprint of the backlinks its
# glossary pages were last written with (this extension's record alone).
WRITTEN_WITH = "sphinx_edition_backlinks_written"


def reading_order(env: BuildEnvironment) -> list[str]:
    """Documents in the order of the table of contents (then any others)."""
    order: list[str] = []
    pending = [env.config.root_doc]
    while pending:
        doc = pending.pop(0)
        if doc in order:
            continue
        order.append(doc)
        pending[:0] = env.toctree_includes.get(doc, [])
    return order + sorted(set(env.all_docs) - set(order))


def counted_uses(app: Sphinx) -> list[TermUse]:
    """The uses that count and carry an id, in reading order."""
    rank = {doc: i for i, doc in enumerate(reading_order(app.env))}
    ordered = sorted(glossary_index(app.env).all_uses(), key=lambda u: rank.get(u.docname, 0))
    return [u for u in ordered if u.anchor and in_usage_scope(app, u.docname)]


def labels(env: BuildEnvironment, uses: list[TermUse]) -> list[str]:
    """Section title, with which use it is when the section has several."""

    def title(use: TermUse) -> str:
        if use.section:
            return use.section
        doc_title = env.titles.get(use.docname)
        return doc_title.astext() if doc_title else use.docname

    per_section = Counter((u.docname, title(u)) for u in uses)
    seen: Counter[tuple[str, str]] = Counter()
    result = []
    for use in uses:
        key = (use.docname, title(use))
        seen[key] += 1
        if per_section[key] > 1:
            template = env.config.glossary_backlinks_ordinal
            result.append(template.format(section=key[1], n=seen[key], count=per_section[key]))
        else:
            result.append(key[1])
    return result


def backlinks(app: Sphinx, docname: str, uses: list[TermUse]) -> nodes.definition:
    """The lead-in and the list of links for one entry, in a ``<dd>`` of their own."""
    items = []
    for use, label in zip(uses, labels(app.env, uses), strict=True):
        uri = app.builder.get_relative_uri(docname, use.docname) + "#" + use.anchor
        link = nodes.reference("", label, internal=True, refuri=uri, classes=[LINK_CLASS])
        items.append(nodes.list_item("", nodes.paragraph("", "", link)))
    lead = nodes.paragraph("", app.config.glossary_backlinks_label, classes=[f"{LIST_CLASS}-lead"])
    links = nodes.bullet_list("", *items, classes=[LIST_CLASS])
    return nodes.definition("", lead, links, classes=[USES_CLASS])


def entry_uses(
    item: nodes.definition_list_item, uses: list[TermUse], entries: dict[str, TermEntry]
) -> list[TermUse]:
    """The uses of any of an entry's names (a translated term's source name too),
    in reading order."""
    terms = [t for t in item.children if isinstance(t, nodes.term)]
    keys = {typed_name(t).lower() for t in terms}
    for term in terms:
        for anchor in term["ids"]:
            if anchor in entries:
                keys |= entries[anchor].keys
    return [u for u in uses if u.term in keys]


@reported
def add_backlinks(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html":
        return
    glossaries = list(doctree.findall(addnodes.glossary))
    if not glossaries:
        return  # most pages: no need to gather and order every use
    uses = counted_uses(app)
    # Every page's entries, not only this page's: a single-page builder (the
    # PDF's) resolves the whole book as its root page, and a translated term
    # finds its uses through its entry's source name.
    entries = {
        name.anchor: entry
        for page_entries in glossary_index(app.env).entries.values()
        for entry in page_entries
        for name in entry.names
    }
    for glossary in glossaries:
        for item in glossary.findall(nodes.definition_list_item):
            definition = next((c for c in item.children if isinstance(c, nodes.definition)), None)
            found = entry_uses(item, uses, entries)
            if definition is not None and found:
                item.insert(item.index(definition) + 1, backlinks(app, docname, found))


def fingerprint(app: Sphinx) -> str:
    """What the backlinks are made from: a change means rewriting the glossary."""
    uses = counted_uses(app)
    parts = [repr([(u.term, u.docname, u.anchor) for u in uses]), repr(labels(app.env, uses))]
    parts += [app.config.glossary_backlinks_label, app.config.glossary_backlinks_ordinal]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


@reported
def outdated_glossary(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    """Glossary pages to rewrite: all of them when the backlinks differ from
    those this builder last wrote them with.

    The record is saved with the environment, before the pages are written;
    a build that fails after that leaves it claiming pages it did not
    write, so a failed build's environment must not be reused as it is (the
    pipeline discards it; Sphinx's own outdated check, by output times, has
    the same limit).
    """
    current = fingerprint(app)
    written: dict[str, str] = getattr(env, WRITTEN_WITH, None) or {}
    if written.get(app.builder.name) == current:
        return []
    setattr(env, WRITTEN_WITH, {**written, app.builder.name: current})
    return glossary_index(env).glossary_docs()


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx_edition.glossary")
    app.add_config_value("glossary_backlinks_label", "Used in:", "env", types=[str])
    # A link's label when its section uses the term more than once.
    app.add_config_value(
        "glossary_backlinks_ordinal", "{section}, use {n} of {count}", "env", types=[str]
    )
    app.connect("doctree-resolved", add_backlinks)
    app.connect("env-get-updated", outdated_glossary)
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
