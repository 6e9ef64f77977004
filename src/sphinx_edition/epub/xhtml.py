"""Markup that XHTML (hence EPUB) refuses, mended in the ePub's translator.

A browser forgives Sphinx's HTML where an ePub reading system need not: each
of these is an EPUBCheck error (RSC-005) on real projects, and each is
written right here, where the element is written:

* A parameter described in more than one paragraph (or with a list) makes a
  paragraph that holds paragraphs (sphinx-doc/sphinx#9141, open since 2021:
  ``sphinx.util.docfields`` puts the description's blocks inside the
  field's paragraph); ``<p>`` may hold only phrasing content. A paragraph
  that holds blocks is written as ``<div class="paragraph">``.
* A description with signatures and no content (``c:alias``,
  ``cpp:alias``) is written as a ``<dl>`` with ``<dt>`` and no ``<dd>``,
  which the schema requires; an empty ``<dd>`` is added.
* An extension's node may pass ``True`` as an attribute value
  (sphinx-inline-tabs: ``checked="True"``); XHTML's boolean attributes take
  their own name as their value, so ``checked="checked"``.
* Raw HTML is written as its author wrote it, and HTML is not XML: ``<br>``,
  ``<img ...>`` without a closing slash, ``&nbsp;``, a ``<span>`` left open
  (Sphinx's own documentation does that to keep old anchors) each make a
  page that is not well-formed, which stops a reading system (and Ace)
  from reading it at all (EPUBCheck RSC-016, fatal). A raw HTML block that
  is not well-formed XML is written again as XHTML (:func:`as_xhtml`): the
  same elements, attributes and text, void elements closed, open elements
  closed where the block ends, character references resolved. A block that
  is well-formed is written as it is.
"""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser
from typing import Any
from xml.etree import ElementTree

from docutils import nodes
from sphinx import addnodes

# HTML's void elements: written closed in XHTML.
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    | {"track", "wbr"}
)


class _Xhtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]], close: bool) -> str:
        parts = [tag]
        for name, value in attrs:
            parts.append(f'{name}="{escape(name if value is None else value)}"')
        return f"<{' '.join(parts)}{' /' if close else ''}>"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            self.out.append(self._tag(tag, attrs, close=True))
        else:
            self.out.append(self._tag(tag, attrs, close=False))
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            self.out.append(self._tag(tag, attrs, close=True))
        else:
            self.out.append(self._tag(tag, attrs, close=False) + f"</{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.open:
            return  # a stray end tag closes nothing
        while self.open:
            last = self.open.pop()
            self.out.append(f"</{last}>")
            if last == tag:
                break

    def handle_data(self, data: str) -> None:
        self.out.append(escape(data, quote=False))

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data.replace('--', '- -')}-->")

    def close(self) -> None:
        super().close()
        while self.open:
            self.out.append(f"</{self.open.pop()}>")


def well_formed(html: str) -> bool:
    try:
        ElementTree.fromstring(f"<div>{html}</div>")
    except ElementTree.ParseError:
        return False
    return True


def as_xhtml(html: str) -> str:
    """``html``'s elements, attributes and text, written as well-formed XHTML."""
    parser = _Xhtml()
    parser.feed(html)
    parser.close()
    return "".join(parser.out)


def holds_blocks(node: nodes.Element) -> bool:
    """Whether a paragraph holds a block (a paragraph, a list), not only
    inline content (targets are inline and write nothing of their own)."""
    return any(
        isinstance(child, nodes.Body) and not isinstance(child, (nodes.Inline, nodes.Invisible))
        for child in node.children
    )


class XhtmlMarkup:
    """Translator mixin for the ePub's HTML translator."""

    body: list[str]
    context: list[str]

    def starttag(self, node: nodes.Element, tagname: str, *args: Any, **atts: Any) -> str:
        for name, value in list(atts.items()):
            if value is True:
                atts[name] = name.lower()
            elif value is False:
                del atts[name]
        return super().starttag(node, tagname, *args, **atts)  # type: ignore[misc]

    def visit_paragraph(self, node: nodes.paragraph) -> None:
        if holds_blocks(node):
            self.body.append(self.starttag(node, "div", "", CLASS="paragraph"))
        else:
            super().visit_paragraph(node)  # type: ignore[misc]

    def depart_paragraph(self, node: nodes.paragraph) -> None:
        if holds_blocks(node):
            self.body.append("</div>\n")
        else:
            super().depart_paragraph(node)  # type: ignore[misc]

    def visit_raw(self, node: nodes.raw) -> None:
        text = node.astext()
        if "html" in node.get("format", "").split() and not well_formed(text):
            self.body.append(as_xhtml(text))
            raise nodes.SkipNode
        super().visit_raw(node)  # type: ignore[misc]

    def depart_desc(self, node: addnodes.desc) -> None:
        if not any(isinstance(child, addnodes.desc_content) for child in node.children):
            self.body.append("<dd></dd>")
        super().depart_desc(node)  # type: ignore[misc]
