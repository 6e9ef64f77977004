"""The words our extensions write into a book themselves (front matter,
landmarks, the printed foot line), translated with Sphinx's public i18n API.

The catalog ``sphinx_edition`` lives in ``sphinx_edition/locale/<lang>/
LC_MESSAGES/``; an extension that writes such words calls :func:`add_catalog`
in its ``setup()`` and marks them with :data:`_`. A language without a catalog
gets the English. After editing a ``.po`` file, compile it (the ``.mo`` is
what gettext reads and what the package ships)::

    .venv/bin/pybabel compile -D sphinx_edition -d src/sphinx_edition/locale
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.locale import get_translation

CATALOG = "sphinx_edition"
LOCALE_DIR = Path(__file__).parent / "locale"

_ = get_translation(CATALOG)


def add_catalog(app: Sphinx) -> None:
    """Load the catalog for the build's language (once per application is enough;
    a second call changes nothing)."""
    app.add_message_catalog(CATALOG, str(LOCALE_DIR))
