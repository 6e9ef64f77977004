"""The Chinese edition in a browser and in Ace: search finds Chinese words, the
language switch works by keyboard and without JavaScript, and the Chinese
ePub has no accessibility violation. (axe runs on every page of both
languages in tests/site/test_axe.py, which walks the whole site.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from epub_checks import ace
from site_server import serve
from support import ZH, Build, edition_path

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.zh]

CLAIM = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"


@pytest.fixture(scope="module")
def base_url(book: Build) -> Iterator[str]:
    with serve(book.html) as url:
        yield url


def test_chinese_search_finds_a_chinese_word(base_url: str, browser: Any) -> None:
    def check(browser: Any) -> None:
        page = browser.new_page()
        page.goto(base_url + edition_path(ZH) + "search.html?q=朝鲜", wait_until="networkidle")
        results = page.locator("#search-results li a")
        results.first.wait_for(timeout=15000)
        hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
        assert len(hrefs) >= 3, hrefs
        assert any("essay/" in h for h in hrefs), hrefs

    check(browser)  # the session's Chromium (tests/conftest.py)


def test_the_switch_works_by_keyboard_both_ways(base_url: str, browser: Any) -> None:
    def check(browser: Any) -> None:
        page = browser.new_page()
        page.goto(base_url + "essay/risk-reduction.html", wait_until="networkidle")
        nav = page.get_by_role("navigation", name="Languages")
        nav.get_by_role("link", name="简体中文").focus()
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/{edition_path(ZH)}essay/risk-reduction.html")
        assert page.evaluate("document.documentElement.lang") == "zh-CN"
        page.get_by_role("navigation", name="语言").get_by_role("link", name="English").focus()
        page.keyboard.press("Enter")
        page.wait_for_url(base_url + "essay/risk-reduction.html")

    check(browser)  # the session's Chromium (tests/conftest.py)


def test_the_switch_shows_without_javascript(base_url: str, browser: Any) -> None:
    def check(browser: Any) -> None:
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        for path in ("index.html", edition_path(ZH) + "glossary.html"):
            page.goto(base_url + path)
            link = page.locator("nav.edition-languages a")
            assert link.is_visible(), path
            box = link.bounding_box()
            # Big enough to hit (WCAG 2.2 target size, 24 by 24 CSS pixels).
            assert box and box["width"] >= 24 and box["height"] >= 24, (path, box)

    check(browser)  # the session's Chromium (tests/conftest.py)


def test_ace_finds_no_violation_in_the_chinese_epub(book: Build, tmp_path: Path) -> None:
    data = ace(book.zh_epub, tmp_path)
    failed = [
        f"{doc['earl:testSubject']['url']}: {a['earl:test']['dct:title']}"
        for doc in data["assertions"]
        for a in doc["assertions"]
        if a["earl:result"]["earl:outcome"] == "fail"
    ]
    assert failed == []
    assert data["earl:testSubject"]["metadata"]["dcterms:conformsTo"] == CLAIM
