"""A valid EPUB 3 from a project nobody here wrote (issue 24), on
tests/roots/test-epub-valid: a page in two toctrees, a glossary entry with two
terms, a C alias, a parameter in two paragraphs, links to the search page,
the index, a site address and a file, images from _static and from a
folder's own _static, raw HTML as a browser takes it, an extension's boolean
attribute, and two orphan pages, one linked. Sphinx's own ePub builder makes
an invalid book of it (each upstream cause is tested, so a fix upstream
shows); ours makes one EPUBCheck passes without a warning."""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from epub_checks import Package, nav
from sphinx.testing.util import SphinxTestApp
from support import XHTML, epubcheck, extract

ROOT = Path(__file__).parent.parent / "roots" / "test-epub-valid"


def book(app: SphinxTestApp) -> Path:
    app.build()
    [epub] = Path(app.outdir).glob("*.epub")
    return epub


def messages(epub: Path, tmp_path: Path) -> list[str]:
    return [f"{m['ID']}: {m['message']}" for m in epubcheck(epub, tmp_path / "epubcheck.json")]


def plain(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def test_sphinx_own_builder_makes_an_invalid_book(
    tmp_path: Path, make_app: Callable[..., SphinxTestApp]
) -> None:
    """What each workaround is for. When one of these stops failing, Sphinx
    has fixed it and our workaround can go."""
    app = make_app(
        "epub", srcdir=ROOT, builddir=tmp_path, confoverrides={"extensions": ["toggles"]}
    )
    found = "\n".join(messages(book(app), tmp_path))
    # sphinx-doc/sphinx#4611: a page in two toctrees (Sphinx only warns).
    assert "Itemref refers to the same manifest entry as a previous itemref" in found
    assert "different playOrder values for navPoint" in found
    # sphinx-doc/sphinx#9141: a parameter described in blocks.
    assert 'element "p" not allowed here' in found
    # A description with no content (c:alias).
    assert 'element "dl" incomplete; missing required element "dd"' in found
    # An extension's boolean attribute; raw HTML that is not XML.
    assert 'value of attribute "checked" is invalid' in found
    assert 'The entity "nbsp" was referenced, but not declared' in found
    assert 'Attribute name "checked" associated with an element type "input"' in found
    assert "Fragment identifier is not defined" in found  # #nowhere
    # Links to pages an ePub has not, an image from a folder's own _static.
    for missing in ("search.xhtml", "genindex.xhtml", "contents.html", "folder/_static/local.png"):
        assert f'Referenced resource "{missing}" could not be found' in found
    # Raw SVG without its namespace; a remote image Sphinx could not fetch.
    assert 'element "svg" not allowed here' in found
    assert "Remote resource reference is not allowed" in found
    # sphinx-doc/sphinx#2900 adds orphans as non-linear, reachable or not.
    assert 'found no hyperlink to "orphan.xhtml"' in found


@pytest.mark.sphinx("epub", testroot="epub-valid")
def test_our_book_is_valid(app: SphinxTestApp, warning: io.StringIO, tmp_path: Path) -> None:
    epub = book(app)
    assert messages(epub, tmp_path) == []
    package = Package.read(extract(epub, tmp_path / "unzipped"))
    # Each page once, in the toctrees' order; the orphan nothing links to is
    # read last, the one a page links to stays aside.
    assert package.spine() == [
        "titlepage.xhtml",
        "index.xhtml",
        "first.xhtml",
        "second.xhtml",
        "folder/third.xhtml",
        "glossary.xhtml",
        "orphan.xhtml",
        "linked-orphan.xhtml",
    ]
    linear = {
        ref.get("idref"): ref.get("linear", "yes")
        for ref in package.tree.iter("{http://www.idpf.org/2007/opf}itemref")
    }
    assert [i for i, v in linear.items() if v == "no"] == ["f-linked-orphan-xhtml"]
    toc = [a.get("href") for a in nav(package, "toc").iter(f"{XHTML}a")]
    assert Counter(toc)["first.xhtml"] == 1
    # Both images packed: the folder's own _static, the project's.
    hrefs = {item["href"] for item in package.items()}
    assert {"folder/_static/local.png", "_static/shared.png"} <= hrefs
    # Each link the book cannot keep, reported where the editor wrote it.
    said = plain(warning.getvalue())
    first = Path(app.srcdir) / "first.rst"
    for line, target in [
        (4, "search.xhtml"),
        (4, "genindex.xhtml"),
        (6, "contents.html"),
        (24, "_static/shared.png"),
    ]:
        assert (
            f"{first}:{line}: WARNING: the ePub links only to its own pages and has no "
            f"'{target}'" in said
        ), target
    # A website's redirect does not send the reader out of the book.
    orphan = (package.path.parent / "orphan.xhtml").read_text(encoding="utf-8")
    assert "refresh" not in orphan
    # A link to a place on its page that is not there loses its link.
    second = package.parse("second.xhtml")
    assert not [a for a in second.iter(f"{XHTML}a") if a.get("href") == "#nowhere"]
    # A book has no forms: a task's box is a mark with a name; a link says
    # where it goes when it has no text.
    assert not [i for i in second.iter(f"{XHTML}input") if i.get("type") == "checkbox"]
    marks = [s for s in second.iter(f"{XHTML}span") if s.get("role") == "img"]
    assert [(m.text, m.get("aria-label")) for m in marks] == [("☑", "done")] * 2
    [empty] = [a for a in second.iter(f"{XHTML}a") if a.get("href") == "https://example.org/empty"]
    assert "".join(empty.itertext()).strip() == "https://example.org/empty"
    text = "".join(package.parse("first.xhtml").itertext())
    assert "every page" in text and "file:///home/user/app" in text
    # The remote image gives way to its alt text, and is reported.
    third = package.parse("folder/third.xhtml")
    assert "Build status" in "".join(third.itertext())
    assert not [i for i in third.iter(f"{XHTML}img") if "example.invalid" in i.get("src", "")]
    source = Path(app.srcdir) / "folder" / "third.rst"
    line = (
        source.read_text(encoding="utf-8")
        .splitlines()
        .index(".. image:: https://example.invalid/badge.svg")
    )
    assert f"{source}:{line + 1}: WARNING: the ePub must work offline" in said
    [svg] = third.iter("{http://www.w3.org/2000/svg}svg")
    assert svg.get("viewBox") == "0 0 16 16"
    assert "svg" in package.items_by_href()["folder/third.xhtml"].get("properties", "")


@pytest.mark.sphinx(
    "epub", testroot="epub-valid", confoverrides={"html_baseurl": "https://example.org/book/"}
)
def test_links_go_to_the_website_when_its_address_is_known(
    app: SphinxTestApp, warning: io.StringIO, tmp_path: Path
) -> None:
    epub = book(app)
    assert "links only to its own pages" not in warning.getvalue()
    with zipfile.ZipFile(epub) as zf:
        first = zf.read("first.xhtml").decode()
    for address in (
        "https://example.org/book/search.html",
        "https://example.org/book/genindex.html",
        "https://example.org/book/contents.html",
        "https://example.org/book/_static/shared.png",
    ):
        assert f'href="{address}"' in first, address
    assert messages(epub, tmp_path) == []


@pytest.mark.sphinx(
    "epub", testroot="epub-valid", confoverrides={"epub_post_files": [("gone.xhtml", "Gone")]}
)
def test_a_post_file_the_book_lacks_is_left_out(app: SphinxTestApp, warning: io.StringIO) -> None:
    # Sphinx's own builder puts it in the spine and the toc (OPF-049, RSC-007).
    book(app)
    assert "gone.xhtml, in epub_pre_files or epub_post_files, is not a file" in warning.getvalue()
    for name in ("content.opf", "nav.xhtml", "toc.ncx"):
        assert "gone.xhtml" not in (Path(app.outdir) / name).read_text(encoding="utf-8"), name
