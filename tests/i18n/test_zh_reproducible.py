"""Two builds of one commit give the same Chinese ePub and site, byte for byte."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from support import Build

pytestmark = [pytest.mark.slow, pytest.mark.zh]


def digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_a_second_build_gives_the_same_chinese_edition(book: Build, book_again: Build) -> None:
    # book_again (conftest.py): one second build for both editions' comparisons.
    assert book_again.zh_epub.read_bytes() == book.zh_epub.read_bytes()
    assert digest(book_again.zh_html) == digest(book.zh_html)
