"""A tiny glossary and a page that links two of its three entries."""

# sphinx.testing builds a copy of this root in a temporary folder, so docs/_ext
# cannot be found from here: tests/site/conftest.py puts it on sys.path.

project = "Previews Test"
author = "A. Tester"
version = release = "0.1"
copyright = "2026, A. Tester"
language = "en"
extensions = ["term_previews"]
exclude_patterns = ["_build"]
