"""Checks on the glossary, each a warning at a file and line (``-W`` fails the build).

* an unknown term reference, at the role's own line (MyST gives only its
  paragraph's), with the nearest entries as suggestions; in a translated
  build, a role that came from a translation is reported at its line in the
  ``.po`` catalog, where it was typed;
* a name defined twice, at the second definition;
* a required entry (``glossary_required_terms``) missing;
* an entry no page uses (when ``glossary_check_unused`` is on): a use of any
  of its names counts, from pages under ``glossary_usage_prefix``;
* glossary options typed below an entry, which the directive would read as
  more entries ("---", "sorted:").

Messages show roles in the syntax of the file they are about.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from babel.messages.pofile import read_po
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.i18n import docname_to_domain

from sphinx_edition.glossary.collector import node_line
from sphinx_edition.glossary.model import TermEntry, TermName, glossary_index
from sphinx_edition.reporting import conf_location, reported, role

logger = logging.getLogger(__name__)

# Names that are really the directive's options typed after an entry: MyST
# reads a "---" block only at the top of the directive. ("---" becomes an em
# dash through smart quotes.)
OPTION_LINE = re.compile(r"^(---|\u2014|-{2,}|:?sorted:?)$")


def is_option(name: TermName) -> bool:
    return any(OPTION_LINE.match(text.strip()) for text in (name.text, name.typed) if text)


def in_usage_scope(app: Sphinx, docname: str) -> bool:
    """Whether a use in ``docname`` counts (and is linked back to)."""
    prefix = app.config.glossary_usage_prefix
    if prefix:
        return docname.startswith(prefix)
    # By default, any page but a glossary itself (its cross-references are
    # not uses of the text).
    return docname not in glossary_index(app.env).glossary_docs()


def role_line(source: str, start: int | None, target: str) -> int | None:
    """The line of the term role for ``target`` at or after ``start``.

    Inline nodes know only their paragraph's first line; the role itself is on
    the first later line that names ``<target>`` explicitly, or opens a term
    role whose text begins like ``target`` (an explicit ``<target>`` may
    close on a later line).
    """
    if start is None:
        return None
    first_word = target.split()[0].lower() if target.split() else ""
    lines = [line.lower() for line in source.splitlines()]
    opener = re.compile(r"\{term\}`|:term:`")
    for lineno in range(start, len(lines) + 1):
        line = lines[lineno - 1]
        explicit = line.find(f"<{target}")
        if explicit >= 0:
            # The role opens on this line, or on the nearest line above.
            opened = [n for n in range(start, lineno) if opener.search(lines[n - 1])]
            return lineno if opener.search(line[:explicit]) or not opened else opened[-1]
        for chunk in opener.split(line)[1:]:
            if not chunk or chunk.startswith(first_word) or first_word.startswith(chunk):
                return lineno
    return start


def translated_element(node: nodes.Node) -> nodes.Element | None:
    """The element Sphinx replaced with a translation (marked ``translated``) around ``node``."""
    current: nodes.Node | None = node
    while current is not None:
        if isinstance(current, nodes.Element) and current.get("translated"):
            return current
        current = current.parent
    return None


def msgstr_line(po: Path, msgid: str, target: str) -> int | None:
    """The line of ``po`` where the translation of ``msgid`` names ``target``.

    That is the msgstr line holding ``<target``'s first word (a role keeps the
    English entry in angle brackets), else the msgstr's first line.
    """
    try:
        with po.open("rb") as f:
            message = read_po(f).get(msgid)
        lines = po.read_text(encoding="utf-8").splitlines()
    except (OSError, ValueError):
        return None
    if message is None or not message.lineno:
        return None
    starts = [n for n in range(message.lineno, len(lines) + 1) if lines[n - 1].startswith("msgstr")]
    if not starts:
        return None
    opening = f"<{target.split()[0]}" if target.split() else "<"
    line = starts[0]
    while line <= len(lines) and (line == starts[0] or lines[line - 1].startswith('"')):
        if opening in lines[line - 1].lower():
            return line
        line += 1
    return starts[0]


def catalog_location(app: Sphinx, docname: str, node: nodes.Node, target: str) -> str | None:
    """``<catalog>.po:<line>`` for a term role that came from a translation, else None."""
    element = translated_element(node)
    if element is None or not app.config.language:
        return None
    # The message as Sphinx looked it up in the catalog.
    msgid = element.rawsource.replace("\n", " ").strip()
    domain = docname_to_domain(docname, app.config.gettext_compact)
    for folder in app.config.locale_dirs:
        po = Path(app.srcdir, folder, app.config.language, "LC_MESSAGES", f"{domain}.po")
        line = msgstr_line(po, msgid, target) if po.is_file() else None
        if line:
            return f"{po}:{line}"
    return None


@reported
def report_unknown_term(
    app: Sphinx, env: BuildEnvironment, node: addnodes.pending_xref, contnode: nodes.Node
) -> None:
    """Replace Sphinx's 'term not in glossary' with one at the role's line."""
    if node.get("refdomain") != "std" or node.get("reftype") != "term":
        return
    target = str(node["reftarget"]).lower()
    known = glossary_index(env).by_name()
    if target in known:
        return
    docname = node.get("refdoc", env.docname)
    try:
        source = Path(env.doc2path(docname)).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        source = ""
    location = catalog_location(app, docname, node, target) or (
        docname,
        role_line(source, node_line(node), target),
    )
    close = difflib.get_close_matches(target, sorted(known), n=3)
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    logger.warning(
        "unknown glossary term %r: no glossary entry has that name. Fix the spelling, "
        "point the role at an entry with %s, or add the entry to a glossary.%s",
        target,
        role(env, docname, "term", "text <entry>"),
        hint,
        location=location,
        type="glossary",
        subtype="unknown",
    )


def check_options(env: BuildEnvironment, entries: list[TermEntry]) -> None:
    for entry in entries:
        for name in entry.names:
            if not is_option(name):
                continue
            myst = env.doc2path(entry.docname).suffix == ".md"
            where = (
                "in the --- block right after the ```{glossary} line"
                if myst
                else "on the lines right after .. glossary::"
            )
            logger.warning(
                "glossary options must come first: %r here is read as an entry because an "
                "entry was typed above it. Options go %s, before any entry; move the "
                "entries above it to below the options",
                name.as_typed,
                where,
                location=(entry.docname, name.line),
                type="glossary",
                subtype="options",
            )


def check_duplicates(env: BuildEnvironment, entries: list[TermEntry]) -> None:
    first: dict[str, TermEntry] = {}
    # File order, so the later definition is the one reported.
    for entry in sorted(entries, key=lambda e: (e.docname, e.line or 0)):
        for name in entry.names:
            other = first.setdefault(name.key, entry)
            if other is entry:
                continue
            logger.warning(
                "glossary term %r is defined twice (first at %s:%s): merge the two "
                "definitions into one entry, or rename one of them",
                name.key,
                env.doc2path(other.docname),
                other.line,
                location=(entry.docname, name.line),
                type="glossary",
                subtype="duplicate",
            )


def check_required(app: Sphinx, entries: list[TermEntry]) -> None:
    defined = {key for entry in entries for key in entry.keys}
    # A missing entry is reported where entries live (or at conf.py if none do).
    where = (entries[0].docname, entries[0].line) if entries else Path(app.confdir, "conf.py")
    for term in app.config.glossary_required_terms:
        if term.lower() not in defined:
            logger.warning(
                "required glossary entry %r is missing: add it to the glossary (the list of "
                "required entries is glossary_required_terms in conf.py)",
                term,
                location=where,
                type="glossary",
                subtype="required",
            )


def usage_scope(app: Sphinx) -> str:
    """Where uses count, in words that name the setting governing it."""
    prefix = app.config.glossary_usage_prefix
    if not prefix:
        return "any page outside the glossary"
    return f"the pages under {prefix} (glossary_usage_prefix in conf.py)"


def check_unused(app: Sphinx, env: BuildEnvironment, entries: list[TermEntry]) -> None:
    prefix = app.config.glossary_usage_prefix
    if prefix and entries and not any(doc.startswith(prefix) for doc in env.found_docs):
        # A renamed or moved folder: one message about the setting, not one
        # "unused" per entry that is used.
        logger.warning(
            "glossary_usage_prefix is %r, but no page is under it, so no use of a glossary "
            "entry counts: set it to the folder that holds the text ('' counts every page "
            "but the glossary), or set glossary_check_unused = False",
            prefix,
            location=conf_location(app, "glossary_usage_prefix"),
            type="glossary",
            subtype="unused",
        )
        return
    used = {u.term for u in glossary_index(env).all_uses() if in_usage_scope(app, u.docname)}
    scope = usage_scope(app)
    for entry in entries:
        if entry.keys & used:
            continue
        logger.warning(
            "glossary entry %r is not used in %s: link to it with %s where the text uses "
            "it, or delete the entry (glossary_check_unused in conf.py turns this check off)",
            entry.names[0].as_typed,
            scope,
            role(env, entry.docname, "term", entry.names[0].as_typed),
            location=(entry.docname, entry.line),
            type="glossary",
            subtype="unused",
        )


@reported
def check(app: Sphinx, env: BuildEnvironment) -> None:
    entries = glossary_index(env).all_entries()
    check_options(env, entries)
    # An entry whose only names are stray options is not an entry at all.
    real = [e for e in entries if not all(is_option(n) for n in e.names)]
    check_duplicates(env, real)
    check_required(app, real)
    if app.config.glossary_check_unused:
        check_unused(app, env, real)
