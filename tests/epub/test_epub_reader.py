"""The ePub in a real reading system: calibre renders it to PDF.

calibre's ``ebook-convert`` opens the ePub the way its viewer does (Qt
WebEngine lays out the XHTML), so a page that fails to parse, a missing
stylesheet or a broken link shows up here. The PNGs of an essay page and of
the glossary are kept in ``test-artifacts/epub/`` for a person to look at.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from html import unescape
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from support import ROOT, Build

ARTIFACTS = ROOT / "test-artifacts" / "epub"
TOOLS = ("ebook-convert", "xvfb-run", "pdftoppm", "pdftotext", "pdftohtml")


@pytest.fixture(scope="module")
def pdf(book: Build, tmp_path_factory: pytest.TempPathFactory) -> Path:
    missing = [t for t in TOOLS if not shutil.which(t)]
    assert not missing, f"install {missing} (calibre, xvfb, poppler-utils: see .ci/run)"
    out = tmp_path_factory.mktemp("reader") / "book.pdf"
    env = {
        **os.environ,
        # calibre's Chromium refuses to run as root without these.
        "QTWEBENGINE_DISABLE_SANDBOX": "1",
        "QTWEBENGINE_CHROMIUM_FLAGS": "--no-sandbox",
    }
    proc = subprocess.run(
        ["xvfb-run", "-a", "ebook-convert", str(book.epub), str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0 and out.exists(), proc.stdout[-3000:] + proc.stderr[-3000:]
    return out


def page_texts(pdf: Path) -> dict[int, str]:
    """Each page's text, numbered from 1, and its links (from pdftohtml)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True)
    return {n: t for n, t in enumerate(text.stdout.split("\f"), 1) if t.strip()}


def page_links(pdf: Path) -> dict[int, list[tuple[int, str]]]:
    """page -> [(target page, link text)] for every internal link."""
    xml = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-q", "-stdout", str(pdf)], capture_output=True, text=True
    ).stdout
    links = {}
    for page in re.finditer(r'<page number="(\d+)".*?</page>', xml, re.S):
        links[int(page.group(1))] = [
            (int(target), unescape(re.sub(r"<[^>]+>", "", text)).strip())
            for target, text in re.findall(r'<a href="[^"#]*#(\d+)">(.*?)</a>', page.group(0))
        ]
    return links


def render(pdf: Path, page: int, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    prefix = ARTIFACTS / name
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(pdf),
            str(prefix),
        ],
        check=True,
    )
    return prefix.with_suffix(".png")


@pytest.mark.slow
@pytest.mark.reader
@pytest.mark.essay  # finds a page by its words and a term by its name
def test_calibre_renders_the_book_with_working_glossary_links(pdf: Path) -> None:
    texts = page_texts(pdf)
    links = page_links(pdf)
    glossary_pages = [n for n, t in texts.items() if t.lstrip().startswith("Glossary")]
    assert glossary_pages, "no page starts with the glossary"
    first_glossary = glossary_pages[0]
    # Where each definition sits: the page with the term at the start of a line.
    essay_page = next(n for n, t in texts.items() if "The first decision" in t.split("\n")[0])
    term_links = [(target, text) for target, text in links[essay_page] if text == "red lines"]
    assert term_links, links[essay_page]
    for target, _ in term_links:
        assert target >= first_glossary
        assert re.search(r"^\s*red lines\s*$", texts[target], re.M), texts[target][:300]
    # The glossary's own cross-references are links too.
    assert len(links[first_glossary]) >= 5
    assert render(pdf, essay_page, "essay-page").stat().st_size > 10_000
    assert render(pdf, first_glossary, "glossary-page").stat().st_size > 10_000
    assert render(pdf, 1, "cover-page").stat().st_size > 10_000


@pytest.mark.slow
@pytest.mark.reader
def test_calibre_never_ends_a_page_with_a_term_or_a_lead_line(book: Build, pdf: Path) -> None:
    # calibre's engine ignores break-after: avoid; the ePub's stylesheet keeps
    # a term with its definition and "Used in the essay:" with its list anyway.
    with zipfile.ZipFile(book.epub) as epub:
        glossary = BeautifulSoup(epub.read("glossary.xhtml"), "html.parser")
    terms = {" ".join(dt.get_text().split()) for dt in glossary.select("dl.glossary > dt")}
    assert len(terms) >= 14
    endings = {}
    for number, text in page_texts(pdf).items():
        lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
        endings[number] = lines[-1]
    stranded = {
        n: last for n, last in endings.items() if last in terms or last == "Used in the essay:"
    }
    assert stranded == {}, endings
