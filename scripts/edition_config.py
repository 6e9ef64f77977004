"""The edition's Sphinx configuration, read the way Sphinx reads it.

Scripts that need a fact from ``docs/conf.py`` (the title, the site's
address) ask Sphinx's ``Config`` for it. No application is made: one would
run every extension's set-up (sphinx-sitemap starts a server process), which
a script or a test process has no use for. Values a builder registers rather
than Sphinx's core are registered here, for the few the scripts read.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.config import Config
from sphinx.util.tags import Tags

from sphinx_edition.site.assets import PAGE_BUDGET

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
# name -> (default, rebuild): values of builders and extensions, not of Sphinx's core.
BUILDER_VALUES = {
    "html_baseurl": ("", "html"),
    "edition_languages": ({}, "env"),
    # The page-weight budget (tests/site/test_weight.py, scripts/bench.py).
    "site_page_budget": (PAGE_BUDGET, ""),
    # sphinx_edition.cache, which publishing (build_book.py) also uses.
    "edition_shared_cache": (True, ""),
}


def read_config(docs: Path = DOCS) -> Config:
    config = Config.read(docs, overrides={}, tags=Tags())
    for name, (default, rebuild) in BUILDER_VALUES.items():
        config.add(name, default, rebuild, frozenset({type(default)}))
    config.init_values()
    return config
