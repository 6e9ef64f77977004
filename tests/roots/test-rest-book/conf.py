"""A small reST book written the way many projects are: a glossary whose
entries have synonyms, a second glossary in another folder, and terms used
across folders. No cover, no required entries."""

project = "Rest Book"
author = "A. Tester"
version = release = "0.1"
copyright = "2026, A. Tester"
language = "en"
extensions = ["sphinx_edition.glossary.backlinks", "sphinx_edition.epub", "sphinx_edition.checks"]
glossary_check_unused = True
nitpicky = True
exclude_patterns = ["_build"]
epub_identifier = "urn:uuid:00000000-0000-4000-8000-0000000000c1"
epub_uid = "book-id"
epub_description = "A test book."
epub_contributor = "Nobody"
epub_publisher = "Test Press"
epub_a11y_summary = "Test summary."
