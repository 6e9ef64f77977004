extensions = ["sphinx_edition.pdf", "sphinx_edition.languages"]
project = "Book role"
epub_basename = "the-book"
pdf_basename = "the-book"
edition_languages = {
    "en": {"path": ""},
    "de": {"path": "de/", "outputs": ["html", "epub"]},
}
