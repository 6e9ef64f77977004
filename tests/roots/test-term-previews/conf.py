"""A tiny glossary and a page that links two of its three entries."""

project = "Previews Test"
author = "A. Tester"
version = release = "0.1"
copyright = "2026, A. Tester"
language = "en"
# With backlinks too: the list of uses they add must stay out of a preview.
extensions = ["sphinx_edition.glossary.previews", "sphinx_edition.glossary.backlinks"]
exclude_patterns = ["_build"]
