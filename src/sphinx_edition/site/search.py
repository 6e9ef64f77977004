"""``sphinx_edition.site.search``: the search box finds what a reader types,
and the English index stems each word once.

Sphinx's indexer segments a language written without spaces (Chinese
through jieba's search mode: 极限施压 is indexed as 极限 and 施压), but its
search page splits the typed query only at spaces and punctuation, so a
term typed as one word was looked up whole and found nothing. Through
Sphinx's public hook for a language's query splitter (a
``SearchLanguage``'s ``js_splitter_code``, registered with
``app.add_search_language``), the build's search language gets ours
(``static/split-query.js``): runs of Han characters are cut into the
longest words the index itself holds. It follows the index, whatever
segmenter made it, and needs no dictionary on the page. A language that
brings a splitter of its own keeps it.

The search page's messages come from Sphinx's own translations
(``translations.js``), which ``sphinx_edition.site.assets`` bundles.

Sphinx's English index (``sphinx.search.en``) stems every word of every
page with snowballstemmer, in pure Python, and remembers none: on a
181-page book, once the sidebar was drawn once per build
(``sphinx_edition.sidebar``), stemming was the largest single cost of
writing the site (38,944 words stemmed for a few thousand distinct ones).
A stem depends on the word alone, so the English language registered here
remembers each word's stem, and the index it writes is the same, byte for
byte (``tests/site/test_search.py``).
"""

from __future__ import annotations

import weakref
from importlib import import_module
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.search import SearchLanguage, languages
from sphinx.search.en import SearchEnglish

from sphinx_edition import __version__

SPLITTER = Path(__file__).parent / "static" / "split-query.js"
# ``app.add_search_language`` writes into Sphinx's table of search languages,
# which the whole process shares: what a build replaced there is put back
# when it ends, so a later build in the same process (a test, a preview
# server) that does not load this extension gets Sphinx's own.
REPLACED: weakref.WeakKeyDictionary[Sphinx, type[SearchLanguage]] = weakref.WeakKeyDictionary()


class EnglishStemmedOnce(SearchEnglish):
    """Sphinx's English search language, remembering each word's stem."""

    def stem(self, word: str) -> str:
        # Per instance: the stemmer (and so the stems) is the instance's own.
        stems: dict[str, str] = vars(self).setdefault("_stems_seen", {})
        if word not in stems:
            stems[word] = super().stem(word)
        return stems[word]


def search_language(code: str) -> type[SearchLanguage] | None:
    """The class Sphinx would index ``code`` with (``zh_CN`` falls back to ``zh``)."""
    found = languages.get(code)
    if found is None and "_" in code:
        found = languages.get(code.partition("_")[0])
    if isinstance(found, str):
        module, name = found.rsplit(".", 1)
        found = getattr(import_module(module), name)
    return found


def with_our_splitter(base: type[SearchLanguage]) -> type[SearchLanguage]:
    """``base``, indexing as before, with the query split by the index's words."""
    return type(
        base.__name__,
        (base,),
        {
            "__module__": __name__,
            "__doc__": f"{base.__doc__ or base.__name__} The query is split by the index's words.",
            "js_splitter_code": SPLITTER.read_text(encoding="utf-8"),
        },
    )


def register_splitter(app: Sphinx, config: Config) -> None:
    code = config.html_search_language or config.language or "en"
    original = base = search_language(code)
    if base is None:
        return  # Sphinx indexes it as English
    if base is SearchEnglish:
        base = EnglishStemmedOnce
    if not base.js_splitter_code:  # a language that splits queries its own way keeps it
        base = with_our_splitter(base)
    if base is not original:
        REPLACED[app] = original
        app.add_search_language(base)


def put_back(app: Sphinx, exception: Exception | None) -> None:
    if (original := REPLACED.pop(app, None)) is not None:
        app.add_search_language(original)


def setup(app: Sphinx) -> dict[str, Any]:
    # At config-inited the build's language is known (a translation's
    # settings apply then too); the indexer is made later, when pages are written.
    app.connect("config-inited", register_splitter)
    app.connect("build-finished", put_back)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
