"""A sorted glossary in two languages for sphinx_edition.glossary.collation:
English stays in Sphinx's order, Chinese comes out in pinyin order."""

project = "Collation Test"
author = "A. Tester"
version = release = "0.1"
copyright = "2026, A. Tester"
language = "en"
extensions = ["sphinx_edition.glossary"]
glossary_sort_keys = {"zh": "pinyin"}
nitpicky = True
