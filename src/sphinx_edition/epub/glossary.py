"""Glossary semantics for the ePub (EPUB 3 Dictionaries and Glossaries 1.0).

Sphinx writes a glossary as a plain ``<dl>``. A reading system can do more
with it when it knows what it is looking at, so in the ePub:

* the section holding a ``{glossary}`` is ``epub:type="glossary"`` with the
  matching ARIA role ``doc-glossary``;
* each term is ``<dt epub:type="glossterm"><dfn>term</dfn></dt>`` and each
  definition ``<dd epub:type="glossdef">`` (their implicit ARIA roles, term
  and definition, are the ones those types map to);
* each link to a term is ``epub:type="glossref"`` with role ``doc-glossref``;
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
from sphinx.application import Sphinx
from sphinx.builders import Builder

SEARCH_KEY_MAP = "glossary-search-key-map.xml"
SEARCH_KEY_MAP_TYPE = "application/vnd.epub.search-key-map+xml"
GLOSSARY_ATTRS = {"epub:type": "glossary", "role": "doc-glossary"}
GLOSSREF = '<a epub:type="glossref" role="doc-glossref" '


def _holds_glossary(node: nodes.Node) -> bool:
    return isinstance(node, nodes.section) and any(
        isinstance(child, addnodes.glossary) for child in node.children
    )


def _in_glossary(node: nodes.Element) -> bool:
    # term/definition -> definition_list_item -> definition_list -> glossary
    ancestor = node.parent.parent.parent if node.parent and node.parent.parent else None
    return isinstance(ancestor, addnodes.glossary)


def _is_term_ref(node: nodes.Element) -> bool:
    inline = node.next_node(nodes.inline)
    return inline is not None and "std-term" in inline.get("classes", [])


class GlossaryMarkup:
    """Translator mixin for the epub builder's HTML translator."""

    body: list[str]
    section_level: int

    def visit_section(self, node: nodes.section) -> None:
        if _holds_glossary(node):
            self.section_level += 1
            self.body.append(self.starttag(node, "section", **GLOSSARY_ATTRS))  # type: ignore[attr-defined]
        else:
            super().visit_section(node)  # type: ignore[misc]

    def visit_glossary(self, node: addnodes.glossary) -> None:
        # A glossary outside any section of its own still gets its semantics.
        if not _holds_glossary(node.parent):
            self.body.append(self.starttag(node, "section", **GLOSSARY_ATTRS))  # type: ignore[attr-defined]

    def depart_glossary(self, node: addnodes.glossary) -> None:
        if not _holds_glossary(node.parent):
            self.body.append("</section>\n")

    def visit_term(self, node: nodes.term) -> None:
        if _in_glossary(node):
            self.body.append(self.starttag(node, "dt", "", **{"epub:type": "glossterm"}))  # type: ignore[attr-defined]
            self.body.append("<dfn>")
        else:
            super().visit_term(node)  # type: ignore[misc]

    def depart_term(self, node: nodes.term) -> None:
        if _in_glossary(node):
            self.body.append("</dfn>")
        super().depart_term(node)  # type: ignore[misc]

    def visit_definition(self, node: nodes.definition) -> None:
        if _in_glossary(node):
            self.body.append(self.starttag(node, "dd", "", **{"epub:type": "glossdef"}))  # type: ignore[attr-defined]
        else:
            super().visit_definition(node)  # type: ignore[misc]

    def visit_reference(self, node: nodes.reference) -> None:
        super().visit_reference(node)  # type: ignore[misc]
        if _is_term_ref(node) and self.body[-1].startswith("<a "):
            self.body[-1] = GLOSSREF + self.body[-1][3:]


def word_forms(builder: Builder) -> dict[str, list[str]]:
    """Each glossary term, with the other forms in which the text shows it.

    Forms are kept as displayed, capitals included ("Engagement" opens a
    sentence): a reading system may match case-sensitively.
    """
    from glossary_terms import all_entries, all_uses

    forms: dict[str, set[str]] = defaultdict(set)
    for use in all_uses(builder.env):
        forms[use.term].add(" ".join(use.text.split()))
    return {
        entry.term: sorted(forms[entry.term] - {entry.term}) for entry in all_entries(builder.env)
    }


def glossary_docs(builder: Builder) -> list[str]:
    from glossary_terms import all_entries

    return sorted({e.docname for e in all_entries(builder.env)})


def search_key_map(builder: Builder) -> str:
    """The search key map document (EPUB 3 Dictionaries and Glossaries 1.0, 2.5)."""
    terms = builder.env.get_domain("std")._terms  # type: ignore[attr-defined]
    groups = []
    for term, others in sorted(word_forms(builder).items()):
        docname, labelid = terms[term]
        href = f"{builder.get_target_uri(docname)}#{labelid.replace(':', '-')}"
        values = "".join(f"\n      <value value={quoteattr(f)}/>" for f in others)
        match = f"<match value={quoteattr(term)}"
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


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("glossary_terms")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
