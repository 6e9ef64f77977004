"""The edition's own citation: CITATION.cff current and valid, and the tags of
the built site's landing and about pages, read as Zotero would, saying what
the file says."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from support import ROOT, Build, conf_value, read_config
from zotero import zotero_item

BIN = Path(sys.executable).parent
CFF = ROOT / "CITATION.cff"


def test_committed_citation_file_is_current() -> None:
    env = {k: v for k, v in os.environ.items() if k != "SITE_BASEURL"}
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_citation.py"), "--check"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr


def test_citation_file_validates() -> None:
    proc = subprocess.run(
        [str(BIN / "cffconvert"), "--validate", "-i", str(CFF)], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "valid" in proc.stdout


@pytest.mark.slow
@pytest.mark.parametrize("page", ["index.html", "about.html"])
def test_site_pages_carry_what_the_citation_file_says(book: Build, page: str) -> None:
    item = zotero_item((book.html / page).read_text(encoding="utf-8"))
    data = yaml.safe_load(CFF.read_text(encoding="utf-8"))
    preferred = data["preferred-citation"]
    config = read_config()
    assert item.item_type == "book"
    assert item.title == preferred["title"] == config.project
    # The edition's own date (cite_metadata), whatever day it was built.
    assert item.date == preferred["date-published"].replace("-", "/")
    assert data["date-released"] == preferred["date-published"]
    authors = [(c.first, c.last) for c in item.creators if c.role == "author"]
    assert authors == [(a["given-names"], a["family-names"]) for a in preferred["authors"]]
    editors = [f"{c.first} {c.last}" for c in item.creators if c.role == "editor"]
    assert editors == [e["name"] for e in preferred.get("editors", [])]
    assert item.url == preferred["url"] == data["url"]
    assert item.pdf == preferred["url"] + f"{conf_value('pdf_basename', '')}.pdf"
    assert item.language == "en" and item.publisher == preferred["publisher"]["name"]


@pytest.mark.slow
@pytest.mark.essay  # this edition's file name and first author
def test_landing_page_links_the_pdf_and_about_page_cites(book: Build) -> None:
    landing = BeautifulSoup((book.html / "index.html").read_text("utf-8"), "html.parser")
    hrefs = [a["href"] for a in landing.find_all("a", href=True) if a["href"].endswith(".pdf")]
    assert hrefs == ["zhao-risk-reduction.pdf"]
    about = BeautifulSoup((book.html / "about.html").read_text("utf-8"), "html.parser")
    assert about.select_one("p.edition-citation").get_text().startswith("Zhao, Tong. ")
    assert about.select_one(".edition-bibtex pre").get_text().startswith("@book{zhao-pressure,")
