"""Links inside the single page that WeasyPrint lays out.

Two things go wrong when Sphinx's single-page builder puts every document on
one page, and both are mended on the assembled doctree before it is written:

* A link to a target in another document is written ``#document-glossary#
  term-red-lines`` (sphinx-doc/sphinx#14221): the document's anchor with the
  target's fragment appended. Browsers and WeasyPrint read everything after
  the first ``#`` as one fragment, find no such element, and WeasyPrint drops
  the link. On one page the target's own id is the address.
* Ids need only be unique within a document, so two documents may both have
  ``use-red-lines-1`` (the glossary collector numbers term uses per
  document) or a section called ``introduction``. On one page a link would
  land on whichever comes first. Every id after the first of its name is
  prefixed with its document's name, and the links to it follow.

A link says which document its target is in (``#document-<doc>#<id>``, or a
same-document ``refid``), so each link finds its own target.

WeasyPrint also makes a link annotation for every inline box inside a link,
so Sphinx's ``<a><span class="xref std std-term">…</span></a>`` would give
two annotations, one of them in a ``Span`` element rather than the ``Link``
that PDF/UA asks for. Plain inline wrappers inside links are unwrapped; their
ids and classes move to the link.
"""

from __future__ import annotations

from collections.abc import Iterator

from docutils import nodes
from sphinx import addnodes

from sphinx_edition.messages import _

DOC_PREFIX = "#document-"


def walk(node: nodes.Node, docname: str) -> Iterator[tuple[nodes.Element, str]]:
    """Every element with the document it came from, in document order."""
    if isinstance(node, addnodes.start_of_file):
        docname = node["docname"]
    if isinstance(node, nodes.Element):
        yield node, docname
        for child in node.children:
            yield from walk(child, docname)


def unique_ids(doctree: nodes.document, root_doc: str) -> dict[tuple[str, str], str]:
    """Rename ids that an earlier document already uses; return (doc, old) -> new."""
    owner: dict[str, str] = {}
    renamed: dict[tuple[str, str], str] = {}
    for node, doc in walk(doctree, root_doc):
        ids = []
        for id_ in node["ids"]:
            if owner.setdefault(id_, doc) == doc:
                ids.append(id_)
                continue
            base = f"{nodes.make_id(doc)}-{id_}"
            new, n = base, 1
            while new in owner:
                n += 1
                new = f"{base}-{n}"
            owner[new] = doc
            renamed[(doc, id_)] = new
            ids.append(new)
        node["ids"] = ids
    return renamed


def split_uri(uri: str) -> tuple[str, str] | None:
    """``#document-<doc>#<id>`` -> (doc, id); None for any other address."""
    if not uri.startswith(DOC_PREFIX) or "#" not in uri[len(DOC_PREFIX) :]:
        return None
    doc, fragment = uri[len(DOC_PREFIX) :].split("#", 1)
    return doc, fragment


def unwrap_link_content(doctree: nodes.document) -> None:
    """Replace each plain ``inline`` child of a link by its children."""
    for ref in list(doctree.findall(nodes.reference)):
        for child in list(ref.children):
            if type(child) is not nodes.inline:
                continue
            ref["ids"] += [i for i in child["ids"] if i not in ref["ids"]]
            ref["classes"] += [c for c in child["classes"] if c not in ref["classes"]]
            child["ids"], child["classes"] = [], []
            child.replace_self(child.children)


def fix_links(doctree: nodes.document, root_doc: str) -> int:
    """Make every link on the page point at exactly one element; return how many
    links were rewritten."""
    unwrap_link_content(doctree)
    renamed = unique_ids(doctree, root_doc)
    changed = 0
    for node, doc in walk(doctree, root_doc):
        target = split_uri(node.get("refuri", "")) if isinstance(node, nodes.reference) else None
        if target is not None:
            node["refuri"] = "#" + renamed.get(target, target[1])
            changed += 1
        if "refid" in node and (doc, node["refid"]) in renamed:
            node["refid"] = renamed[(doc, node["refid"])]
            changed += 1
        if node.get("backrefs"):
            node["backrefs"] = [renamed.get((doc, ref), ref) for ref in node["backrefs"]]
    return changed


def _section_title(node: nodes.Node) -> str:
    parent = node.parent
    while parent is not None and not isinstance(parent, nodes.section):
        parent = parent.parent
    if parent is not None and parent.children and isinstance(parent[0], nodes.title):
        return " ".join(parent[0].astext().split())
    return ""


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def describe_targets(
    doctree: nodes.document, root_doc: str, titles: dict[str, str]
) -> dict[str, str]:
    """A few words for each link target, for the ``/Contents`` of link annotations
    (PDF/UA asks every link for a description; WeasyPrint gives the anchor name)."""
    described: dict[str, str] = {}
    for node, doc in walk(doctree, root_doc):
        if isinstance(node, addnodes.start_of_file):
            described[f"document-{doc}"] = titles.get(doc, doc)
        if not node["ids"]:
            continue
        if isinstance(node, nodes.term):
            text = _("Glossary: {term}").format(term=_short(node.astext()))
        elif isinstance(node, nodes.section) and node.children:
            text = _short(node[0].astext())
        else:
            where = _section_title(node)
            quoted = _("“{text}”").format(text=_short(node.astext(), 40))
            text = (
                _("{quoted}, in {section}").format(quoted=quoted, section=where)
                if where
                else quoted
            )
        for id_ in node["ids"]:
            described.setdefault(id_, text)
    return described
