"""scripts/build publishes each edition's PDF: _build/pdf/<name>.pdf (a
translation's under its path, zh-cn/), and the same file beside the site's
pages, where the landing page links it.

(These need the pipeline, sphinx-edition build, to run the "pdf" builder and copy its PDF;
until it does they fail, which is the point: the landing page's link would
be dead.)"""

from __future__ import annotations

import pikepdf
import pytest
from bs4 import BeautifulSoup
from pdf_checks import pdf_languages
from support import Build, edition_path, read_config

from sphinx_edition.pdf import add_config_values

pytestmark = pytest.mark.slow


def pdf_name(language: str) -> str:
    config = read_config()
    add_config_values(config)
    base = config.pdf_basename
    # A translation's books carry its tag (sphinx_edition.languages).
    return f"{base}.pdf" if language == "en" else f"{base}-{language.replace('_', '-')}.pdf"


@pytest.mark.parametrize("language", pdf_languages())
def test_build_publishes_the_pdf_where_the_landing_page_links_it(
    book: Build, language: str
) -> None:
    name = pdf_name(language)
    folder = book.out / "pdf" / edition_path(language)
    published = folder / name
    assert published.is_file(), sorted(p.name for p in folder.glob("*"))
    served = book.edition_html(language) / name
    assert served.read_bytes() == published.read_bytes()
    landing = BeautifulSoup(
        (book.edition_html(language) / "index.html").read_text("utf-8"), "html.parser"
    )
    assert name in [a["href"] for a in landing.find_all("a", href=True)]
    with pikepdf.open(published) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == language.replace("_", "-")
        assert "/Outlines" in pdf.Root
