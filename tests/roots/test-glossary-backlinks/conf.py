"""A tiny book: two essay pages using glossary terms, one glossary page."""

project = "Backlinks Test"
author = "A. Tester"
version = release = "0.1"
copyright = "2026, A. Tester"
language = "en"
extensions = ["myst_parser", "sphinx_edition.glossary.backlinks"]
glossary_usage_prefix = "essay/"
glossary_required_terms = ["widget"]
glossary_check_unused = True
nitpicky = True
epub_identifier = "urn:uuid:00000000-0000-4000-8000-0000000000b1"
epub_uid = "book-id"
epub_description = "A test book."
epub_contributor = "Nobody"
epub_publisher = "Test Press"
epub_use_index = False
glossary_backlinks_label = "Used in the essay:"
