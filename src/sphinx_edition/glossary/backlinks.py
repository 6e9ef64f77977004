"""Under each glossary entry, links back to every place in the essay using it.

A reader who follows a term to its definition should be able to return, or
go on to the term's other uses. So each ``{term}`` reference in a page under
``glossary_usage_prefix`` gets an id, ``use-<term>-<n>`` (the n-th use of
that term in that page, so ids stay put when other pages change), and each
entry's definition ends with a lead-in and a list of links to those ids,
labelled with the section title (and an ordinal when a section uses the term
more than once). The list is plain HTML inside the ``<dd>``, so the HTML and
the ePub get the same markup (the ePub's glossary semantics wrap it).

When the links are made: at ``doctree-resolved`` of the glossary page, when
every page's uses are known. Another page's edit changes the glossary's
output without touching its source, so the glossary page is reported as
updated whenever the backlinks differ from what its output file was written
with (see ``outdated_glossary``); this also covers a second builder that
reuses the doctrees (the ePub after the HTML) and finds nothing to re-read.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Iterable
from typing import Any

from docutils import nodes
from glossary_terms import TermUse, all_entries, all_uses, is_term_ref
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

LEAD_IN = "Used in the essay:"
LIST_CLASS = "glossary-backlinks"


def use_id(doctree: nodes.document, term: str, n: int) -> str:
    """A fresh id for the n-th use of ``term`` (skips ids the page already has)."""
    base = f"use-{nodes.make_id(term)}"
    while f"{base}-{n}" in doctree.ids:
        n += 1
    return f"{base}-{n}"


def assign_ids(app: Sphinx, doctree: nodes.document) -> None:
    """Give each term reference in the essay a stable id (before it is recorded)."""
    if not app.env.docname.startswith(app.config.glossary_usage_prefix):
        return
    counts: Counter[str] = Counter()
    for ref in doctree.findall(is_term_ref):
        content = ref.children[0] if ref.children else None
        if not isinstance(content, nodes.Element) or content["ids"]:
            continue
        term = ref["reftarget"].lower()
        counts[term] += 1
        new_id = use_id(doctree, term, counts[term])
        content["ids"].append(new_id)
        doctree.ids[new_id] = content


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


def essay_uses(env: BuildEnvironment) -> dict[str, list[TermUse]]:
    """Each term's uses in the essay that carry an id, in reading order."""
    rank = {doc: i for i, doc in enumerate(reading_order(env))}
    prefix = env.config.glossary_usage_prefix
    uses: dict[str, list[TermUse]] = {}
    for use in sorted(all_uses(env), key=lambda u: rank.get(u.docname, len(rank))):
        if use.anchor and use.docname.startswith(prefix):
            uses.setdefault(use.term, []).append(use)
    return uses


def labels(env: BuildEnvironment, uses: list[TermUse]) -> list[str]:
    """Section title, with "(n)" when the section uses the term more than once."""

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
        result.append(f"{key[1]} ({seen[key]})" if per_section[key] > 1 else key[1])
    return result


def backlinks(app: Sphinx, docname: str, uses: list[TermUse]) -> list[nodes.Node]:
    """The lead-in and the list of links for one entry."""
    items = []
    for use, label in zip(uses, labels(app.env, uses), strict=True):
        uri = app.builder.get_relative_uri(docname, use.docname) + "#" + use.anchor
        link = nodes.reference("", label, internal=True, refuri=uri)
        items.append(nodes.list_item("", nodes.paragraph("", "", link)))
    lead = nodes.paragraph("", LEAD_IN, classes=[f"{LIST_CLASS}-lead"])
    return [lead, nodes.bullet_list("", *items, classes=[LIST_CLASS])]


def add_backlinks(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html":
        return
    uses = essay_uses(app.env)
    for glossary in doctree.findall(addnodes.glossary):
        for item in glossary.findall(nodes.definition_list_item):
            terms = [t.astext().lower() for t in item.findall(nodes.term)]
            definition = next(iter(item.findall(nodes.definition)), None)
            found = [u for t in terms for u in uses.get(t, [])]
            if definition is not None and found:
                definition.extend(backlinks(app, docname, found))


def fingerprint(env: BuildEnvironment) -> str:
    """What the backlinks are made from: a change means rewriting the glossary."""
    parts = [
        repr((term, [(u.docname, u.anchor) for u in uses], labels(env, uses)))
        for term, uses in sorted(essay_uses(env).items())
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def outdated_glossary(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    """Glossary pages to rewrite: those whose output predates the backlinks.

    ``changed_ns`` marks when the backlinks last changed; it is saved with
    the environment, so the next builder to use it compares its own output
    file with it (a failed or skipped write leaves the file older: rewritten
    next time).
    """
    current = fingerprint(env)
    if getattr(env, "glossary_backlinks_fp", None) != current:
        env.glossary_backlinks_fp = current
        env.glossary_backlinks_changed_ns = time.time_ns()
        changed_now = True
    else:
        changed_now = False
    glossaries = sorted({e.docname for e in all_entries(env)})
    output_path = getattr(app.builder, "get_output_path", None)
    if output_path is None:
        return glossaries if changed_now else []
    stale = []
    for doc in glossaries:
        path = output_path(doc)
        if not path.exists() or path.stat().st_mtime_ns < env.glossary_backlinks_changed_ns:
            stale.append(doc)
    return stale


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("glossary_terms")
    # Before glossary_terms records the uses (priority 500), so they carry ids.
    app.connect("doctree-read", assign_ids, priority=450)
    app.connect("doctree-resolved", add_backlinks)
    app.connect("env-get-updated", outdated_glossary)
    return {
        "version": "1.0",
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
