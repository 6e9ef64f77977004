"""A tiny book for sphinx_edition.glossary alone: a glossary and one essay page."""

project = "Glossary Terms Test"
author = "A. Tester"
version = release = "0.1"
copyright = "2026, A. Tester"
language = "en"
extensions = ["myst_parser", "sphinx_edition.glossary"]
glossary_usage_prefix = "essay/"
glossary_required_terms = ["widget"]
glossary_check_unused = True
nitpicky = True
