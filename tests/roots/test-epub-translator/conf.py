"""A book whose conf.py registers its own ePub translator, as an extension might."""

from sphinx.writers.html5 import HTML5Translator

project = "Test Translator Book"
author = "A. Tester"
version = release = "0.1"
copyright = "2026, A. Tester"
language = "en"
extensions = ["sphinx_edition.epub"]
epub_identifier = "urn:uuid:00000000-0000-4000-8000-000000000003"
epub_uid = "book-id"
epub_description = "A test book."
epub_contributor = "Nobody"
epub_publisher = "Test Press"
epub_a11y_summary = "Test summary."


class OtherTranslator(HTML5Translator):
    """Stands for a translator some other extension registers."""


def setup(app):
    app.set_translator("epub", OtherTranslator)
