"""Printing the essay: text, headings and glossary links, no navigation chrome.

Headless Chromium prints the page to PDF (test-artifacts/site/essay-print.pdf);
pdftotext (poppler-utils) reads it back.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from support import text_page_html

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.timeout(300)]

PAGE = text_page_html()


def print_page(browser, url: str, pdf, pages: bool = False) -> str | list[str]:
    """The printed text (or, with ``pages``, each page's); its first page as a PNG beside it."""
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: install poppler-utils (.ci/run does)")
    page = browser.new_page()
    page.goto(url, wait_until="networkidle")
    page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
    page.close()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf), str(pdf.with_suffix(""))],
        check=True,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    if pages:
        return [" ".join(sheet.split()) for sheet in text.split("\f")]
    return " ".join(text.split())


@pytest.fixture(scope="module")
def printed(browser, base_url, artifacts):
    pdf = artifacts / "essay-print.pdf"
    return print_page(browser, base_url + PAGE, pdf), pdf


@pytest.mark.essay  # the words of one of its pages
def test_the_text_and_headings_are_printed(printed, site):
    text, _ = printed
    assert "The first decision: risk-taking or risk reduction" in text
    assert "The danger of the first path comes from its logic." in text
    assert "crisis containment" in text  # the words of a glossary link


def test_no_navigation_chrome_is_printed(printed):
    text, _ = printed
    for chrome in (
        "Skip to main content",
        "Ctrl",
        "Contents",
        "Glossary",
        "About this edition",
        "Previous",
        "Next",
        "Towards a joint strategy",
        "Back to top",
    ):
        assert chrome not in text, chrome


@pytest.mark.essay
def test_glossary_links_survive_on_paper(printed):
    # The PDF keeps the links as links (annotations pointing at the glossary).
    _, pdf = printed
    data = pdf.read_bytes()
    assert b"/URI" in data and b"glossary.html#term-red-lines" in data


@pytest.mark.essay
def test_every_printed_page_says_what_it_is_from(printed):
    # Title, version and licence at the foot of each page, with its number.
    text, _ = printed
    # (The credit between them is sphinx_edition.cite's; its words may change.)
    assert "Pressure, Engagement and Risk Reduction · version 1.0 ·" in text
    assert re.search(r"© \d{4},", text) and "Risk Reduction Edition editors" in text
    assert "CC BY 4.0" in text
    assert re.search(r"\b1 ?/ ?1\b", text)


def test_the_landing_page_prints_its_contents_and_downloads(browser, base_url, artifacts):
    text = print_page(browser, base_url + "index.html", artifacts / "landing-print.pdf")
    for line in ("Contents", "The essay", "Glossary", "About this edition", "Download the ePub"):
        assert line in text, line


def test_a_line_that_introduces_a_code_block_stays_with_it(browser, base_url, artifacts):
    # The about page's "In BibTeX:" fell at the foot of a page, its block on the next.
    sheets = print_page(browser, base_url + "about.html", artifacts / "about-print.pdf", pages=True)
    [sheet] = [s for s in sheets if "In BibTeX:" in s]
    assert "@book{" in sheet
