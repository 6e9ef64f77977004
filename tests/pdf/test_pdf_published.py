"""scripts/build publishes the PDF: _build/pdf/<name>.pdf, and the same file
beside the site's pages, where the landing page links it.

(These need the pipeline, sphinx-edition build, to run the "pdf" builder and copy its PDF;
until it does they fail, which is the point: the landing page's link would
be dead.)"""

from __future__ import annotations

import pikepdf
import pytest
from bs4 import BeautifulSoup
from support import Build, read_config

from sphinx_edition.pdf import add_config_values

pytestmark = pytest.mark.slow


def pdf_name() -> str:
    config = read_config()
    add_config_values(config)
    return f"{config.pdf_basename}.pdf"


def test_build_publishes_the_pdf_where_the_landing_page_links_it(book: Build) -> None:
    name = pdf_name()
    published = book.out / "pdf" / name
    assert published.is_file(), sorted(p.name for p in (book.out / "pdf").glob("*"))
    served = book.html / name
    assert served.read_bytes() == published.read_bytes()
    landing = BeautifulSoup((book.html / "index.html").read_text("utf-8"), "html.parser")
    assert name in [a["href"] for a in landing.find_all("a", href=True)]
    with pikepdf.open(published) as pdf:
        assert "/StructTreeRoot" in pdf.Root and str(pdf.Root.Lang) == "en"
        assert "/Outlines" in pdf.Root
