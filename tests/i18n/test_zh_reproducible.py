"""Two builds of one commit give the same Chinese ePub and site, byte for byte."""

from __future__ import annotations

import calendar
import hashlib
import os
import re
import time
import zipfile
from pathlib import Path

import pytest
from support import Build, run_build

pytestmark = [pytest.mark.slow, pytest.mark.zh]


def digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def same_epoch_as(epub: Path) -> dict[str, str]:
    """The environment for a build with ``epub``'s SOURCE_DATE_EPOCH (see
    tests/epub/test_epub_reproducible.py: a commit in between must not count)."""
    opf = zipfile.ZipFile(epub).read("content.opf").decode("utf-8")
    modified = re.search(r'property="dcterms:modified">([^<]+)<', opf).group(1)
    epoch = calendar.timegm(time.strptime(modified, "%Y-%m-%dT%H:%M:%SZ"))
    return {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}


def test_a_second_build_gives_the_same_chinese_edition(book: Build, tmp_path: Path) -> None:
    again = run_build(tmp_path / "out", env=same_epoch_as(book.zh_epub))
    assert again.returncode == 0, again.output
    assert again.zh_epub.read_bytes() == book.zh_epub.read_bytes()
    assert digest(again.zh_html) == digest(book.zh_html)
