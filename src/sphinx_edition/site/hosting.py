"""``sphinx_edition.site.hosting``: what hosts, search engines and link
previews read.

* a description and OpenGraph tags on every page: a page's own description
  (MyST ``html_meta``) if it has one, else its opening words cut at the end
  of a sentence, never mid-word; pages without a source (search, index, 404)
  get the site's description;
* ``sitemap.xml``: every document of the project, whichever pages this
  build wrote (sphinx-sitemap lists only the pages a build writes, so an
  incremental build publishes a partial sitemap, and it starts a server
  process to collect them);
* ``robots.txt``, pointing at the sitemap (both derive from ``html_baseurl``).
"""

from __future__ import annotations

import html
import re
from fnmatch import fnmatch
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from docutils import nodes
from sphinx.application import Sphinx

from sphinx_edition import __version__
from sphinx_edition.outputs import is_site
from sphinx_edition.reporting import reported


def site_description(app: Sphinx) -> str:
    return app.config.epub_description or app.config.project


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap_xml(app: Sphinx) -> bytes:
    """A sitemap of every document, in a stable order, from the environment."""
    base = app.config.html_baseurl
    base = base if base.endswith("/") else base + "/"
    root = ElementTree.Element("urlset", xmlns=SITEMAP_NS)
    for docname in sorted(app.env.found_docs):
        if any(fnmatch(docname, pattern) for pattern in app.config.site_sitemap_excludes):
            continue
        url = ElementTree.SubElement(root, "url")
        ElementTree.SubElement(url, "loc").text = base + app.builder.get_target_uri(docname)
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def robots_txt(baseurl: str) -> str:
    base = baseurl if baseurl.endswith("/") else baseurl + "/"
    return f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n"


# A sentence ends with a full stop, question or exclamation mark, perhaps
# closed by quotes or a bracket: in Latin text before a space or the end, in
# CJK text (which puts no space between sentences) anywhere.
SENTENCE_END = re.compile(
    '(?<=[.!?])["\u201d\u2019)]*(?:\\s|$)|(?<=[\u3002\uff01\uff1f])[\u201d\u300d\u300f)]*'
)


def opening_words(doctree: nodes.document | None, limit: int) -> str:
    """A page's opening text, whole sentences only, at most ``limit`` characters.

    The first paragraphs are read in order; the text is cut after the last
    sentence that fits. A first sentence longer than the limit is cut at a
    word and ends with an ellipsis.
    """
    if doctree is None:
        return ""
    text = ""
    for para in doctree.findall(nodes.paragraph):
        text = f"{text} {' '.join(para.astext().split())}".strip()
        if len(text) >= limit:
            break
    if len(text) <= limit:
        return text
    ends = [m.end() for m in SENTENCE_END.finditer(text) if m.end() <= limit + 1]
    if ends:
        return text[: ends[-1]].strip()
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def tag(attribute: str, name: str, content: str) -> str:
    return f'\n<meta {attribute}="{name}" content="{html.escape(content, quote=True)}" />'


@reported
def on_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if not is_site(app):
        return
    metatags = context.get("metatags", "")
    # A page that states its own description (MyST html_meta) keeps it.
    own = 'name="description"' in metatags
    description = opening_words(doctree, app.config.site_description_length)
    description = description or site_description(app)
    base = app.config.html_baseurl
    tags = [] if own else [tag("name", "description", description)]
    tags += [
        tag("property", "og:title", context.get("title") or app.config.project),
        tag("property", "og:type", "website"),
        tag("property", "og:site_name", app.config.project),
        tag("property", "og:description", description),
    ]
    if base:
        tags.append(tag("property", "og:url", base + app.builder.get_target_uri(pagename)))
    context["metatags"] = metatags + "".join(tags)


@reported
def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    # Without an address there is nothing to list or point at.
    if exception is None and is_site(app) and app.config.html_baseurl:
        (Path(app.outdir) / "sitemap.xml").write_bytes(sitemap_xml(app))
        robots = robots_txt(app.config.html_baseurl)
        (Path(app.outdir) / "robots.txt").write_text(robots, encoding="utf-8")


@reported
def drop_translated_flag(app: Sphinx, doctree: nodes.document) -> None:
    """A translated ``<meta>`` (a page's description) keeps Sphinx's working
    flag ``translated``, and the HTML writer prints every attribute of a meta
    node: an attribute HTML and EPUBCheck reject. It is not needed after
    translation."""
    for node in doctree.findall(nodes.meta):
        node.attributes.pop("translated", None)


def setup(app: Sphinx) -> dict[str, Any]:
    # Longest description, in characters (search engines show about 160).
    app.add_config_value("site_description_length", 200, "html", types=[int])
    # Documents (glob patterns of their names) to leave out of the sitemap.
    app.add_config_value("site_sitemap_excludes", [], "html", types=[list])
    # After MyST and the theme have filled the page's metatags.
    app.connect("html-page-context", on_page_context, priority=600)
    app.connect("doctree-read", drop_translated_flag)
    app.connect("build-finished", on_build_finished)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
