"""``sphinx_edition.site.full_write``: rewrite every HTML page on each build;
re-read only what changed.

An incremental HTML build writes just the pages it re-read. Two outputs are
built from the pages written in *this* build, so they come out incomplete:
Sphinx's search index drops entries of pages it skipped (sphinx-doc/sphinx
issue 12599) and sphinx-sitemap lists only the pages it saw. Marking every
page as updated makes Sphinx write them all (cheap: this book has a dozen
pages) while reading stays incremental, so an incremental build publishes
exactly what a clean one does.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from sphinx_edition import __version__
from sphinx_edition.site import is_site


def every_page(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    # The ePub's working folder starts empty on every build, so it writes all
    # pages anyway; only the site's builders need this.
    if not is_site(app):
        return []
    return sorted(env.found_docs)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("env-get-updated", every_page)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
