"""Three small pages, to show what an incremental HTML build publishes."""

project = "Full Write Test"
extensions = ["myst_parser", "sphinx_edition.site.hosting", "sphinx_edition.site.full_write"]
html_baseurl = "https://example.org/"
