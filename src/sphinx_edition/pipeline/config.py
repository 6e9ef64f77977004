"""``conf.py`` read the way Sphinx reads it, without an application.

No application is made: one would run every extension's set-up and load the
environment, which the pipeline has no use for before it builds. The values
our extensions register that the pipeline reads are registered here from
the extensions' own declarations (``CONFIG_VALUES``), so each has one home.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sphinx.config import Config
from sphinx.util.tags import Tags

from sphinx_edition import editions

Declarations = Mapping[str, tuple[Any, str, frozenset[type]]]

# Sphinx's HTML builder registers html_baseurl when an application loads it;
# a Config read without one must be told of it to read it.
SPHINX_HTML_VALUES: Declarations = {"html_baseurl": ("", "html", frozenset({str}))}


def read_config(docs: Path, *declarations: Declarations) -> Config:
    """The configuration in ``docs/conf.py``, with ``edition_languages`` and
    any further ``declarations`` (name -> (default, rebuild, types)) known."""
    config = Config.read(docs.resolve(), overrides={}, tags=Tags())
    for values in (editions.CONFIG_VALUES, *declarations):
        for name, (default, rebuild, types) in values.items():
            if name not in config:
                config.add(name, default, rebuild, types)
    config.init_values()
    return config
