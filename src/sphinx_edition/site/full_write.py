"""Rewrite every HTML page on each build; re-read only what changed.

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


def every_page(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    # The ePub's working folder starts empty on every build, so it writes all
    # pages anyway; only the site's builders need this.
    if app.builder.format != "html" or app.builder.name == "epub":
        return []
    return sorted(env.found_docs)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("env-get-updated", every_page)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
