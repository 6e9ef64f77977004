"""Two builds of one commit give the same ePub, byte for byte."""

from __future__ import annotations

import calendar
import hashlib
import os
import re
import time
import zipfile
from pathlib import Path

import pytest
from support import Build, copy_docs, entry_names, run_build, text_pages


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def same_epoch_as(epub: Path) -> dict[str, str]:
    """The environment for a build with ``epub``'s SOURCE_DATE_EPOCH.

    The build defaults it to the last commit's time; pinning it keeps the
    comparison about the build, even if someone commits in between.
    """
    opf = zipfile.ZipFile(epub).read("content.opf").decode("utf-8")
    modified = re.search(r'property="dcterms:modified">([^<]+)<', opf).group(1)
    epoch = calendar.timegm(time.strptime(modified, "%Y-%m-%dT%H:%M:%SZ"))
    return {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}


@pytest.mark.slow
def test_a_second_build_gives_the_same_bytes(book: Build, tmp_path: Path) -> None:
    again = run_build(tmp_path / "out", env=same_epoch_as(book.epub))
    assert again.returncode == 0, again.output
    assert sha256(again.epub) == sha256(book.epub)


@pytest.mark.slow
def test_an_edit_and_its_revert_give_the_same_bytes(book: Build, tmp_path: Path) -> None:
    docs = copy_docs(tmp_path / "docs")
    out = tmp_path / "out"
    env = same_epoch_as(book.epub)
    first = run_build(out, docs, env=env)
    assert first.returncode == 0, first.output
    before = sha256(first.epub)

    # An edit that touches what the ePub derives from the environment: a new
    # use of a term (search key map, term links) on one page.
    page = docs / text_pages()[0]
    term = entry_names()[0]
    original = page.read_text(encoding="utf-8")
    page.write_text(original + f"\nA last word on {{term}}`{term.capitalize()} <{term}>`.\n")
    edited = run_build(out, docs, env=env)
    assert edited.returncode == 0, edited.output
    assert sha256(edited.epub) != before  # the test can see a change

    page.write_text(original, encoding="utf-8")
    reverted = run_build(out, docs, env=env)
    assert reverted.returncode == 0, reverted.output
    assert sha256(reverted.epub) == before
