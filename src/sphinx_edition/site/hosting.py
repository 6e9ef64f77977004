"""What a host and a search engine look for, beyond what the ecosystem's extensions do.

* ``robots.txt``, pointing at the sitemap (both derive from ``html_baseurl``);
* a meta description and OpenGraph tags on the pages that have no source
  (search, index, 404), which sphinxext-opengraph skips;
* sphinx-sitemap runs for the website only: it would otherwise write a
  sitemap of ``.xhtml`` files into the ePub's working folder.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx


def is_site(app: Sphinx) -> bool:
    return app.builder.format == "html" and app.builder.name not in ("epub", "epub3")


def site_description(app: Sphinx) -> str:
    return app.config.epub_description or app.config.project


def robots_txt(baseurl: str) -> str:
    base = baseurl if baseurl.endswith("/") else baseurl + "/"
    return f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n"


def on_builder_inited(app: Sphinx) -> None:
    if is_site(app):
        return
    # Not the website: unhook sphinx-sitemap (its listeners are module-level
    # functions of the sphinx_sitemap package).
    for listeners in app.events.listeners.values():
        for listener in list(listeners):
            if getattr(listener.handler, "__module__", "").startswith("sphinx_sitemap"):
                app.disconnect(listener.id)


def on_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if not is_site(app) or 'name="description"' in context.get("metatags", ""):
        return
    title = html.escape(context.get("title") or app.config.project, quote=True)
    desc = html.escape(site_description(app), quote=True)
    url = app.config.html_baseurl + app.builder.get_target_uri(pagename)
    context["metatags"] = context.get("metatags", "") + (
        f'\n<meta name="description" content="{desc}" />'
        f'\n<meta property="og:title" content="{title}" />'
        f'\n<meta property="og:type" content="website" />'
        f'\n<meta property="og:url" content="{html.escape(url, quote=True)}" />'
        f'\n<meta property="og:site_name" content="{html.escape(app.config.project)}" />'
        f'\n<meta property="og:description" content="{desc}" />'
    )


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and is_site(app):
        robots = robots_txt(app.config.html_baseurl)
        (Path(app.outdir) / "robots.txt").write_text(robots, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", on_builder_inited)
    # After sphinxext-opengraph (priority 500) has added its tags.
    app.connect("html-page-context", on_page_context, priority=600)
    app.connect("build-finished", on_build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
