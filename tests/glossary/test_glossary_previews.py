"""sphinx_edition.glossary.previews on a small Sphinx project: which definitions a page carries,
what a definition holds, and that the ePub builder is left alone."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup


@pytest.mark.sphinx("html", testroot="term-previews")
def test_page_carries_the_definitions_it_links(app):
    app.build()
    soup = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = soup.select("a[data-term-preview]")
    assert [a["data-term-preview"] for a in links] == [
        "tp-term-hedging",
        "tp-term-red-line",
        "tp-term-hedging",
    ]
    assert all(a["aria-describedby"] == a["data-term-preview"] for a in links)
    source = soup.select_one(".term-preview-source")
    assert source.has_attr("hidden")
    # Each used term once, in order of first use; the unused entry is absent.
    assert [d["id"] for d in source.find_all("div")] == ["tp-term-hedging", "tp-term-red-line"]
    hedging = soup.find(id="tp-term-hedging")
    assert hedging["data-term"] == "hedging"
    assert [p.get_text() for p in hedging.find_all("p")] == [
        "Keeping more than one option open.",
        "A second paragraph of the definition.",
    ]
    # The list of places that use the term (backlinks) is not part of the
    # definition, though the glossary page shows it under the entry.
    assert "Used in" not in source.get_text()
    glossary = (app.outdir / "glossary.html").read_text(encoding="utf-8")
    assert "Used in:" in glossary


@pytest.mark.sphinx("html", testroot="term-previews")
def test_glossary_page_previews_its_own_cross_links(app):
    app.build()
    text = (app.outdir / "glossary.html").read_text(encoding="utf-8")
    # The glossary links no term here, so it carries no hidden block at all.
    assert "term-preview-source" not in text


@pytest.mark.sphinx("epub", testroot="term-previews")
def test_epub_is_untouched(app):
    app.build()
    for page in app.outdir.glob("*.xhtml"):
        text = page.read_text(encoding="utf-8")
        assert "data-term-preview" not in text and "term-preview-source" not in text


@pytest.mark.sphinx("html", testroot="term-previews")
def test_any_theme_gets_the_popover_script_and_styles(app):
    # The root keeps Sphinx's default theme (alabaster), without site.assets.
    app.build()
    soup = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    script = soup.find("script", src=lambda src: src and "term-previews.js" in src)
    assert script is not None and script.has_attr("defer")
    assert soup.find("link", href=lambda href: href and "term-previews.css" in href)
    assert (app.outdir / "_static" / "term-previews.js").is_file()
    assert (app.outdir / "_static" / "term-previews.css").is_file()


@pytest.mark.sphinx(
    "html",
    testroot="term-previews",
    confoverrides={
        "extensions": [
            "sphinx_edition.glossary.previews",
            "sphinx_edition.glossary.backlinks",
            "sphinx_edition.site.assets",
        ]
    },
)
def test_site_assets_names_the_theme_it_needs_and_steps_aside(app, warning):
    # Under another theme it says so at start-up, then leaves the theme's
    # files alone; the previews bring their own.
    said = warning.getvalue()
    assert "needs html_theme = 'sphinx_book_theme' (conf.py has 'alabaster')" in said
    app.build()
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "site-bundle" not in page and "term-previews.js" in page
