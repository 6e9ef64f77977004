"""A two-page book whose second page (with an image of its own) a test
removes between two builds into one folder."""

project = "Test Incremental Book"
author = "A. Tester"
version = release = "0.1"
copyright = "2026, A. Tester"
language = "en"
extensions = ["sphinx_edition.epub"]
epub_basename = "incremental"
epub_identifier = "urn:uuid:00000000-0000-4000-8000-000000000003"
epub_uid = "book-id"
epub_description = "A test book."
epub_contributor = "Nobody"
epub_publisher = "Test Press"
epub_use_index = False
epub_a11y_summary = "Test summary."
epub_a11y_certified_by = "A. Tester"
