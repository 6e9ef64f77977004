"""A tiny site with citation metadata: two authors, a person and a group as
editors, a fixed edition date."""

project = "Cite Test Edition"
author = "Ann Author"
version = release = "2.1"
copyright = "2026, the editors"
language = "en"
extensions = ["myst_parser", "sphinx_edition.cite"]
html_baseurl = "https://example.org/book/"
cite_metadata = {
    "original": {
        "title": "On Things — and Other Things",
        "authors": [
            {"given": "Ann", "family": "Author"},
            {"given": "Bo", "family": "de la Writer"},
        ],
        "venue": "The Review",
        "date": "2001-02-03",
    },
    "editors": [{"given": "Eda", "family": "Editor"}, {"name": "Test Edition Group"}],
    "publisher": "Test Press",
    "license": "CC-BY-4.0",
    "abstract": "A test edition & its abstract.",
    "pdf": "cite-test.pdf",
    "date": "2026-03-04",
}
