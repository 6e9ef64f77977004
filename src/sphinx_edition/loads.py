"""What a page loads and runs, recorded while the page is written.

A book read offline (the ePub, the PDF) can neither fetch a remote image nor,
in the PDF, run a script, and the ePub must declare in its package what its
pages load and run. Both builders learn it the same way, while each page is
written, never by reading the page back:

* from the doctree, through the translator (:class:`RecordingMarkup`): each
  image as written, each link to another file, each section heading, and
  the tags of raw HTML (the author's own text, read from the ``raw`` node);
* from the page template's context (:func:`PageRecord.note_context`): the
  stylesheets every page links, and the scripts and icon a template that
  is not embedded writes (Sphinx's ``basic/layout.html``).

Every entry keeps the node's source file and line, so a problem is reported
where the editor can fix it, named the way the source writes it
(:func:`construct`).
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from docutils import nodes
from docutils.utils import get_source_line
from sphinx.util import logging

logger = logging.getLogger(__name__)

# Raw HTML tags that run or embed something; what they load comes from these attributes.
ACTIVE = {"script": "src", "iframe": "src", "frame": "src", "object": "data", "embed": "src"}
LOADING = {
    "img": "src",
    "source": "src",
    "audio": "src",
    "video": "src",
    "track": "src",
    "input": "src",
    "link": "href",
}


@dataclass
class Found:
    """One thing a page loads, runs or shows, and where its source says so."""

    kind: str  # "image", "stylesheet", "script", "iframe", "object", ...
    url: str  # as the page writes it: relative to the page, or remote ("" inline)
    source: str = ""  # the source file (empty for what a template wrote)
    line: int | None = None
    construct: str = ""  # how the source writes it (see construct())
    alt: str | None = None  # an image's text alternative, None if it has none

    @property
    def location(self) -> str | None:
        """``file:line``, as Sphinx writes a node's location in a warning."""
        if not self.source:
            return None
        return f"{self.source}:{self.line}" if self.line else f"{self.source}:"

    @property
    def remote(self) -> bool:
        return is_remote(self.url)


@dataclass
class PageRecord:
    """What one written page loads, shows and links to."""

    found: list[Found] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # other files, relative to the page
    headings: int = 0
    svg: bool = False  # inline SVG (raw HTML, or written by an extension's node)

    def images(self) -> list[Found]:
        return [f for f in self.found if f.kind == "image"]

    def scripted(self) -> bool:
        return any(f.kind == "script" for f in self.found)

    def problems(self) -> list[Found]:
        """What a book read offline cannot have: scripts, embedded frames and
        objects, anything remote a page loads (links are followed, not loaded)."""
        return [f for f in self.found if f.kind in ACTIVE or f.remote]

    def loads(self) -> list[str]:
        """Every URL the page loads, as written."""
        return [f.url for f in self.found if f.url]

    def note_context(self, ctx: dict[str, Any]) -> None:
        """The stylesheets (and, unless embedded, scripts and icon) the
        template writes for the page, from ``html-page-context``'s context."""
        pathto = ctx["pathto"]
        for css in ctx.get("css_files") or ():
            name = str(getattr(css, "filename", css))
            self.found.append(Found("stylesheet", pathto(name, resource=True)))
        if ctx.get("embedded"):
            return
        for js in ctx.get("script_files") or ():
            name = str(getattr(js, "filename", js) or "")
            self.found.append(Found("script", pathto(name, resource=True) if name else ""))
        if ctx.get("favicon_url"):
            self.found.append(Found("icon", ctx["favicon_url"]))

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PageRecord:
        record = cls(**data)
        record.found = [Found(**f) for f in data["found"]]
        return record


def is_remote(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc) and parts.scheme not in ("data", "mailto")


def local_target(base: str, ref: str) -> str | None:
    """The output-relative path ``ref`` points to from file ``base``, if local."""
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), unquote(parts.path)))


