"""``sphinx_edition.site.hosting``: what a host and a search engine look for,
beyond what the ecosystem's extensions (sphinx-sitemap, sphinxext-opengraph)
do.

* ``sitemap.xml``: every document of the project, whichever pages this
  build wrote (sphinx-sitemap lists only the pages a build writes, so an
  incremental build publishes a partial sitemap, and it starts a server
  process to collect them);
* ``robots.txt``, pointing at the sitemap (both derive from ``html_baseurl``);
* a meta description and OpenGraph tags on the pages that have no source
  (search, index, 404), which sphinxext-opengraph skips.
"""

from __future__ import annotations

import html
from fnmatch import fnmatch
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from sphinx.application import Sphinx

from sphinx_edition import __version__
from sphinx_edition.reporting import reported
from sphinx_edition.site import is_site


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


@reported
def on_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if not is_site(app) or 'name="description"' in context.get("metatags", ""):
        return
    base = app.config.html_baseurl
    title = html.escape(context.get("title") or app.config.project, quote=True)
    desc = html.escape(site_description(app), quote=True)
    url = html.escape(base + app.builder.get_target_uri(pagename), quote=True) if base else ""
    context["metatags"] = context.get("metatags", "") + (
        f'\n<meta name="description" content="{desc}" />'
        f'\n<meta property="og:title" content="{title}" />'
        f'\n<meta property="og:type" content="website" />'
        + (f'\n<meta property="og:url" content="{url}" />' if url else "")
        + f'\n<meta property="og:site_name" content="{html.escape(app.config.project)}" />'
        f'\n<meta property="og:description" content="{desc}" />'
    )


@reported
def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    # Without an address there is nothing to list or point at.
    if exception is None and is_site(app) and app.config.html_baseurl:
        (Path(app.outdir) / "sitemap.xml").write_bytes(sitemap_xml(app))
        robots = robots_txt(app.config.html_baseurl)
        (Path(app.outdir) / "robots.txt").write_text(robots, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    # Documents (glob patterns of their names) to leave out of the sitemap.
    app.add_config_value("site_sitemap_excludes", [], "html", types=[list])
    # After sphinxext-opengraph (priority 500) has added its tags.
    app.connect("html-page-context", on_page_context, priority=600)
    app.connect("build-finished", on_build_finished)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
