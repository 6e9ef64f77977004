"""A tiny site and ePub with citation metadata: two authors, a person and a
group as editors, subjects, a fixed edition date."""

project = "Cite Test Edition"
author = "Ann Author"
version = release = "2.1"
copyright = "2026, the editors"
language = "en"
extensions = ["myst_parser", "sphinx_edition.cite", "sphinx_edition.epub"]
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
    "subjects": ["Things", "Other things"],
    "date": "2026-03-04",
}
epub_identifier = "urn:uuid:0c6b1a52-1d0e-4a8c-9f55-3f0d8f6c2a11"
epub_publisher = "Test Press"