def construct(source: str, kind: str, uri: str = "") -> str:
    """How the source writes a raw HTML block or an image, in its own syntax."""
    markdown = source.endswith(".md")
    if kind == "raw":
        return "the HTML in the Markdown" if markdown else "the ``.. raw:: html`` block"
    return f"the image ``{uri}``" if markdown else f"the ``.. image:: {uri}``"


class _RawTags(HTMLParser):
    """The tags of a raw HTML snippet the author wrote, as ``Found`` entries."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Found] = []
        self.links: list[str] = []
        self.svg = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in ACTIVE:
            self.found.append(Found(tag, values.get(ACTIVE[tag], "")))
        elif tag == "img":
            self.found.append(Found("image", values.get("src", ""), alt=values.get("alt")))
        elif tag in LOADING and values.get(LOADING[tag]):
            self.found.append(Found(tag, values[LOADING[tag]]))
        elif tag == "svg":
            self.svg = True
        elif tag == "a" and values.get("href"):
            self.links.append(values["href"])
        if any(name.startswith("on") for name in values):  # onclick=... runs a script
            self.found.append(Found("script", ""))

    handle_startendtag = handle_starttag


def _where(node: nodes.Node) -> tuple[str, int | None]:
    source, line = get_source_line(node)
    return os.path.abspath(source) if source else "", line


class RecordingMarkup:
    """Translator mixin: notes into ``builder.page_record`` (when the builder
    keeps one) what the page being written loads, shows and links to."""

    builder: Any

    @property
    def _record(self) -> PageRecord | None:
        return getattr(self.builder, "page_record", None)

    def visit_raw(self, node: nodes.raw) -> None:
        record = self._record
        if record is not None and "html" in node.get("format", "").split():
            parser = _RawTags()
            parser.feed(node.astext())
            parser.close()
            source, line = _where(node)
            for found in parser.found:
                found.source, found.line = source, line
                found.construct = construct(source, "raw")
            record.found += parser.found
            record.links += [u for u in parser.links if not is_remote(u)]
            record.svg = record.svg or parser.svg
        super().visit_raw(node)  # type: ignore[misc]

    def visit_image(self, node: nodes.image) -> None:
        record = self._record
        if record is not None:
            source, line = _where(node)
            uri = node["uri"]
            images = getattr(self.builder, "images", {})
            # What the page writes: Sphinx's translator rewrites the URI of
            # an image it copies to the builder's image folder.
            written = (
                posixpath.join(self.builder.imgpath, quote(images[uri])) if uri in images else uri
            )
            how = construct(source, "image", uri)
            record.found.append(Found("image", written, source, line, how, node.get("alt")))
        super().visit_image(node)  # type: ignore[misc]

    def visit_reference(self, node: nodes.reference) -> None:
        record = self._record
        uri = node.get("refuri", "")
        if record is not None and uri and not is_remote(uri) and not uri.startswith("#"):
            record.links.append(uri)
        super().visit_reference(node)  # type: ignore[misc]

    def visit_title(self, node: nodes.title) -> None:
        record = self._record
        if record is not None and isinstance(node.parent, nodes.section):
            record.headings += 1
        super().visit_title(node)  # type: ignore[misc]


VERBS = {"script": "runs", "iframe": "embeds", "frame": "embeds", "object": "embeds"}


def report_problems(record: PageRecord, output: str, warning_type: str) -> None:
    """Warn, at its source line, about each thing ``output`` cannot have offline."""
    for found in record.problems():
        verb = VERBS.get(found.kind, "loads")
        what = f"<{found.kind}>" if found.kind in ACTIVE else f"a remote {found.kind}"
        url = f" {found.url}" if found.url and found.url not in found.construct else ""
        logger.warning(
            "%s must work offline, but %s here %s %s%s: remove it, or keep it out of "
            "%s with an 'only' block",
            output,
            found.construct or "the page template",
            verb,
            what,
            url,
            output,
            location=found.location,
            type=warning_type,
            subtype="offline",
        )
