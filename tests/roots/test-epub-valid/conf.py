"""A small reST project with each thing that made Sphinx's ePub invalid (issue
24): a page in two toctrees, a glossary entry with two terms, a C alias (a
description with no content), a parameter described in two paragraphs and
a list, labels stacked over a paragraph, links to the search page, the
index and a site address, images in _static and a folder's own _static,
an orphan page nothing links to and one a page links to."""

project = "Test Valid Book"
author = "A. Tester"
version = release = "0.1"
copyright = "2026, A. Tester"
language = "en"
# toggles: another extension's nodes (tests/epub/toggles.py, importable
# where pytest's pythonpath puts tests/epub).
extensions = ["sphinx_edition.epub", "toggles"]
html_static_path = ["_static"]
epub_identifier = "urn:uuid:00000000-0000-4000-8000-000000000241"
epub_uid = "book-id"
epub_description = "A test book."
epub_contributor = "Nobody"
epub_publisher = "Test Press"
epub_use_index = False
