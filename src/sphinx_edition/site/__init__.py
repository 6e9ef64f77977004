"""The website: which builds count as the site, and its extensions
(``assets``: one stylesheet and script per page; ``hosting``: what hosts and
search engines read; ``incremental``: an edit rewrites the pages it affects,
and the search index keeps every page)."""

from __future__ import annotations

from sphinx.application import Sphinx

# HTML builders that make the website; the ePub builder writes HTML too, and
# so does singlehtml, but neither is a page of the site.
SITE_BUILDERS = frozenset({"html", "dirhtml"})


def is_site(app: Sphinx) -> bool:
    builder = getattr(app, "builder", None)
    return builder is not None and builder.name in SITE_BUILDERS
