"""What each output of a book is made by, for every part of the package to ask.

A neutral module: the extensions (site, glossary, cite, languages) and the
pipeline all need to know which builders make the website, and none of them
should import another's subpackage for it.
"""

from __future__ import annotations

from sphinx.application import Sphinx

# The published outputs, in the order each edition builds them: the site
# first (its builder reads the sources and writes the doctrees), then the
# books, made from copies of those doctrees.
OUTPUTS = ("html", "epub", "pdf")
# Outputs that are one file each (a book), beside the site's folder.
BOOKS = ("epub", "pdf")
# HTML builders that make the website; the ePub builder writes HTML too, and
# so does singlehtml (the PDF's), but neither is a page of the site.
SITE_BUILDERS = frozenset({"html", "dirhtml"})


def is_site(app: Sphinx) -> bool:
    builder = getattr(app, "builder", None)
    return builder is not None and builder.name in SITE_BUILDERS
