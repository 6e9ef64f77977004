"""A tiny book with a content image, a cover, and optionally an image without alt."""

project = "Test Image Book"
author = "A. Tester"
version = release = "0.1"
copyright = "2026, A. Tester"
language = "en"
extensions = ["sphinx_edition.epub"]
html_static_path = ["_static"]
epub_identifier = "urn:uuid:00000000-0000-4000-8000-000000000002"
epub_uid = "book-id"
epub_description = "A test book."
epub_contributor = "Nobody"
epub_publisher = "Test Press"
epub_use_index = False
epub_cover = ("_static/cover.png", "")
epub_a11y_summary = "Test summary."
epub_a11y_certified_by = "A. Tester"
