"""Sphinx extensions for editions of a text: glossary, ePub, website, source checks.

Each subpackage is one concern and each extension has its own ``setup()``;
list the ones you want in ``conf.py`` by their dotted names:

* ``sphinx_edition.glossary``: records glossary entries and term uses
  (one ``EnvironmentCollector`` that every other part reads) and checks them;
* ``sphinx_edition.glossary.backlinks``: each entry links back to its uses;
* ``sphinx_edition.glossary.previews``: term links show their definitions
  (with any HTML theme);
* ``sphinx_edition.epub``: an EPUB 3 builder with accessibility metadata,
  glossary semantics, front matter and reproducible bytes;
* ``sphinx_edition.site.assets`` and ``sphinx_edition.site.hosting``: a light
  website for sphinx-book-theme (assets needs that theme), and what hosts and
  search engines read;
* ``sphinx_edition.checks``: plain ``file:line`` errors for broken sources;
* ``sphinx_edition.pdf``: a tagged PDF through WeasyPrint (``-b pdf``);
* ``sphinx_edition.cite``: citation tags, a "cite this edition" block and
  CITATION.cff from one set of facts;
* ``sphinx_edition.languages``: a translation's settings applied from
  ``edition_languages``, and a switch between the editions of a page;
* ``sphinx_edition.sidebar``: sphinx-book-theme's navigation sidebar drawn
  once per build rather than once per page, the same bytes (it depends on
  nothing else here, so a theme could adopt it as it is).
"""

from pathlib import Path

__version__ = "1.0.0"

# Static files more than one subpackage serves (the glossary previews' script
# and stylesheet: on their own under any theme, or in site.assets' bundles).
STATIC = Path(__file__).parent / "static"
PREVIEWS_JS = "term-previews.js"
PREVIEWS_CSS = "term-previews.css"
