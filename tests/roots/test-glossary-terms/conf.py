"""A tiny book for glossary_terms alone: a glossary and one essay page."""

# sphinx.testing builds a copy of this root in a temporary folder, so docs/_ext
# cannot be found from here: tests/ext/conftest.py puts it on sys.path.

project = "Glossary Terms Test"
author = "A. Tester"
version = release = "0.1"
copyright = "2026, A. Tester"
language = "en"
extensions = ["myst_parser", "glossary_terms"]
glossary_usage_prefix = "essay/"
glossary_required_terms = ["widget"]
# glossary_terms reports unknown terms itself, at their own line.
suppress_warnings = ["ref.term"]
nitpicky = True
