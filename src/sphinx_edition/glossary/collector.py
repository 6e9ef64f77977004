"""The glossary collector: records every entry and every term use as documents are read.

An :class:`~sphinx.environment.collectors.EnvironmentCollector` keeps the
data right through incremental builds (a re-read document replaces its own
records) and parallel reading (workers' records are merged). It also gives
each term reference an id, ``use-<term>-<n>`` (the n-th use of that term in
its document, so ids stay put when other documents change), which links
back to the use can point at.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.util.nodes import get_node_line

from sphinx_edition.glossary.model import TermEntry, TermName, TermUse, glossary_index


def node_line(node: nodes.Node) -> int | None:
    try:
        return get_node_line(node)
    except ValueError:  # neither the node nor any ancestor knows its line
        return None


def is_term_ref(node: nodes.Node) -> bool:
    return (
        isinstance(node, addnodes.pending_xref)
        and node.get("refdomain") == "std"
        and node.get("reftype") == "term"
    )


def section_title(node: nodes.Node) -> str:
    """The title of the innermost section holding ``node``."""
    parent = node.parent
    while parent is not None and not isinstance(parent, nodes.section):
        parent = parent.parent
    if parent is None or not parent.children or not isinstance(parent[0], nodes.title):
        return ""
    return " ".join(parent[0].astext().split())


def use_id(doctree: nodes.document, term: str, n: int) -> str:
    """A fresh id for the n-th use of ``term`` (skips ids the page already has)."""
    base = f"use-{nodes.make_id(term) or 'term'}"
    while f"{base}-{n}" in doctree.ids:
        n += 1
    return f"{base}-{n}"


def term_uses(doctree: nodes.document, docname: str) -> list[TermUse]:
    """Every term reference in a freshly read doctree, in reading order, each with an id."""
    uses = []
    counts: Counter[str] = Counter()
    for ref in doctree.findall(is_term_ref):
        term = str(ref.get("reftarget", "")).lower()
        content = ref.children[0] if ref.children else None
        anchor = ""
        if isinstance(content, nodes.Element):
            if not content["ids"]:
                counts[term] += 1
                new_id = use_id(doctree, term, counts[term])
                content["ids"].append(new_id)
                doctree.ids[new_id] = content
            anchor = content["ids"][0]
        uses.append(
            TermUse(term, ref.astext(), docname, node_line(ref), anchor, section_title(ref))
        )
    return uses


def term_lines(terms: list[nodes.term], source: list[str]) -> list[int | None]:
    """The source line of each term of one glossary.

    Sphinx gives a term the offset of its line in the directive's content;
    in reST that is the file's line, but MyST counts from the start of the
    block. So find the shift that puts the most terms on a line holding
    exactly their text (the smallest such shift; none found: keep Sphinx's).
    """
    offsets = [t.line if isinstance(t.line, int) else None for t in terms]
    wanted = [typed_name(t).strip().lower() for t in terms]
    text = [line.strip().lower() for line in source]

    def hits(shift: int) -> int:
        return sum(
            o is not None and 0 < o + shift <= len(text) and text[o + shift - 1] == w
            for o, w in zip(offsets, wanted, strict=True)
        )

    best = max(range(len(text) + 1), key=lambda d: (hits(d), -d), default=0)
    if not terms or hits(best) == 0:
        return [node_line(t) for t in terms]
    return [o + best if o is not None else None for o in offsets]


def typed_name(term: nodes.term) -> str:
    """A term's name as typed, which is what Sphinx registered.

    Smart quotes change the term's text after Sphinx has registered it; the
    index entry Sphinx puts inside the term keeps the name as typed.
    """
    for index in term.findall(addnodes.index):
        for entry in index.get("entries", []):
            if len(entry) > 1 and entry[1]:
                return str(entry[1])
    return term.astext()


def definition_text(item: nodes.definition_list_item) -> tuple[str, ...]:
    """The paragraphs of an entry's definition, as plain text."""
    definition = next((c for c in item.children if isinstance(c, nodes.definition)), None)
    if definition is None:
        return ()
    texts = (" ".join(p.astext().split()) for p in definition.findall(nodes.paragraph))
    return tuple(t for t in texts if t)


def registered_names(env: BuildEnvironment, docname: str) -> dict[str, list[str]]:
    """Each term anchor in ``docname`` with every name Sphinx registered for it.

    A translated glossary term keeps its anchor, and Sphinx registers its new
    words beside the source name; references (``{term}`红线 <red lines>```)
    keep naming the source, so an entry answers to both.
    """
    found: dict[str, list[str]] = {}
    for (objtype, name), (doc, anchor) in env.get_domain("std").objects.items():
        if objtype == "term" and doc == docname:
            found.setdefault(anchor, []).append(name)
    return found


def term_entries(
    doctree: nodes.document,
    docname: str,
    source: list[str] | None,
    registered: dict[str, list[str]] | None = None,
) -> list[TermEntry]:
    """The entries of every glossary in a doctree, each name at its source line."""
    entries = []
    for glossary in doctree.findall(addnodes.glossary):
        items = list(glossary.findall(nodes.definition_list_item))
        terms = [[t for t in item.children if isinstance(t, nodes.term)] for item in items]
        flat = [t for group in terms for t in group]
        lines = iter(term_lines(flat, source) if source is not None else map(node_line, flat))
        for item, group in zip(items, terms, strict=True):
            names = [
                TermName(t.astext(), t["ids"][0] if t["ids"] else "", next(lines), typed_name(t))
                for t in group
            ]
            # Names a translation no longer shows, which references still use.
            for name in list(names):
                keys = {n.key for n in names}
                names += [
                    TermName(other, name.anchor, name.line)
                    for other in (registered or {}).get(name.anchor, [])
                    if other.lower() not in keys
                ]
            if names:
                entries.append(TermEntry(tuple(names), docname, definition_text(item)))
    return entries


def read_source(env: BuildEnvironment, docname: str) -> list[str] | None:
    try:
        return Path(env.doc2path(docname)).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None


class GlossaryCollector(EnvironmentCollector):
    """Records entries and uses per document into the environment's GlossaryIndex."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        index = glossary_index(env)
        index.entries.pop(docname, None)
        index.uses.pop(docname, None)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
    ) -> None:
        index, theirs = glossary_index(env), glossary_index(other)
        for docname in docnames:
            index.entries[docname] = theirs.entries.get(docname, [])
            index.uses[docname] = theirs.uses.get(docname, [])

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        env = app.env
        docname = env.docname
        index = glossary_index(env)
        index.uses[docname] = term_uses(doctree, docname)
        has_glossary = any(doctree.findall(addnodes.glossary))
        if has_glossary:
            source = read_source(env, docname)
            registered = registered_names(env, docname)
            index.entries[docname] = term_entries(doctree, docname, source, registered)
        else:
            index.entries[docname] = []
