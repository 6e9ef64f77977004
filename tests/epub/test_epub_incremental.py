"""The ePub's working folder is kept between builds (scripts/build_book.py
with its own doctrees, sphinx_edition.epub dropping what a clean build would
not make): an edit rewrites the pages it affects, and the book equals a
clean build of the same sources, member by member."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest
from bench import same_epub
from support import Build, copy_docs, run_build

PART = ("--only-language", "en", "--outputs", "html,epub")
ESSAY = "docs/essay"


def build(out: Path, docs: Path) -> Build:
    result = run_build(out, docs, *PART)
    assert result.returncode == 0, result.output
    return result


def written_since(out: Path, moment: int) -> list[str]:
    folder = out / ".work" / "epub"
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*.xhtml")
        if p.stat().st_mtime_ns > moment and p.name != "nav.xhtml"
    )


def members(book: Path) -> list[str]:
    with zipfile.ZipFile(book) as zf:
        return zf.namelist()


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    return copy_docs(tmp_path / "docs")


def edit_and_check(tmp_path: Path, docs: Path, edit, name: str) -> list[str]:
    """Build, edit, build again; the ePub must equal a clean build's. The
    content pages the second build rewrote (not the front matter and
    indexes, which every build writes)."""
    out = tmp_path / "out"
    first = build(out, docs)
    assert first.epub.is_file()
    time.sleep(0.02)
    moment = time.time_ns()
    edit(docs)
    second = build(out, docs)
    clean = build(tmp_path / f"clean-{name}", docs)
    assert same_epub(second.epub, clean.epub), f"{name}: the incremental ePub differs"
    return [p for p in written_since(out, moment) if "/" in p]


def test_prose_edit_rewrites_the_page_and_its_contents_page(tmp_path, docs) -> None:
    def edit(d: Path) -> None:
        page = d / "essay" / "joint-strategy.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")

    assert edit_and_check(tmp_path, docs, edit, "prose") == [
        "essay/index.xhtml",
        "essay/joint-strategy.xhtml",
    ]


def test_a_changed_title_reaches_every_page_that_shows_it(tmp_path, docs) -> None:
    def edit(d: Path) -> None:
        page = d / "essay" / "risk-reduction.md"
        lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
        assert lines[0].startswith("# ")
        page.write_text("# Choosing to lower the risks\n" + "".join(lines[1:]), encoding="utf-8")

    rewritten = edit_and_check(tmp_path, docs, edit, "title")
    # The glossary labels its links back by section title.
    assert "essay/risk-reduction.xhtml" in rewritten and len(rewritten) > 2


def test_a_removed_page_leaves_the_book(tmp_path, docs) -> None:
    out = tmp_path / "out"
    extra = docs / "essay" / "extra.md"
    extra.write_text("# A page that goes\n\nSome words.\n", encoding="utf-8")
    index = docs / "essay" / "index.md"
    original = index.read_text(encoding="utf-8")
    assert "\njoint-strategy\n" in original
    index.write_text(original.replace("\njoint-strategy\n", "\njoint-strategy\nextra\n"), "utf-8")
    assert "essay/extra.xhtml" in members(build(out, docs).epub)
    extra.unlink()
    index.write_text(original, encoding="utf-8")
    after = build(out, docs)
    assert not any("extra" in m for m in members(after.epub))
    assert "extra" not in (out / ".work" / "epub" / "content.opf").read_text(encoding="utf-8")
    assert same_epub(after.epub, build(tmp_path / "clean", docs).epub)


def test_a_configuration_change_rebuilds_the_book_cleanly(tmp_path, docs) -> None:
    """Sphinx keeps its old build record as .buildinfo.bak after a change to
    conf.py; it must not end up in the book (nor fail the build with an
    unknown-mimetype warning)."""

    def edit(d: Path) -> None:
        conf = d / "conf.py"
        text = conf.read_text(encoding="utf-8")
        conf.write_text(text + '\nhtml_title = "A title of another kind"\n', "utf-8")

    rewritten = edit_and_check(tmp_path, docs, edit, "conf")
    assert len(rewritten) >= 4  # every page: the configuration changed
    book = tmp_path / "out" / "epub"
    assert not any(".buildinfo" in m for m in members(next(book.glob("*.epub"))))
