"""Two builds of one commit give the same ePub, byte for byte."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from support import Build, copy_docs, run_build, same_epoch_as

# The edit-and-revert builds need the English edition alone. (With
# --outputs epub alone, build_book.py stops saying .work/doctrees went
# missing: the ePub is built after the site.)
ENGLISH = ("--only-language", "en", "--outputs", "html,epub")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow
def test_a_second_build_gives_the_same_bytes(book: Build, book_again: Build) -> None:
    assert sha256(book_again.epub) == sha256(book.epub)


@pytest.mark.slow
def test_an_edit_and_its_revert_give_the_same_bytes(book: Build, tmp_path: Path) -> None:
    docs = copy_docs(tmp_path / "docs")
    out = tmp_path / "out"
    env = same_epoch_as(book.epub)
    first = run_build(out, docs, *ENGLISH, env=env)
    assert first.returncode == 0, first.output
    before = sha256(first.epub)

    # An edit that touches what the ePub derives from the environment: a new
    # use of a term (search key map, term links) on one page.
    page = docs / "essay" / "joint-strategy.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original + "\nA last word on {term}`Brinkmanship <brinkmanship>`.\n")
    edited = run_build(out, docs, *ENGLISH, env=env)
    assert edited.returncode == 0, edited.output
    assert sha256(edited.epub) != before  # the test can see a change

    page.write_text(original, encoding="utf-8")
    reverted = run_build(out, docs, *ENGLISH, env=env)
    assert reverted.returncode == 0, reverted.output
    assert sha256(reverted.epub) == before
