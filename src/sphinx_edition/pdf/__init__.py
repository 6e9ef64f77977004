"""``sphinx_edition.pdf``: a tagged PDF of the whole book, through WeasyPrint.

``sphinx-build -b pdf`` writes ``<pdf_basename>.pdf`` (by default the
project's name made into a file name) into the output folder. The builder
(:mod:`.builder`) is Sphinx's single-page HTML builder with a theme of its
own (``theme/edition-pdf``: a title page and a print stylesheet with page
numbers, running heads and bookmarks); WeasyPrint lays the page out as a
PDF with a structure tree (:mod:`.render`). The title page's credits come
from ``sphinx_edition.cite`` when ``cite_metadata`` is set.

Website-only extensions (``sphinx_edition.site.*``, term previews) leave a
builder named ``pdf`` alone; the glossary's backlinks stay, as links within
the PDF.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.osutil import make_filename_from_project

from sphinx_edition import __version__
from sphinx_edition.loads import RecordingMarkup
from sphinx_edition.messages import add_catalog
from sphinx_edition.pdf.builder import THEME, PdfBuilder
from sphinx_edition.translators import mix_in

HERE = Path(__file__).parent


def default_basename(config: Config) -> str:
    return make_filename_from_project(config.project)


# name -> (default, rebuild, types): registered by setup() and by scripts and
# tests that read conf.py without an application.
CONFIG_VALUES: dict[str, tuple[Any, str, frozenset[type]]] = {
    # The PDF's file name, without ".pdf".
    "pdf_basename": (default_basename, "html", frozenset({str})),
}


def add_config_values(config: Config) -> None:
    """Register our values on a ``Config`` made without an application."""
    for name, (default, rebuild, types) in CONFIG_VALUES.items():
        if name not in config:
            config.add(name, default, rebuild, types)


def is_pdf(app: Sphinx) -> bool:
    return isinstance(app.builder, PdfBuilder)


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx.builders.singlehtml")
    app.setup_extension("sphinx_edition.cite")
    add_catalog(app)  # the title page's words
    for name, (default, rebuild, types) in CONFIG_VALUES.items():
        app.add_config_value(name, default, rebuild, types=types)
    app.add_html_theme(THEME, str(HERE / "theme" / THEME))
    app.add_builder(PdfBuilder)
    # What the page loads, noted while it is written (after other extensions
    # have registered their translators, as the ePub's is).
    app.connect("builder-inited", mix_in(RecordingMarkup, is_pdf), priority=900)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
