"""``sphinx_edition.site.search``: the English search index stems each word
once, not once per use.

Sphinx's English index (``sphinx.search.en``) stems every word of every
page with snowballstemmer, in pure Python, and remembers none: on the
181-page book, once the sidebar was drawn once per build
(``sphinx_edition.sidebar``), stemming was the largest single cost of
writing the site (38,944 words stemmed for a few thousand distinct ones).
A stem depends on the word alone, so the index this writes is the same,
byte for byte (``tests/site/test_search.py``); the language is registered
through Sphinx's public ``add_search_language``.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.search.en import SearchEnglish

from sphinx_edition import __version__


class EnglishStemmedOnce(SearchEnglish):
    """Sphinx's English search language, remembering each word's stem."""

    def stem(self, word: str) -> str:
        # Per instance: the stemmer (and so the stems) is the instance's own.
        stems: dict[str, str] = vars(self).setdefault("_stems_seen", {})
        if word not in stems:
            stems[word] = super().stem(word)
        return stems[word]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_search_language(EnglishStemmedOnce)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
