"""Record where glossary terms are defined and used, and check the glossary.

Sphinx already fails on a ``{term}`` that names no entry. This extension adds
the checks the edition needs beyond that, each as a warning with file and
line (so ``-W`` fails the build):

* every term in ``glossary_required_terms`` has an entry;
* every entry is used from at least one page under ``glossary_usage_prefix``;
* an unknown ``{term}`` is reported at its own line (Sphinx names only the
  paragraph's first line) with the nearest known entries as suggestions.

The recorded uses (``env.glossary_uses``) also feed the backlinks extension.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.nodes import get_node_line

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TermUse:
    """One ``{term}`` reference in a document."""

    term: str  # lower-cased entry name, as the std domain keys it
    text: str  # the words as the reader sees them ("red lines", "Engagement")
    docname: str
    line: int | None
    # The id of the reference, when one was given before recording (the
    # glossary_backlinks extension gives each use in the essay one).
    anchor: str = ""
    # The title of the section the use stands in ("" outside any section).
    section: str = ""


@dataclass(frozen=True)
class TermEntry:
    """One entry of a ``{glossary}`` block."""

    term: str
    docname: str
    line: int | None


def _line(node: nodes.Node) -> int | None:
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


def _anchor(ref: addnodes.pending_xref) -> str:
    # The id sits on the reference's content, which the resolved link keeps.
    content = ref.children[0] if ref.children else None
    ids = content.get("ids", []) if isinstance(content, nodes.Element) else []
    return ids[0] if ids else ""


def section_title(node: nodes.Node) -> str:
    """The title of the innermost section holding ``node``."""
    parent = node.parent
    while parent is not None and not isinstance(parent, nodes.section):
        parent = parent.parent
    if parent is None or not parent.children or not isinstance(parent[0], nodes.title):
        return ""
    return " ".join(parent[0].astext().split())


def term_uses(doctree: nodes.document, docname: str) -> list[TermUse]:
    """The ``{term}`` references in a freshly read doctree, in reading order."""
    return [
        TermUse(
            ref["reftarget"].lower(),
            ref.astext(),
            docname,
            _line(ref),
            _anchor(ref),
            section_title(ref),
        )
        for ref in doctree.findall(is_term_ref)
    ]


def term_lines(terms: list[nodes.term], source: list[str]) -> list[int | None]:
    """The source line of each term of one glossary.

    Sphinx gives a term the offset of its line in the directive's content;
    in reST that is the file's line, but MyST counts from the start of the
    block. So find the shift that puts the most terms on a line holding
    exactly their text (the smallest such shift; none found: keep Sphinx's).
    """
    offsets = [t.line if isinstance(t.line, int) else None for t in terms]
    wanted = [t.astext().strip().lower() for t in terms]
    text = [line.strip().lower() for line in source]

    def hits(shift: int) -> int:
        return sum(
            o is not None and 0 < o + shift <= len(text) and text[o + shift - 1] == w
            for o, w in zip(offsets, wanted, strict=True)
        )

    best = max(range(len(text) + 1), key=lambda d: (hits(d), -d), default=0)
    if not terms or hits(best) == 0:
        return [_line(t) for t in terms]
    return [o + best if o is not None else None for o in offsets]


def term_entries(
    doctree: nodes.document, docname: str, source: list[str] | None = None
) -> list[TermEntry]:
    """The entries defined by ``{glossary}`` blocks in a doctree, at their lines."""
    entries = []
    for glossary in doctree.findall(addnodes.glossary):
        terms = list(glossary.findall(nodes.term))
        lines = term_lines(terms, source) if source is not None else map(_line, terms)
        entries += [
            TermEntry(t.astext().lower(), docname, line)
            for t, line in zip(terms, lines, strict=True)
        ]
    return entries


def role_line(source: str, start: int | None, target: str) -> int | None:
    """The line of the ``{term}`` role for ``target`` at or after ``start``.

    MyST gives inline nodes the line where their paragraph starts; the role
    itself is on the first later line that opens a ``{term}`` whose text begins
    like ``target`` (an explicit ``<target>`` may close on a later line).
    """
    if start is None:
        return None
    first_word = target.split()[0].lower() if target.split() else ""
    lines = source.splitlines()
    for lineno in range(start, len(lines) + 1):
        line = lines[lineno - 1].lower()
        for chunk in line.split("{term}`")[1:]:
            if not chunk or chunk.startswith(first_word) or first_word.startswith(chunk):
                return lineno
    return start


def report_unknown_term(
    app: Sphinx, env: BuildEnvironment, node: addnodes.pending_xref, contnode: nodes.Node
) -> None:
    """Replace Sphinx's 'term not in glossary' with a message saying what to do."""
    if node.get("refdomain") != "std" or node.get("reftype") != "term":
        return
    target = node["reftarget"].lower()
    known = {e.term for e in all_entries(env)}
    if target in known:
        return
    docname = node.get("refdoc", env.docname)
    source = env.doc2path(docname).read_text(encoding="utf-8")
    line = role_line(source, _line(node), target)
    close = difflib.get_close_matches(target, sorted(known), n=3)
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    logger.warning(
        "unknown glossary term %r: no entry in the {glossary} has that name. Fix the "
        "spelling, point the role at an entry with {term}`text <entry>`, or add the "
        "entry to the glossary.%s",
        target,
        hint,
        location=(docname, line),
        type="glossary",
        subtype="unknown",
    )


def record(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    env.glossary_uses[env.docname] = term_uses(doctree, env.docname)
    entries: list[TermEntry] = []
    if any(doctree.findall(addnodes.glossary)):
        path = env.doc2path(env.docname)
        source = path.read_text(encoding=env.config.source_encoding).splitlines()
        entries = term_entries(doctree, env.docname, source)
    env.glossary_entries[env.docname] = entries


def init_env(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    # Called before reading; a pickled environment keeps its data.
    if not hasattr(env, "glossary_uses"):
        env.glossary_uses = {}
        env.glossary_entries = {}


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    env.glossary_uses.pop(docname, None)
    env.glossary_entries.pop(docname, None)


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    # Parallel reads: each worker's environment holds the documents it read.
    for docname in docnames:
        env.glossary_uses[docname] = other.glossary_uses[docname]
        env.glossary_entries[docname] = other.glossary_entries[docname]


def all_entries(env: BuildEnvironment) -> list[TermEntry]:
    return [e for doc in sorted(env.glossary_entries) for e in env.glossary_entries[doc]]


def all_uses(env: BuildEnvironment) -> list[TermUse]:
    return [u for doc in sorted(env.glossary_uses) for u in env.glossary_uses[doc]]


def check(app: Sphinx, env: BuildEnvironment) -> None:
    entries = all_entries(env)
    defined = {e.term for e in entries}
    # A missing entry is reported where entries live (or at conf.py if none do).
    where: tuple[str, int | None] | None = (
        (entries[0].docname, entries[0].line) if entries else None
    )
    for term in app.config.glossary_required_terms:
        if term.lower() not in defined:
            logger.warning(
                "required glossary entry %r is missing: add it to the {glossary} block "
                "(the list of required entries is glossary_required_terms in conf.py)",
                term,
                location=where or app.confdir / "conf.py",
                type="glossary",
                subtype="required",
            )

    prefix = app.config.glossary_usage_prefix
    used = {u.term for u in all_uses(env) if u.docname.startswith(prefix)}
    for entry in entries:
        if entry.term not in used:
            logger.warning(
                "glossary entry %r is not used in any page under %s: link to it with "
                "{term}`%s` where the text uses it, or delete the entry",
                entry.term,
                prefix or "docs/",
                entry.term,
                location=(entry.docname, entry.line),
                type="glossary",
                subtype="unused",
            )


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("glossary_required_terms", [], "env", types=[list])
    app.add_config_value("glossary_usage_prefix", "", "env", types=[str])
    app.connect("env-before-read-docs", init_env)
    app.connect("doctree-read", record)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("env-check-consistency", check)
    # Sphinx's own warning for an unknown term would name the wrong line; ours
    # replaces it (conf.py suppresses "ref.term").
    app.connect("missing-reference", report_unknown_term)
    return {
        "version": "1.0",
        # 2: TermUse gained anchor and section.
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
