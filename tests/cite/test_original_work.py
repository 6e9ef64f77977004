"""sphinx_edition.cite for an original work: ``cite_metadata`` names the
edition's own authors and no ``original``, so nothing the package writes
(tags, citation, BibTeX, footer, ePub package, CITATION.cff, title page)
mentions another work; and what a missing ``cite_metadata`` is told."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from cffconvert import Citation
from sphinx.testing.util import SphinxTestApp
from test_cite import bibtex_fields, html

from sphinx_edition.cite.formats import cff, credit
from sphinx_edition.cite.model import edition
from sphinx_edition.pdf.titlepage import title_page

ORIGINAL_WORK = {
    "authors": [{"given": "Wren", "family": "Writer"}, {"name": "Field Notes Collective"}],
    "publisher": "Small Press",
    "license": "CC-BY-4.0",
    "abstract": "Notes on tides.",
    "subjects": ["Tides"],
    "date": "2026-05-06",
}
ROOT = Path(__file__).resolve().parents[2]


def words(app: SphinxTestApp, page: str) -> str:
    return " ".join(BeautifulSoup(html(app, page), "html.parser").get_text().split())


@pytest.mark.sphinx("html", testroot="cite", confoverrides={"cite_metadata": ORIGINAL_WORK})
def test_an_original_work_is_cited_as_its_authors(app: SphinxTestApp) -> None:
    app.build()
    soup = BeautifulSoup(html(app, "about.html"), "html.parser")
    text = " ".join(soup.select_one("p.edition-citation").get_text().split())
    assert text == (
        "Writer, Wren, Field Notes Collective. Cite Test Edition. Version 2.1, 6 May 2026. "
        "Small Press. https://example.org/book/"
    )
    fields = bibtex_fields(soup.select_one(".edition-bibtex pre").get_text())
    assert fields["author"] == "{Writer, Wren and {Field Notes Collective}}"
    assert "editor" not in fields and "note" not in fields
    tags = {m["name"]: m["content"] for m in soup.select("meta[name]")}
    assert tags["citation_author"] == "Field Notes Collective"  # the last of two
    assert "DC.source" not in tags and "citation_editor" not in tags


@pytest.mark.sphinx("html", testroot="cite", confoverrides={"cite_metadata": ORIGINAL_WORK})
def test_an_original_works_credit_names_its_authors_only(app: SphinxTestApp) -> None:
    found = edition(app.config)
    assert found.original is None
    assert credit(found) == "By Wren Writer and Field Notes Collective."
    with_editors = edition_with(app, editors=[{"name": "Ed Group"}])
    assert credit(with_editors) == "By Wren Writer and Field Notes Collective; edited by Ed Group."
    labels = [label for label, _ in title_page(app.config)["credits"]]
    assert labels == ["Authors", "This edition", "Licence", "Online"]


def edition_with(app: SphinxTestApp, **more: object):
    app.config.cite_metadata = {**ORIGINAL_WORK, **more}
    try:
        return edition(app.config)
    finally:
        app.config.cite_metadata = ORIGINAL_WORK


@pytest.mark.sphinx("html", testroot="cite", confoverrides={"cite_metadata": ORIGINAL_WORK})
def test_an_original_works_citation_file_has_no_reference(app: SphinxTestApp) -> None:
    citation = Citation(cff(edition(app.config)))
    citation.validate()
    data = citation.cffobj
    assert [a.get("family-names", a.get("name")) for a in data["authors"]] == [
        "Writer",
        "Field Notes Collective",
    ]
    assert "references" not in data
    assert "editors" not in data["preferred-citation"]
    assert "notes" not in data["preferred-citation"]


@pytest.mark.sphinx("epub", testroot="cite", confoverrides={"cite_metadata": ORIGINAL_WORK})
def test_an_original_works_epub_has_authors_and_no_source(app: SphinxTestApp) -> None:
    app.build()
    [book] = Path(app.outdir).glob("*.epub")
    with zipfile.ZipFile(book) as zf:
        opf = next(zf.read(n).decode() for n in zf.namelist() if n.endswith(".opf"))
    assert "<dc:source>" not in opf
    assert '<dc:creator id="creator-1">Wren Writer</dc:creator>' in opf
    assert 'refines="#creator-1" property="role" scheme="marc:relators">aut<' in opf
    assert 'marc:relators">ant<' not in opf


@pytest.mark.sphinx("html", testroot="cite", confoverrides={"cite_metadata": {}})
def test_missing_metadata_says_it_is_not_set(app: SphinxTestApp, warning: io.StringIO) -> None:
    app.build()
    said = warning.getvalue()
    assert "cite-this-edition needs cite_metadata in conf.py, which is not set" in said
    assert "see the warning" not in said


@pytest.mark.sphinx(
    "html", testroot="cite", confoverrides={"cite_metadata": {"license": "CC0-1.0"}}
)
def test_an_original_work_without_authors_is_told_what_to_add(
    app: SphinxTestApp, warning: io.StringIO
) -> None:
    app.build()
    said = warning.getvalue()
    assert "cite_metadata['authors'] (an original work names its authors" in said


def test_citation_script_without_metadata_says_so(tmp_path: Path) -> None:
    (tmp_path / "conf.py").write_text('project = "P"\n', encoding="utf-8")
    script = (
        "import sys, make_citation; from pathlib import Path\n"
        "make_citation.render = lambda docs=None, _r=make_citation.render: _r(Path(sys.argv[1]))\n"
        "sys.exit(make_citation.main(['--out', sys.argv[2]]))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path), str(tmp_path / "CITATION.cff")],
        capture_output=True,
        text=True,
        cwd=ROOT / "scripts",
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "cite_metadata is not set" in proc.stderr
    assert not (tmp_path / "CITATION.cff").exists()
