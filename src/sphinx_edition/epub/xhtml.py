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
  closed where the block ends, character references resolved, ``svg`` and
  ``math`` in their own namespaces (sphinx-design's icons have none), and
  what would load from the network (EPUBCheck RSC-006) left out: a remote
  image gives way to its alt text. A book has no forms: a checkbox (MyST's
  task lists) becomes a mark named for assistive technology, a text area
  preformatted text. A block that needs none of this is written as it is.
* A ``<meta http-equiv="refresh">`` (a page that redirects a website's
  readers) is left out: in a book it would navigate away.
* An image Sphinx could not download (``supported_remote_images`` is off for
  the ePub, and the build may be offline) would stay a remote reference
  (RSC-006): its alt text is written in its place. Both are reported, at
  their source lines, by ``sphinx_edition.loads``.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser
from typing import Any
from xml.etree import ElementTree

from docutils import nodes
from sphinx import addnodes

from sphinx_edition.loads import ACTIVE, LOADING, is_remote

NAMESPACES = {"svg": "http://www.w3.org/2000/svg", "math": "http://www.w3.org/1998/Math/MathML"}

# HTML's elements; another name (a typo MyST took for inline HTML, <literalid>)
# is no element of XHTML's, and only its content is written. Custom elements
# (a hyphen in the name) are HTML's too.
HTML_ELEMENTS = frozenset(
    """a abbr address area article aside audio b bdi bdo blockquote br button canvas
    caption cite code col colgroup data datalist dd del details dfn dialog div dl dt em
    embed fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr i
    iframe img input ins kbd label legend li link main map mark menu meta meter nav
    noscript object ol optgroup option output p picture pre progress q rp rt ruby s samp
    script search section select slot small source span strong style sub summary sup
    table tbody td template textarea tfoot th thead time title tr track u ul var video
    wbr math svg""".split()  # noqa: SIM905 (a list of words)
)
# HTML's boolean attributes: in XHTML their value is "" or their own name.
BOOLEAN = frozenset(
    """allowfullscreen async autofocus autoplay checked controls default defer disabled
    formnovalidate hidden inert ismap itemscope loop multiple muted nomodule novalidate open
    playsinline readonly required reversed selected""".split()  # noqa: SIM905
)
# HTML's void elements: written closed in XHTML.
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    | {"track", "wbr"}
)


# An attribute in a start tag, for the names' case (HTMLParser lowers it, and
# SVG's viewBox or linearGradient are not viewbox and lineargradient in XML).
ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
TAG_NAME = re.compile(r"<\s*([^\s/>]+)")


class _Xhtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.skipping: list[str] = []  # the open elements of one left out

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]], close: bool) -> str:
        parts = [tag]
        for name, value in attrs:
            if value is None or name in BOOLEAN:
                value = name
            parts.append(f'{name}="{escape(value)}"')
        return f"<{' '.join(parts)}{' /' if close else ''}>"

    def _remote(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        name = ACTIVE.get(tag) or LOADING.get(tag)
        return bool(name) and any(k == name and is_remote(v or "") for k, v in attrs)

    def _as_written(
        self, tag: str, attrs: list[tuple[str, str | None]]
    ) -> tuple[str, list[tuple[str, str | None]]]:
        """The tag's and attributes' names in the case the author wrote them."""
        if tag not in NAMESPACES and not any(name in NAMESPACES for name in self.open):
            return tag, attrs  # HTML: lower case, as XHTML has it
        text = self.get_starttag_text() or ""
        match = TAG_NAME.match(text)
        if not match or match.group(1).lower() != tag:
            return tag, attrs
        names = ATTRIBUTE.findall(text[match.end() :].rstrip(">").rstrip("/"))
        if [n.lower() for n in names] != [n for n, _ in attrs]:
            return match.group(1), attrs
        return match.group(1), [(n, v) for n, (_, v) in zip(names, attrs, strict=True)]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag, attrs = self._as_written(tag, attrs)
        if self.skipping:
            if tag not in VOID:
                self.skipping.append(tag)
            return
        foreign = any(name in NAMESPACES for name in self.open)
        if not foreign and tag not in HTML_ELEMENTS and "-" not in tag:
            return  # not an element: its content stays
        if tag in NAMESPACES and not any(name == "xmlns" for name, _ in attrs):
            attrs = [("xmlns", NAMESPACES[tag]), *attrs]
        values = dict(attrs)
        if tag == "input" and (values.get("type") or "").lower() == "checkbox":
            # A book has no forms: a task list's box is a mark, named for
            # assistive technology (an unlabelled input is Ace's "label").
            done = "checked" in values
            classes = escape(" ".join([*(values.get("class") or "").split(), "checkbox"]))
            self.out.append(
                f'<span class="{classes}" role="img" '
                f'aria-label="{"done" if done else "not done"}">{"☑" if done else "☐"}</span>'
            )
            return
        if tag == "textarea":  # read, not typed into
            tag, attrs = "pre", [("class", "textarea")]
        if self._remote(tag, attrs):
            alt = dict(attrs).get("alt") if tag == "img" else None
            if alt:
                self.out.append(f'<span class="remote-image">{escape(alt)}</span>')
            if tag not in VOID:
                self.skipping.append(tag)  # its content goes too
        elif tag in VOID:
            self.out.append(self._tag(tag, attrs, close=True))
        else:
            self.out.append(self._tag(tag, attrs, close=False))
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        tag = "pre" if tag == "textarea" else tag
        if self.skipping:
            if tag in [t.lower() for t in self.skipping]:
                while self.skipping and self.skipping.pop().lower() != tag:
                    pass
            return
        if tag not in [t.lower() for t in self.open]:
            return  # a stray end tag closes nothing
        while self.open:
            last = self.open.pop()
            self.out.append(f"</{last}>")
            if last.lower() == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(escape(data, quote=False))

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data.replace('--', '- -')}-->")

    def close(self) -> None:
        super().close()
        while self.open:
            self.out.append(f"</{self.open.pop()}>")


