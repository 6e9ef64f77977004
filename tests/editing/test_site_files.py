"""build_book.site_files: what of _static a site publishes, and its record of
each page's references (an edit reads only the pages it rewrote)."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import build_book
import pytest


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def site(root: Path) -> Path:
    html = root / "html"
    write(html / "index.html", '<link rel="stylesheet" href="_static/a.css"><a href="b.html">b</a>')
    write(html / "sub/b.html", '<img src="../_static/pic%2Epng" alt="">')
    write(html / "_static/a.css", "body{background:url(font.woff2)}")
    write(html / "_static/font.woff2", "font")
    write(html / "_static/pic.png", "png")
    write(html / "_static/unused.js", "js")
    return html


@pytest.fixture
def read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages build_book parses for their references, as they are parsed."""
    parsed: list[str] = []
    real = build_book.page_refs

    def counted(text: str) -> list[str]:
        parsed.append(text)
        return real(text)

    monkeypatch.setattr(build_book, "page_refs", counted)
    return parsed


def test_only_what_pages_and_their_stylesheets_load_is_published(tmp_path: Path) -> None:
    html = site(tmp_path)
    expected = [
        "index.html",
        "sub/b.html",
        "_static/a.css",
        "_static/font.woff2",
        "_static/pic.png",
    ]
    assert build_book.site_files(html) == expected
    assert build_book.site_files(html, tmp_path / "refs.json") == expected


def test_the_record_is_used_for_unchanged_pages_and_not_for_rewritten_ones(
    tmp_path: Path, read: list[str]
) -> None:
    html = site(tmp_path)
    record = tmp_path / "refs.json"
    build_book.site_files(html, record)
    read.clear()  # from here on, count what the record spares
    assert "_static/unused.js" not in build_book.site_files(html, record)
    assert read == [], "unchanged pages were read again"

    # A rewritten page (its size changes) that now loads the script.
    page = html / "sub/b.html"
    write(page, page.read_text(encoding="utf-8") + '<script src="../_static/unused.js"></script>')
    assert "_static/unused.js" in build_book.site_files(html, record)
    assert len(read) == 1

    # Same size, newer time: read again too.
    write(page, page.read_text(encoding="utf-8").replace("unused.js", "unused.JS"))
    stat = page.stat()
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert "_static/unused.js" not in build_book.site_files(html, record)
    assert len(read) == 2


def test_a_damaged_record_is_ignored(tmp_path: Path) -> None:
    html = site(tmp_path)
    record = tmp_path / "refs.json"
    for damage in (
        "{not json",
        "[1]",
        '{"format": 1, "pages": 3}',
        '{"format": 1, "pages": {"index.html": 7}}',
    ):
        record.write_text(damage, encoding="utf-8")
        assert "_static/pic.png" in build_book.site_files(html, record)


def test_pages_an_earlier_build_read_are_not_read_again(
    tmp_path: Path, monkeypatch, read: list[str]
) -> None:
    """With the shared cache (sphinx_edition.cache), a clean build's pages that
    an earlier build wrote byte for byte are not parsed again."""
    monkeypatch.setenv("SPHINX_EDITION_CACHE_DIR", str(tmp_path / "cache"))
    config = SimpleNamespace(edition_shared_cache=True)
    first = build_book.site_files(site(tmp_path / "one"), tmp_path / "one.json", config)
    assert len(read) == 2
    again = build_book.site_files(site(tmp_path / "two"), tmp_path / "two.json", config)
    assert again == first and len(read) == 2, "a page with the same bytes was parsed again"
    (tmp_path / "two" / "html" / "index.html").write_text("<p>new</p>", encoding="utf-8")
    build_book.site_files(tmp_path / "two" / "html", tmp_path / "two.json", config)
    assert len(read) == 3
    off = SimpleNamespace(edition_shared_cache=False)
    build_book.site_files(site(tmp_path / "three"), None, off)
    assert len(read) == 5
