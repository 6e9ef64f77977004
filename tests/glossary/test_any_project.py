"""The glossary and ePub extensions on a book that is not this one.

tests/roots/test-rest-book is reST, with a glossary entry that has two names
(a use of either counts), a second glossary in another folder, and terms used
across folders; no cover and no required entries. The MyST root checks what
an editor meets when an entry is typed above the glossary's options.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from backlink_checks import glossary_entries, soup_of
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

from sphinx_edition.glossary.model import glossary_index

REST_ROOT = Path(__file__).resolve().parent.parent / "roots" / "test-rest-book"
MYST_ROOT = Path(__file__).resolve().parent.parent / "roots" / "test-glossary-terms"


def warnings(app: SphinxTestApp) -> list[str]:
    text = strip_escape_sequences(app.warning.getvalue())
    return [w for w in text.splitlines() if "WARNING" in w or "ERROR" in w]


def copy_root(root: Path, tmp_path: Path) -> Path:
    shutil.copytree(root, tmp_path / "src")
    return tmp_path / "src"


def test_rest_book_records_synonyms_and_links_back(make_app, tmp_path: Path) -> None:
    app = make_app("html", srcdir=copy_root(REST_ROOT, tmp_path))
    app.build()
    assert warnings(app) == []
    index = glossary_index(app.env)
    api = index.by_name()["application programming interface"]
    assert [n.text for n in api.names] == ["API", "application programming interface"]
    assert index.by_name()["api"] is api
    assert index.glossary_docs() == ["glossary", "part2/more-terms"]
    # The entry's backlinks gather the uses of both its names, from two folders.
    entries = {e.term_id: e for e in glossary_entries(Path(app.outdir) / "glossary.html")}
    # Both names head one definition, which lists the uses of either.
    assert entries["term-API"].dd is entries["term-application-programming-interface"].dd
    assert entries["term-API"].labels() == ["Introduction", "Details"]
    widget = entries["term-widget"]
    assert widget.labels() == [
        "Introduction, use 1 of 2",
        "Introduction, use 2 of 2",
        "A later section",
    ]
    # A name with quotes keeps its uses, though smart quotes curl them on the page.
    sdist = index.by_name()['source archive (or "sdist")']
    assert sdist.names[0].text == "source archive (or \u201csdist\u201d)"
    assert entries[sdist.anchor].labels() == ["Introduction"]
    [gadget] = glossary_entries(Path(app.outdir) / "part2" / "more-terms.html")
    assert gadget.labels() == ["Details"]


def test_rest_messages_use_rest_syntax(make_app, tmp_path: Path) -> None:
    src = copy_root(REST_ROOT, tmp_path)
    page = src / "part2" / "details.rst"
    page.write_text(page.read_text().replace(":term:`gadget`", ":term:`gizmo`"))
    intro = src / "part1" / "intro.rst"
    intro.write_text(intro.read_text() + "\nSome\n:term:`odd words\n<no such entry>` here.\n")
    (src / "glossary.rst").write_text(
        (src / "glossary.rst").read_text() + "\n   sprocket\n      A toothed wheel.\n"
    )
    app = make_app("html", srcdir=src)
    app.build()
    found = "\n".join(warnings(app))
    assert re.search(r"part2/details\.rst:4: WARNING: unknown glossary term 'gizmo'", found)
    assert ":term:`text <entry>`" in found
    # A role with its own words is found at its line, not its paragraph's.
    assert re.search(r"part1/intro\.rst:13: WARNING: unknown glossary term 'no such entry'", found)
    assert re.search(r"glossary\.rst:\d+: WARNING: glossary entry 'sprocket' is not used", found)
    assert ":term:`sprocket`" in found
    assert "{term}" not in found and "essay" not in found


def test_rest_book_epub(make_app, tmp_path: Path) -> None:
    app = make_app("epub", srcdir=copy_root(REST_ROOT, tmp_path))
    app.build()
    assert warnings(app) == []
    [book] = Path(app.outdir).glob("*.epub")
    with zipfile.ZipFile(book) as zf:
        names = zf.namelist()
        opf = zf.read("content.opf").decode()
        keys = zf.read("glossary-search-key-map.xml").decode()
    # No cover in this book: no cover page, and a title page.
    assert "cover.xhtml" not in names and "titlepage.xhtml" in names
    # Both glossaries are glossaries to the reading system; both names of the
    # entry can be looked up.
    assert opf.count('properties="glossary"') == 2
    assert 'value="API"' in keys and 'value="application programming interface"' in keys
    more = soup_of(Path(app.outdir) / "part2" / "more-terms.xhtml")
    assert more.find("section", attrs={"epub:type": "glossary"}) is not None


@pytest.mark.parametrize("builder", ["html", "epub"])
def test_entry_above_the_options_is_explained_not_a_traceback(
    make_app, tmp_path: Path, builder: str
) -> None:
    src = copy_root(MYST_ROOT, tmp_path)
    glossary = src / "glossary.md"
    text = glossary.read_text()
    glossary.write_text(text.replace("```{glossary}\n", "```{glossary}\nsprocket\n  New.\n\n", 1))
    app = make_app(
        builder,
        srcdir=src,
        confoverrides={
            "extensions": ["myst_parser", "sphinx_edition.glossary", "sphinx_edition.epub"]
        },
    )
    app.build()
    found = warnings(app)
    assert any(
        re.search(r"glossary\.md:\d+: WARNING: glossary options must come first", w) for w in found
    ), found
    assert not any("Traceback" in w or "could not process" in w for w in found), found