def fit_for_xhtml(html: str) -> bool:
    """Whether raw HTML can go into an XHTML page as it is: well-formed,
    ``svg`` and ``math`` in their namespaces, nothing loaded from the network."""
    try:
        root = ElementTree.fromstring(f"<div>{html}</div>")
    except ElementTree.ParseError:
        return False
    for element in root.iter():
        tag = element.tag
        if tag in NAMESPACES or tag != tag.lower():  # an HTML-namespace svg, or <IMG>
            return False
        if not tag.startswith("{") and tag not in HTML_ELEMENTS and "-" not in tag:
            return False
        if any(k in BOOLEAN and v not in ("", k) for k, v in element.attrib.items()):
            return False
        if tag == "textarea" or (tag == "input" and element.get("type") == "checkbox"):
            return False
        name = ACTIVE.get(tag) or LOADING.get(tag)
        if name and is_remote(element.get(name, "")):
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


OWN_MODULES = frozenset({"docutils", "sphinx", "sphinx_edition", "myst_parser"})


def is_extensions(node: nodes.Node) -> bool:
    """Whether another extension's visitor writes ``node`` (as a string)."""
    return type(node).__module__.split(".")[0] not in OWN_MODULES


class XhtmlMarkup:
    """Translator mixin for the ePub's HTML translator."""

    body: list[str]
    context: list[str]

    # Another extension's node is written by its own visitor, as text it
    # appends (sphinx-design's tabs write <input ...> unclosed, its icons
    # <svg> without a namespace). What it wrote, children and all, is taken
    # through as_xhtml when it departs, if it is not fit for XHTML as it is.
    def dispatch_visit(self, node: nodes.Node) -> None:
        if not is_extensions(node):
            super().dispatch_visit(node)  # type: ignore[misc]
            return
        starts: list[int] = self.__dict__.setdefault("_extension_starts", [])
        starts.append(len(self.body))
        try:
            super().dispatch_visit(node)  # type: ignore[misc]
        except nodes.SkipNode:
            self._mend_since(starts.pop())
            raise

    def dispatch_departure(self, node: nodes.Node) -> None:
        super().dispatch_departure(node)  # type: ignore[misc]
        if is_extensions(node):
            self._mend_since(self.__dict__["_extension_starts"].pop())

    def _mend_since(self, start: int) -> None:
        written = "".join(self.body[start:])
        if not fit_for_xhtml(written):
            self.body[start:] = [as_xhtml(written)]
        record = getattr(self.builder, "page_record", None)  # type: ignore[attr-defined]
        if record is not None and "<svg" in written:
            record.svg = True  # the package declares inline SVG

    def starttag(self, node: nodes.Element, tagname: str, *args: Any, **atts: Any) -> str:
        for name, value in list(atts.items()):
            if value is True or (name.lower() in BOOLEAN and value not in (False, None)):
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
        if "html" in node.get("format", "").split() and not fit_for_xhtml(text):
            self.body.append(as_xhtml(text))
            raise nodes.SkipNode
        super().visit_raw(node)  # type: ignore[misc]

    def visit_image(self, node: nodes.image) -> None:
        if is_remote(node["uri"]):
            alt = node.get("alt", "")
            if alt:
                self.body.append(self.starttag(node, "span", "", CLASS="remote-image"))
                self.body.append(escape(alt, quote=False) + "</span>")
            raise nodes.SkipNode
        super().visit_image(node)  # type: ignore[misc]

    def visit_meta(self, node: nodes.Element) -> None:
        # A page kept to send a website's readers elsewhere (``.. meta::``
        # with ``:http-equiv=refresh:``) would send a reading system
        # elsewhere too, out of the book (Ace stops on it): in the book the
        # page stays where it is.
        if node.get("http-equiv", "").lower() == "refresh":
            raise nodes.SkipNode
        super().visit_meta(node)  # type: ignore[misc]

    def depart_desc(self, node: addnodes.desc) -> None:
        if not any(isinstance(child, addnodes.desc_content) for child in node.children):
            self.body.append("<dd></dd>")
        super().depart_desc(node)  # type: ignore[misc]
