"""A tiny book whose pages load what a book read offline cannot: a script and
a remote image in reST, a frame and a remote image in MyST."""

project = "Offline Test Book"
author = "A. Tester"
version = release = "0.1"
copyright = "2026, A. Tester"
language = "en"
extensions = ["myst_parser", "sphinx_edition.epub", "sphinx_edition.pdf"]
epub_identifier = "urn:uuid:00000000-0000-4000-8000-000000000024"
epub_uid = "book-id"
epub_description = "A test book."
epub_contributor = "Nobody"
epub_publisher = "Test Press"
epub_use_index = False
