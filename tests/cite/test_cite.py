"""sphinx_edition.cite on a small root (tests/roots/test-cite): two authors, a
person and a group as editors, a fixed date, an address and a PDF name."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from cffconvert import Citation
from sphinx.testing.util import SphinxTestApp
from zotero import Creator, zotero_item

from sphinx_edition.cite.formats import cff
from sphinx_edition.cite.model import edition


def bibtex_fields(entry: str) -> dict[str, str]:
    """name -> value of one entry's fields, continuation lines joined."""
    fields: dict[str, str] = {}
    name = ""
    for line in entry.splitlines()[1:-1]:
        if match := re.match(r"^  (\w+)\s*= (.*)$", line):
            name = match[1]
            fields[name] = match[2]
        else:
            fields[name] += " " + line.strip()
    return {k: v.removesuffix(",") for k, v in fields.items()}


def html(app: SphinxTestApp, page: str) -> str:
    return (Path(app.outdir) / page).read_text(encoding="utf-8")


@pytest.mark.sphinx("html", testroot="cite")
def test_every_page_reads_as_one_reference(app: SphinxTestApp, warning: io.StringIO) -> None:
    app.build()
    assert warning.getvalue() == ""
    items = [zotero_item(html(app, page)) for page in ("index.html", "about.html", "search.html")]
    item = items[0]
    assert items[1:] == [item, item]
    assert item.item_type == "book"
    assert item.title == "Cite Test Edition"
    # Each author and editor a creator of their own, in their role, names split
    # where the family name starts.
    assert item.creators[:3] == [
        Creator("Ann", "Author", "author"),
        Creator("Bo", "de la Writer", "author"),
        Creator("Eda", "Editor", "editor"),
    ]
    [group] = item.creators[3:]
    assert (group.role, f"{group.first} {group.last}") == ("editor", "Test Edition Group")
    assert item.date == "2026/03/04"
    assert item.publisher == "Test Press" and item.language == "en"
    assert item.url == "https://example.org/book/"
    assert item.pdf == "https://example.org/book/cite-test.pdf"
    assert item.abstract == "A test edition & its abstract."


@pytest.mark.sphinx("html", testroot="cite")
def test_dublin_core_names_the_original(app: SphinxTestApp) -> None:
    app.build()
    soup = BeautifulSoup(html(app, "index.html"), "html.parser")

    def dc(name: str) -> list[str]:
        return [m["content"] for m in soup.find_all("meta", attrs={"name": f"DC.{name}"})]

    assert soup.find("link", rel="schema.DC")["href"] == "http://purl.org/dc/elements/1.1/"
    assert dc("title") == ["Cite Test Edition"]
    assert dc("creator") == ["Author, Ann", "de la Writer, Bo"]
    assert dc("contributor") == ["Editor, Eda", "Test Edition Group"]
    assert dc("date") == ["2026-03-04"] and dc("language") == ["en"]
    assert dc("source") == [
        "Ann Author and Bo de la Writer, “On Things — and Other Things”, in The Review, "
        "3 February 2001"
    ]
    assert dc("rights") == [
        "Creative Commons Attribution 4.0 International "
        "(https://creativecommons.org/licenses/by/4.0/)"
    ]


@pytest.mark.sphinx("html", testroot="cite")
def test_cite_block_gives_text_and_bibtex(app: SphinxTestApp) -> None:
    app.build()
    soup = BeautifulSoup(html(app, "about.html"), "html.parser")
    text = " ".join(soup.select_one("p.edition-citation").get_text().split())
    assert text == (
        "Author, Ann, Bo de la Writer. Cite Test Edition. Edited by Eda Editor and Test "
        "Edition Group. Version 2.1, 4 March 2026. Test Press. Based on Ann "
        "Author and Bo de la Writer, “On Things — and Other Things”, in The Review, "
        "3 February 2001. https://example.org/book/"
    )
    assert [em.get_text() for em in soup.select("p.edition-citation em")] == [
        "Cite Test Edition",
        "The Review",
    ]
    bibtex = soup.select_one(".edition-bibtex pre").get_text()
    assert bibtex.startswith("@book{author-cite,")
    fields = bibtex_fields(bibtex)
    assert fields["author"] == "{Author, Ann and de la Writer, Bo}"
    assert fields["editor"] == "{Editor, Eda and {Test Edition Group}}"
    assert fields["title"] == "{{Cite Test Edition}}"
    assert fields["year"] == "{2026}" and fields["month"] == "mar"
    assert "``On Things --- and Other Things''" in fields["note"]
    assert bibtex.count("{") == bibtex.count("}")
    # No line a reader has to scroll sideways to see.
    assert max(len(line) for line in bibtex.splitlines()) <= 72


@pytest.mark.sphinx("singlehtml", testroot="cite")
def test_tags_are_for_the_website_only(app: SphinxTestApp) -> None:
    app.build()
    assert "citation_title" not in html(app, "index.html")


@pytest.mark.sphinx(
    "html",
    testroot="cite",
    confoverrides={"cite_metadata": {"original": {"venue": "X"}, "license": "CC0-1.0"}},
)
def test_incomplete_metadata_is_reported_at_conf_py(
    app: SphinxTestApp, warning: io.StringIO
) -> None:
    app.build()
    said = warning.getvalue()
    assert re.search(r"conf\.py:\d+: WARNING: cite_metadata\['original'\]\['title'\]", said)
    assert "citation_title" not in html(app, "index.html")
    assert "cite-this-edition needs cite_metadata" in said


@pytest.mark.sphinx("html", testroot="cite")
def test_citation_file_from_the_same_facts_validates(app: SphinxTestApp) -> None:
    text = cff(edition(app.config))
    citation = Citation(text)
    citation.validate()
    data = citation.cffobj
    assert data["date-released"] == "2026-03-04"
    preferred = data["preferred-citation"]
    assert [a["family-names"] for a in preferred["authors"]] == ["Author", "de la Writer"]
    assert preferred["editors"] == [
        {"family-names": "Editor", "given-names": "Eda"},
        {"name": "Test Edition Group"},
    ]
    assert preferred["year"] == 2026 and preferred["url"] == "https://example.org/book/"
    assert data["references"][0]["journal"] == "The Review"
