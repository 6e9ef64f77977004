"""``sphinx_edition.glossary``: record glossary entries and term uses, and check them.

Loads the collector (the one owner of glossary data, see ``model.py``) and
the checks. Other extensions of this package that need the data set this one
up themselves.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from sphinx_edition import __version__
from sphinx_edition.glossary import checks
from sphinx_edition.glossary.collector import GlossaryCollector


def replace_sphinx_warning(app: Sphinx, config: Config) -> None:
    # Sphinx's own unknown-term warning names the paragraph's first line;
    # checks.report_unknown_term gives the role's own line instead.
    if "ref.term" not in config.suppress_warnings:
        config.suppress_warnings = [*config.suppress_warnings, "ref.term"]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("glossary_required_terms", [], "env", types=[list])
    # Pages whose uses count (and are linked back to): a docname prefix, or ""
    # for every page that holds no glossary.
    app.add_config_value("glossary_usage_prefix", "", "env", types=[str])
    app.add_config_value("glossary_check_unused", False, "env", types=[bool])
    # Sorted glossaries and the index in the order of the build's language.
    app.setup_extension("sphinx_edition.glossary.collation")
    app.add_env_collector(GlossaryCollector)
    app.connect("config-inited", replace_sphinx_warning)
    app.connect("env-check-consistency", checks.check)
    app.connect("missing-reference", checks.report_unknown_term)
    return {
        "version": __version__,
        # 3: one GlossaryIndex with entries (names, anchors, definitions) and uses.
        "env_version": 3,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
