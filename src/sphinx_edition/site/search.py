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
byte (``tests/site/test_search.py``). The stems are also kept between
builds in the shared cache (``sphinx_edition.cache``, under a key of
Sphinx's and snowballstemmer's versions), so an incremental build, which
re-indexes only the pages it writes, stems almost nothing.
"""

from __future__ import annotations

import hashlib
import weakref
from importlib import import_module
from importlib.metadata import version
from pathlib import Path
from typing import Any

import sphinx
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.config import Config
from sphinx.search import SearchLanguage, languages
from sphinx.search.en import SearchEnglish

from sphinx_edition import __version__
from sphinx_edition import cache as shared_cache

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


STEMS = "search-stems"
# The stems an indexer's language started with, by language instance.
STEMS_LOADED: weakref.WeakKeyDictionary[SearchLanguage, int] = weakref.WeakKeyDictionary()


def stems_key() -> str:
    """A stem depends on the word, the stemmer and Sphinx's English language alone."""
    versions = f"{sphinx.__version__}\0{version('snowballstemmer')}\0{SearchEnglish.__module__}"
    return hashlib.sha256(versions.encode()).hexdigest()


def indexer_language(builder: Builder) -> EnglishStemmedOnce | None:
    language = getattr(getattr(builder, "indexer", None), "lang", None)
    return language if isinstance(language, EnglishStemmedOnce) else None


def load_stems(app: Sphinx, doctree: Any, docname: str) -> None:
    """Give the indexer's English language the stems earlier builds worked out,
    before it indexes its first page."""
    language = indexer_language(app.builder)
    if language is None or language in STEMS_LOADED:
        return
    saved = shared_cache.read_json(app.config, STEMS, stems_key())
    if not isinstance(saved, dict) or not all(
        isinstance(word, str) and isinstance(stem, str) for word, stem in saved.items()
    ):
        saved = {}  # missing or damaged: stem again
    stems: dict[str, str] = vars(language).setdefault("_stems_seen", {})
    stems.update(saved)
    STEMS_LOADED[language] = len(stems)


def save_stems(app: Sphinx, exception: Exception | None) -> None:
    """Keep the stems for the next build, if this one worked out new ones."""
    language = indexer_language(app.builder)
    if exception is not None or language is None:
        return
    stems = vars(language).get("_stems_seen", {})
    if len(stems) > STEMS_LOADED.get(language, 0):
        shared_cache.write_json(app.config, STEMS, stems_key(), stems)


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
    app.setup_extension("sphinx_edition.cache")  # the stems, kept per machine
    # At config-inited the build's language is known (a translation's
    # settings apply then too); the indexer is made later, when pages are written.
    app.connect("config-inited", register_splitter)
    app.connect("build-finished", put_back)
    # The indexer is made when writing starts (prepare_writing, after
    # write-started); each page is indexed after its doctree is resolved.
    app.connect("doctree-resolved", load_stems)
    app.connect("build-finished", save_stems)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
