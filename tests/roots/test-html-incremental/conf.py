"""Four small pages, to show what an incremental HTML build rewrites and publishes."""

project = "Incremental Test"
extensions = [
    "myst_parser",
    "sphinx_edition.glossary.backlinks",
    "sphinx_edition.glossary.previews",
    "sphinx_edition.site.hosting",
    "sphinx_edition.site.incremental",
]
html_baseurl = "https://example.org/"
