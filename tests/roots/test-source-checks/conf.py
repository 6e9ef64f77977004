"""A small book for sphinx_edition.checks: each page breaks one rule."""

extensions = ["myst_parser", "sphinx_edition.checks"]
exclude_patterns = ["_build"]
