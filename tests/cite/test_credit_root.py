"""The credit line and the ePub's package metadata on a small root
(tests/roots/test-cite), and what another project without cite_metadata gets."""

from __future__ import annotations

import io
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
BOOK_THEME = {"html_theme": "sphinx_book_theme"}
# 2030-01-02 03:04:05 UTC: a build day that is not the edition's date.
EPOCH = "1893553445"


def footer(app: SphinxTestApp, page: str = "index.html") -> BeautifulSoup:
    soup = BeautifulSoup((Path(app.outdir) / page).read_text("utf-8"), "html.parser")
    return soup.select_one(".bd-footer-content")


@pytest.mark.sphinx("html", testroot="cite", confoverrides=BOOK_THEME)
def test_footer_credits_the_editors_and_the_original(
    app: SphinxTestApp, warning: io.StringIO
) -> None:
    app.build()
    assert warning.getvalue() == ""
    for page in ("index.html", "about.html", "search.html", "genindex.html"):
        found = footer(app, page)
        [credit] = found.select("p.edition-credit")
        assert " ".join(credit.get_text().split()) == (
            "Based on “On Things — and Other Things” by Ann Author and Bo de la Writer "
            "(The Review, 3 February 2001); this edition by Eda Editor and Test Edition Group."
        )
        assert [em.get_text() for em in credit.find_all("em")] == ["The Review"]
        assert "By Ann Author" not in found.get_text()


@pytest.mark.sphinx(
    "html",
    testroot="cite",
    confoverrides={**BOOK_THEME, "cite_credit": "Words: {editors}; ideas: {authors} ({date})."},
)
def test_cite_credit_gives_the_words(app: SphinxTestApp) -> None:
    app.build()
    credit = footer(app).select_one("p.edition-credit").get_text()
    assert credit == (
        "Words: Eda Editor and Test Edition Group; ideas: Ann Author and Bo de la Writer "
        "(3 February 2001)."
    )


@pytest.mark.sphinx(
    "html",
    testroot="cite",
    confoverrides={**BOOK_THEME, "cite_credit": "By {editor}."},
)
def test_a_bad_pattern_is_reported_and_the_theme_footer_stays(
    app: SphinxTestApp, warning: io.StringIO
) -> None:
    app.build()
    assert "cite_credit 'By {editor}.': 'editor' is no field it can use" in warning.getvalue()
    assert footer(app).select("p.edition-credit") == []
    assert footer(app).select("p.component-author")


@pytest.mark.sphinx("html", testroot="cite", confoverrides={**BOOK_THEME, "cite_metadata": {}})
def test_without_cite_metadata_the_theme_footer_stays(app: SphinxTestApp) -> None:
    app.build()
    [author] = footer(app).select("p.component-author")
    assert " ".join(author.get_text().split()) == "By Ann Author"
    assert footer(app).select("p.edition-credit") == []


def package(app: SphinxTestApp) -> ElementTree.Element:
    return ElementTree.parse(Path(app.outdir) / "content.opf").getroot().find(f"{OPF}metadata")


def refinements(meta: ElementTree.Element, ident: str) -> list[tuple[str, str, str]]:
    return [
        (m.get("property"), m.get("scheme", ""), m.text or "")
        for m in meta.iter(f"{OPF}meta")
        if m.get("refines") == f"#{ident}"
    ]


@pytest.mark.sphinx("epub", testroot="cite")
def test_package_names_every_creator_in_their_roles(
    app: SphinxTestApp, warning: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    app.build()
    assert warning.getvalue() == ""
    meta = package(app)
    creators = meta.findall(f"{DC}creator")
    assert [c.text for c in creators] == [
        "Ann Author",
        "Bo de la Writer",
        "Eda Editor",
        "Test Edition Group",
    ]
    relators = "marc:relators"
    assert refinements(meta, creators[0].get("id")) == [
        ("role", relators, "aut"),
        ("role", relators, "ant"),
        ("file-as", "", "Author, Ann"),
        ("display-seq", "", "1"),
    ]
    assert refinements(meta, creators[3].get("id")) == [
        ("role", relators, "aut"),
        ("role", relators, "edt"),
        ("file-as", "", "Test Edition Group"),
        ("display-seq", "", "4"),
    ]
    assert meta.findall(f"{DC}contributor") == []
    assert [s.text for s in meta.findall(f"{DC}source")] == [
        "Ann Author and Bo de la Writer, “On Things — and Other Things”, in The Review, "
        "3 February 2001"
    ]
    assert [s.text for s in meta.findall(f"{DC}subject")] == ["Things", "Other things"]
    # The edition's date, not the build's; the build's is the modification time.
    assert [d.text for d in meta.findall(f"{DC}date")] == ["2026-03-04"]
    modified = [m.text for m in meta.iter(f"{OPF}meta") if m.get("property") == "dcterms:modified"]
    assert modified == ["2030-01-02T03:04:05Z"]


@pytest.mark.sphinx(
    "epub",
    testroot="cite",
    confoverrides={
        "epub_author": "安",
        "cite_metadata": {
            "original": {
                "title": "T",
                "authors": [{"given": "Ann", "family": "Author"}],
                "venue": "V",
                "date": "2001-02-03",
            },
            "editors": [{"name": "G"}],
            "license": "CC0-1.0",
            "date": "2026-03-04",
        },
    },
)
def test_one_author_is_shown_as_epub_author_writes_the_name(app: SphinxTestApp) -> None:
    # A translation's epub_author (赵通) shows the name in its script; the
    # sort name stays cite_metadata's.
    app.build()
    meta = package(app)
    [author, editors] = meta.findall(f"{DC}creator")
    assert (author.text, editors.text) == ("安", "G")
    assert ("file-as", "", "Author, Ann") in refinements(meta, author.get("id"))
    assert meta.findall(f"{DC}subject") == []


@pytest.mark.sphinx("epub", testroot="cite", confoverrides={"cite_metadata": {}})
def test_without_cite_metadata_the_package_keeps_sphinx_metadata(
    app: SphinxTestApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    app.build()
    meta = package(app)
    assert [c.text for c in meta.findall(f"{DC}creator")] == ["Ann Author"]
    assert [c.text for c in meta.findall(f"{DC}contributor")] == ["unknown"]
    assert [d.text for d in meta.findall(f"{DC}date")] == ["2030-01-02T03:04:05Z"]
    assert meta.findall(f"{DC}source") == [] and meta.findall(f"{DC}subject") == []
    assert not [m for m in meta.iter(f"{OPF}meta") if m.get("refines")]
