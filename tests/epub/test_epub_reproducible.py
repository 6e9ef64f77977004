"""Two builds of one commit give the same ePub, byte for byte."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from support import (
    Build,
    copy_docs,
    entry_names,
    run_build,
    same_epoch_as,
    source_language,
    text_pages,
)

# The edit-and-revert builds need the source edition alone (its site too:
# the ePub starts from the site's doctrees).
ENGLISH = ("--only-language", source_language(), "--outputs", "html,epub")


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
    page = docs / text_pages()[0]
    term = entry_names()[0]
    original = page.read_text(encoding="utf-8")
    page.write_text(original + f"\nA last word on {{term}}`{term.capitalize()} <{term}>`.\n")
    edited = run_build(out, docs, *ENGLISH, env=env)
    assert edited.returncode == 0, edited.output
    assert sha256(edited.epub) != before  # the test can see a change

    page.write_text(original, encoding="utf-8")
    reverted = run_build(out, docs, *ENGLISH, env=env)
    assert reverted.returncode == 0, reverted.output
    assert sha256(reverted.epub) == before
