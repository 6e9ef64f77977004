"""sphinx_edition.site.search: the English search index is the same, byte
for byte, with each word stemmed once (and, through the shared cache, once
per machine)."""

from __future__ import annotations

import shutil
from pathlib import Path

import sphinx.search
from sphinx.search.en import SearchEnglish

from sphinx_edition.site.search import EnglishStemmedOnce

REST = Path(__file__).resolve().parent.parent / "roots" / "test-rest-book"
EXTENSIONS = ["sphinx_edition.glossary.backlinks", "sphinx_edition.checks"]


def test_same_index_with_each_word_stemmed_once(make_app, tmp_path, monkeypatch) -> None:
    # Sphinx's own English, whatever builds before this one registered.
    monkeypatch.setitem(sphinx.search.languages, "en", SearchEnglish)
    src = tmp_path / "src"
    shutil.copytree(REST, src)
    index = {}
    for name, extra in (("sphinx", []), ("once", ["sphinx_edition.site.search"])):
        overrides = {"extensions": [*EXTENSIONS, *extra]}
        app = make_app("html", srcdir=src, builddir=tmp_path / name, confoverrides=overrides)
        app.build()
        app.cleanup()
        index[name] = (Path(app.outdir) / "searchindex.js").read_bytes()
        language = app.builder.indexer.lang
        assert isinstance(language, EnglishStemmedOnce) == bool(extra)
        # add_search_language writes into a table the process shares: the
        # extension puts Sphinx's own back when its build ends.
        assert sphinx.search.languages["en"] is SearchEnglish
    assert b"glossari" in index["sphinx"]  # a stem, not a word
    assert index["once"] == index["sphinx"]
    # Each word's stem, remembered.
    assert vars(language)["_stems_seen"]["Glossary"] == "glossari"


def test_a_later_build_takes_the_stems_from_the_shared_cache(
    make_app, tmp_path, monkeypatch
) -> None:
    monkeypatch.setitem(sphinx.search.languages, "en", SearchEnglish)
    monkeypatch.setenv("SPHINX_EDITION_CACHE_DIR", str(tmp_path / "cache"))
    src = tmp_path / "src"
    shutil.copytree(REST, src)
    stemmed: list[str] = []
    stem = SearchEnglish.stem

    def counted(self, word: str) -> str:
        stemmed.append(word)
        return stem(self, word)

    monkeypatch.setattr(SearchEnglish, "stem", counted)
    index, stems = {}, {}
    for name in ("first", "second"):
        overrides = {"extensions": [*EXTENSIONS, "sphinx_edition.site.search"]}
        app = make_app("html", srcdir=src, builddir=tmp_path / name, confoverrides=overrides)
        stemmed.clear()
        app.build()
        app.cleanup()
        index[name] = (Path(app.outdir) / "searchindex.js").read_bytes()
        stems[name] = len(stemmed)
    assert stems["first"] > 50
    assert stems["second"] == 0  # every word's stem came from the cache
    assert index["second"] == index["first"]
    # A damaged entry is ignored: the words are stemmed again.
    for entry in (tmp_path / "cache" / "search-stems").iterdir():
        entry.write_text('{"glossary": 1}', encoding="utf-8")
    app = make_app("html", srcdir=src, builddir=tmp_path / "third", confoverrides=overrides)
    stemmed.clear()
    app.build()
    app.cleanup()
    assert len(stemmed) == stems["first"]
    assert (Path(app.outdir) / "searchindex.js").read_bytes() == index["first"]
