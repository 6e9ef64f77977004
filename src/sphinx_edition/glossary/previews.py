"""Glossary previews: each page carries the definitions of the terms it links.

For every page of the website, the links to glossary entries get
``aria-describedby`` (screen readers announce the definition as the link's
description) and ``data-term-preview`` (``site.js`` shows it in a popover on
hover or focus). The definitions themselves go into a hidden block at the
end of the page, only those the page uses, so a preview needs no request.

A definition is its entry's paragraphs as plain text; anything marked with a
class in ``EXCLUDED_CLASSES`` (the list of places that use the term) is left
out. The ePub is not touched: e-readers have their own glossary pop-ups.
"""

from __future__ import annotations

import html
import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

# Parts of a glossary entry that are not its definition.
EXCLUDED_CLASSES = {"glossary-backlinks", "glossary-backlinks-lead"}
# The start tag of a link to a glossary entry, as Sphinx's HTML writer emits it.
TERM_LINK = re.compile(r'<a class="reference internal" href="(?P<href>[^"]*#(?P<id>term-[^"]+))"')


def preview_id(term_id: str) -> str:
    return f"tp-{term_id}"


def definition_text(definition: nodes.definition) -> list[str]:
    """The paragraphs of a definition, as plain text."""
    paragraphs = []
    for para in definition.findall(nodes.paragraph):
        if any(EXCLUDED_CLASSES & set(el.get("classes", [])) for el in _lineage(para)):
            continue
        text = " ".join(para.astext().split())
        if text:
            paragraphs.append(text)
    return paragraphs


def _lineage(node: nodes.Element) -> list[nodes.Element]:
    out = []
    current: nodes.Node | None = node
    while current is not None and not isinstance(current, nodes.definition):
        if isinstance(current, nodes.Element):
            out.append(current)
        current = current.parent
    return out


def collect_definitions(app: Sphinx) -> dict[str, tuple[str, list[str]]]:
    """term id -> (term as written, definition paragraphs), from every glossary."""
    env = app.env
    found: dict[str, tuple[str, list[str]]] = {}
    docnames = {
        docname
        for (objtype, _name), (docname, _labelid) in _std_objects(env).items()
        if objtype == "term"
    }
    for docname in sorted(docnames):
        doctree = env.get_doctree(docname)
        for item in doctree.findall(nodes.definition_list_item):
            terms = [t for t in item.children if isinstance(t, nodes.term)]
            definitions = [d for d in item.children if isinstance(d, nodes.definition)]
            if not definitions:
                continue
            text = definition_text(definitions[0])
            for term in terms:
                for term_id in term.get("ids", []):
                    if term_id.startswith("term-"):
                        found[term_id] = (term.astext(), text)
    return found


def _std_objects(env: Any) -> dict[tuple[str, str], tuple[str, str]]:
    return env.domaindata["std"]["objects"]


def is_site(app: Sphinx) -> bool:
    return app.builder.format == "html" and app.builder.name not in ("epub", "epub3")


def add_previews(body: str, definitions: dict[str, tuple[str, list[str]]]) -> str:
    """Mark the term links in ``body`` and append the definitions they use."""
    used: list[str] = []

    def mark(match: re.Match[str]) -> str:
        term_id = match.group("id")
        if term_id not in definitions:
            return match.group(0)
        if term_id not in used:
            used.append(term_id)
        pid = preview_id(term_id)
        return f'{match.group(0)} aria-describedby="{pid}" data-term-preview="{pid}"'

    body = TERM_LINK.sub(mark, body)
    if not used:
        return body
    blocks = []
    for term_id in used:
        term, paragraphs = definitions[term_id]
        text = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        blocks.append(
            f'<div id="{preview_id(term_id)}" data-term="{html.escape(term)}">{text}</div>'
        )
    return body + '\n<div class="term-preview-source" hidden>' + "".join(blocks) + "</div>\n"


def on_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if not is_site(app) or "body" not in context:
        return
    definitions = getattr(app, "_term_previews", None)
    if definitions is None:
        definitions = collect_definitions(app)
        app._term_previews = definitions  # type: ignore[attr-defined]
    context["body"] = add_previews(context["body"], definitions)


def on_builder_inited(app: Sphinx) -> None:
    app._term_previews = None  # type: ignore[attr-defined]


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", on_builder_inited)
    app.connect("html-page-context", on_page_context)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
