"""A tiny book for the PDF builder: two pages with sections of the same name,
term uses, a link across pages, a glossary; no cite_metadata."""

project = "PDF Test Book"
author = "A. Tester"
version = release = "0.1"
copyright = "2026, A. Tester"
language = "en"
extensions = ["myst_parser", "sphinx_edition.glossary.backlinks", "sphinx_edition.pdf"]
myst_heading_anchors = 2
nitpicky = True
glossary_backlinks_label = "Used in:"
# A page.html meant for a website, which must not reach the PDF.
templates_path = ["_templates"]
