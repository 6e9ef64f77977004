"""What a book read offline cannot have (a script, a frame, a remote image),
reported by the ePub and the PDF builders alike at the source file and line,
in the source's syntax, from what their translators noted while writing
(sphinx_edition.loads), on tests/roots/test-offline."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

# (file, line, what the warning names there) in the root's sources.
EXPECTED = [
    ("rest-page.rst", 6, "the ``.. raw:: html`` block here runs <script>"),
    (
        "rest-page.rst",
        10,
        "the ``.. image:: https://example.invalid/remote.png`` here loads a remote image",
    ),
    (
        "myst-page.md",
        5,
        "the HTML in the Markdown here embeds <iframe> https://example.invalid/film",
    ),
    (
        "myst-page.md",
        9,
        "the HTML in the Markdown here loads a remote image https://example.invalid/photo.png",
    ),
]


def offline_warnings(app: SphinxTestApp, warning: io.StringIO, output: str) -> list[str]:
    app.build()
    said = re.sub(r"\x1b\[[0-9;]*m", "", warning.getvalue())  # colours
    lines = [line for line in said.splitlines() if "must work offline" in line]
    for name, line, what in EXPECTED:
        where = f"{Path(app.srcdir) / name}:{line}: WARNING: {output} must work offline, but "
        assert [text for text in lines if text.startswith(where + what)], (name, line, lines)
    return lines


@pytest.mark.sphinx("epub", testroot="offline")
def test_the_epub_reports_each_at_its_source_line(app: SphinxTestApp, warning: io.StringIO) -> None:
    assert len(offline_warnings(app, warning, "the ePub")) == len(EXPECTED)
    # The package declares what the pages do (EPUB 3.3, item properties).
    opf = (Path(app.outdir) / "content.opf").read_text(encoding="utf-8")
    assert 'href="rest-page.xhtml" media-type="application/xhtml+xml" properties="scripted' in opf
    # Nothing remote is written (its alt text stands in), so none is declared.
    assert "remote-resources" not in opf


@pytest.mark.sphinx("pdf", testroot="offline")
def test_the_pdf_reports_each_at_its_source_line(app: SphinxTestApp, warning: io.StringIO) -> None:
    assert len(offline_warnings(app, warning, "the PDF")) == len(EXPECTED)
