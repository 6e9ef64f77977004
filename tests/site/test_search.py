"""sphinx_edition.site.search: the English search index is the same, byte
for byte, with each word stemmed once."""

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
