"""Honest credits on the built site, in both languages: every page's footer
and its printed foot credit the editors with this wording and Tong Zhao with
the essay, and no page says "By Tong Zhao" alone."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from support import Build, site_pages

pytestmark = pytest.mark.essay

# What each edition's credit must name: the editors, for the wording; the
# essay's author, for the essay and its ideas; the original's venue and date.
MUST_SAY = {
    "": (
        "Own-words edition of an essay by Tong Zhao (The National Interest, 5 November 2017):",
        "the ideas are his; the wording, glossary and notes are by the Risk Reduction "
        "Edition editors.",
    ),
    "zh-cn/": (
        "赵通（Tong Zhao）一篇文章（The National Interest，2017年11月5日）的重述本",
        "观点属于赵通；措辞、术语表和注释出自降低风险版编者。",
    ),
}


def pages(book: Build, prefix: str) -> list[str]:
    found = site_pages(book.html)
    if prefix:
        return [p for p in found if p.startswith(prefix)]
    return [p for p in found if not any(p.startswith(other) for other in MUST_SAY if other)]


@pytest.mark.slow
@pytest.mark.parametrize("prefix", list(MUST_SAY))
def test_every_footer_credits_editors_and_author(book: Build, prefix: str) -> None:
    names = pages(book, prefix)
    assert len(names) >= 10 and any(n.endswith("404.html") for n in names)
    for name in names:
        soup = BeautifulSoup((book.html / name).read_text("utf-8"), "html.parser")
        [foot] = soup.select(".bd-footer-content")
        [credit] = foot.select("p.edition-credit")
        text = " ".join(credit.get_text().split())
        for words in MUST_SAY[prefix]:
            assert words in text, (name, words)
        assert [em.get_text() for em in credit.find_all("em")] == ["The National Interest"]
        # Nowhere on the page is the edition said to be "By" the author alone.
        assert not re.search(r"\bBy\s+(Tong Zhao|赵通)", soup.get_text()), name


@pytest.mark.slow
@pytest.mark.parametrize("prefix", list(MUST_SAY))
def test_printed_pages_carry_the_same_credit(book: Build, prefix: str) -> None:
    for name in pages(book, prefix):
        soup = BeautifulSoup((book.html / name).read_text("utf-8"), "html.parser")
        [style] = [s.get_text() for s in soup.find_all("style", media="print")]
        foot = re.search(r'@bottom-left \{ content: "((?:[^"\\]|\\.)*)"', style)
        assert foot, name
        for words in MUST_SAY[prefix]:
            assert words in foot[1], (name, words)


@pytest.mark.slow
@pytest.mark.browser
def test_a_printed_page_shows_the_credit(book: Build, browser, tmp_path: Path) -> None:
    # Chromium lays out the page margins; pdftotext reads the printed foot.
    pdf = tmp_path / "page.pdf"
    page = browser.new_page()
    try:
        page.goto((book.html / "essay" / "risk-reduction.html").as_uri())
        page.emulate_media(media="print")
        page.pdf(path=str(pdf), format="A4")
    finally:
        page.close()
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    for words in MUST_SAY[""]:
        assert " ".join(words.split()) in flat, words
