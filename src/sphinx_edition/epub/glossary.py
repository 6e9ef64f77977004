"""Glossary semantics for the ePub (EPUB 3 Dictionaries and Glossaries 1.0).

Sphinx writes a glossary as a plain ``<dl>``. A reading system can do more
with it when it knows what it is looking at, so in the ePub:

* the section holding a ``{glossary}`` is ``epub:type="glossary"`` with the
  matching ARIA role ``doc-glossary``;
* each term is ``<dt epub:type="glossterm"><dfn>term</dfn></dt>`` and each
  definition ``<dd epub:type="glossdef">`` (their implicit ARIA roles, term
  and definition, are the ones those types map to);
* each link to a term is ``epub:type="glossref"`` with role ``doc-glossref``,
  and each link from an entry back to a use (``glossary.backlinks``)
  ``epub:type="backlink"`` with role ``doc-backlink`` (which is what it is;
  Foliate also follows such a link instead of opening a pop-up);
* the list of uses is not part of the definition: it sits in a ``<dd>`` of
  its own, which gets no ``glossdef`` (see ``glossary.backlinks``);
* a search key map lists every term with the word forms the text uses for
  it ("Engagement", "misjudged"), so a reader's look-up of a form it meets
  in the text finds the entry.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from xml.sax.saxutils import quoteattr

from docutils import nodes
from sphinx import addnodes
from sphinx.builders import Builder

from sphinx_edition.glossary.backlinks import LINK_CLASS, USES_CLASS
from sphinx_edition.glossary.model import glossary_index

SEARCH_KEY_MAP = "glossary-search-key-map.xml"
SEARCH_KEY_MAP_TYPE = "application/vnd.epub.search-key-map+xml"
GLOSSARY_ATTRS = {"epub:type": "glossary", "role": "doc-glossary"}
GLOSSREF_ATTRS = {"epub:type": "glossref", "role": "doc-glossref"}
BACKLINK_ATTRS = {"epub:type": "backlink", "role": "doc-backlink"}


def _holds_glossary(node: nodes.Node) -> bool:
    return isinstance(node, nodes.section) and any(
        isinstance(child, addnodes.glossary) for child in node.children
    )


def _in_glossary(node: nodes.Element) -> bool:
    # term/definition -> definition_list_item -> definition_list -> glossary
    ancestor = node.parent.parent.parent if node.parent and node.parent.parent else None
    return isinstance(ancestor, addnodes.glossary)


def _is_term_ref(node: nodes.Node) -> bool:
    if not isinstance(node, nodes.reference):
        return False
    inline = node.next_node(nodes.inline)
    return inline is not None and "std-term" in inline.get("classes", [])


class GlossaryMarkup:
    """Translator mixin for the epub builder's HTML translator."""

    body: list[str]
    section_level: int

    def starttag(self, node: nodes.Element, tagname: str, *args: Any, **atts: Any) -> str:
        if tagname == "a" and _is_term_ref(node):
            atts.update(GLOSSREF_ATTRS)
        elif tagname == "a" and LINK_CLASS in node.get("classes", []):
            atts.update(BACKLINK_ATTRS)
        return super().starttag(node, tagname, *args, **atts)  # type: ignore[misc]

    def visit_section(self, node: nodes.section) -> None:
        if _holds_glossary(node):
            self.section_level += 1
            self.body.append(self.starttag(node, "section", **GLOSSARY_ATTRS))
        else:
            super().visit_section(node)  # type: ignore[misc]

    def visit_glossary(self, node: addnodes.glossary) -> None:
        # A glossary outside any section of its own still gets its semantics.
        if not _holds_glossary(node.parent):
            self.body.append(self.starttag(node, "section", **GLOSSARY_ATTRS))

    def depart_glossary(self, node: addnodes.glossary) -> None:
        if not _holds_glossary(node.parent):
            self.body.append("</section>\n")

    def visit_term(self, node: nodes.term) -> None:
        if _in_glossary(node):
            self.body.append(self.starttag(node, "dt", "", **{"epub:type": "glossterm"}))
            self.body.append("<dfn>")
        else:
            super().visit_term(node)  # type: ignore[misc]

    def depart_term(self, node: nodes.term) -> None:
        if _in_glossary(node):
            self.body.append("</dfn>")
        super().depart_term(node)  # type: ignore[misc]

    def visit_definition(self, node: nodes.definition) -> None:
        if _in_glossary(node) and USES_CLASS not in node["classes"]:
            self.body.append(self.starttag(node, "dd", "", **{"epub:type": "glossdef"}))
        else:
            super().visit_definition(node)  # type: ignore[misc]


def word_forms(builder: Builder) -> list[tuple[str, str, list[str]]]:
    """(href, name, other forms) for each name of each entry.

    The other forms are the words the text shows for it ("Engagement" opens a
    sentence, "misjudged" stands for misjudgment), kept as displayed: a
    reading system may match case-sensitively.
    """
    index = glossary_index(builder.env)
    forms: dict[str, set[str]] = defaultdict(set)
    for use in index.all_uses():
        forms[use.term].add(" ".join(use.text.split()))
    seen: set[str] = set()
    groups = []
    for entry in index.all_entries():
        for name in entry.names:
            if name.key in seen or not name.anchor or not name.text.strip():
                continue
            seen.add(name.key)
            href = f"{builder.get_target_uri(entry.docname)}#{name.anchor}"
            groups.append((href, name.text, sorted(forms[name.key] - {name.text, name.key})))
    return sorted(groups, key=lambda g: g[1].lower())


def search_key_map(builder: Builder) -> str:
    """The search key map document (EPUB 3 Dictionaries and Glossaries 1.0, 2.5)."""
    groups = []
    for href, name, others in word_forms(builder):
        values = "".join(f"\n      <value value={quoteattr(f)}/>" for f in others)
        match = f"<match value={quoteattr(name)}"
        match += f">{values}\n    </match>" if values else "/>"
        groups.append(
            f"  <search-key-group href={quoteattr(href)}>\n    {match}\n  </search-key-group>\n"
        )
    lang = quoteattr(builder.config.epub_language)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<search-key-map xmlns="http://www.idpf.org/2007/ops" xml:lang={lang}>\n'
        f"{''.join(groups)}</search-key-map>\n"
    )
