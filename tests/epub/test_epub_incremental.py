"""The ePub's working folder is kept between builds (sphinx-edition build
with its own doctrees, sphinx_edition.epub dropping what a clean build would
not make): an edit rewrites the pages it affects, and the book equals a
clean build of the same sources, member by member."""

from __future__ import annotations

import os
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from bench import same_epub
from sphinx.testing.util import SphinxTestApp
from support import Build, copy_docs, run_build, source_language, text_pages

PART = ("--only-language", source_language(), "--outputs", "html,epub")
# Pages of the text (under glossary_usage_prefix), whatever the content: two
# sections and the contents page that lists them.
FIRST, SECOND = (Path(p) for p in text_pages()[:2])
CONTENTS = FIRST.parent / "index.md"


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
    # The newest file time the first build left: the second build, a new
    # process started after this one ended, writes later than that.
    moment = max(p.stat().st_mtime_ns for p in (out / ".work" / "epub").rglob("*"))
    edit(docs)
    second = build(out, docs)
    clean = build(tmp_path / f"clean-{name}", docs)
    assert same_epub(second.epub, clean.epub), f"{name}: the incremental ePub differs"
    return [p for p in written_since(out, moment) if "/" in p]


@pytest.mark.slow  # builds the whole book
def test_prose_edit_rewrites_the_page_and_its_contents_page(tmp_path, docs) -> None:
    def edit(d: Path) -> None:
        page = d / FIRST
        page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")

    assert edit_and_check(tmp_path, docs, edit, "prose") == sorted(
        [CONTENTS.with_suffix(".xhtml").as_posix(), FIRST.with_suffix(".xhtml").as_posix()]
    )


@pytest.mark.slow  # builds the whole book
def test_a_changed_title_reaches_every_page_that_shows_it(tmp_path, docs) -> None:
    # A page that shows the title but is not the page's toctree parent: Sphinx
    # alone would not rewrite it (nor would it if the ePub shared the site's
    # doctrees, since the site's builder has already read the edit).
    other = docs / FIRST
    text = other.read_text(encoding="utf-8")
    other.write_text(text + f"\nCompare {{doc}}`{SECOND.stem}`.\n", encoding="utf-8")

    def edit(d: Path) -> None:
        page = d / SECOND
        lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
        assert lines[0].startswith("# ")
        page.write_text("# Choosing to lower the risks\n" + "".join(lines[1:]), encoding="utf-8")

    rewritten = edit_and_check(tmp_path, docs, edit, "title")
    shown = {SECOND.with_suffix(".xhtml").as_posix(), FIRST.with_suffix(".xhtml").as_posix()}
    assert shown <= set(rewritten)


@pytest.mark.slow  # builds the whole book
def test_a_removed_page_leaves_the_book(tmp_path, docs) -> None:
    out = tmp_path / "out"
    extra = docs / FIRST.parent / "extra.md"
    extra.write_text("# A page that goes\n\nSome words.\n", encoding="utf-8")
    index = docs / CONTENTS
    original = index.read_text(encoding="utf-8")
    listed = f"\n{FIRST.stem}\n"
    assert listed in original
    index.write_text(original.replace(listed, f"{listed}extra\n"), "utf-8")
    assert (FIRST.parent / "extra.xhtml").as_posix() in members(build(out, docs).epub)
    extra.unlink()
    index.write_text(original, encoding="utf-8")
    after = build(out, docs)
    assert not any("extra" in m for m in members(after.epub))
    assert "extra" not in (out / ".work" / "epub" / "content.opf").read_text(encoding="utf-8")
    assert same_epub(after.epub, build(tmp_path / "clean", docs).epub)


@pytest.mark.slow  # builds the whole book
def test_a_configuration_change_rebuilds_the_book_cleanly(tmp_path, docs) -> None:
    """Sphinx keeps its old build record as .buildinfo.bak after a change to
    conf.py; it must not end up in the book (nor fail the build with an
    unknown-mimetype warning). A book under its old name must not linger
    either (the pipeline takes the one book the builder wrote)."""

    def edit(d: Path) -> None:
        conf = d / "conf.py"
        text = conf.read_text(encoding="utf-8")
        conf.write_text(
            text + '\nhtml_title = "A title of another kind"\nepub_title = "Another book"\n'
            'epub_basename = "renamed-book"\n',
            "utf-8",
        )

    rewritten = edit_and_check(tmp_path, docs, edit, "conf")
    # Every page of the text and its contents page: the configuration changed.
    assert len(rewritten) >= len(text_pages()) + 1
    work = tmp_path / "out" / ".work" / "epub"
    assert [p.name for p in work.glob("*.epub")] == ["renamed-book.epub"]
    assert not (work / ".buildinfo.bak").exists()
    book = tmp_path / "out" / "epub" / "renamed-book.epub"
    assert not any(".buildinfo" in m for m in members(book))


ROOT = Path(__file__).parent.parent / "roots" / "test-epub-incremental"


def first_build(
    tmp_path: Path, make_app: Callable[..., SphinxTestApp], monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, SphinxTestApp]:
    """A copy of the small root, built once as an ePub at a fixed date."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    first = make_app("epub", srcdir=src)
    first.build()
    return src, first


def test_the_builder_alone_drops_what_a_clean_build_would_not_make(
    tmp_path: Path, make_app: Callable[..., SphinxTestApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the build script, in any project: a removed page and its image,
    Sphinx's .buildinfo.bak after a configuration change and the book under
    its old name stay out of the new book."""
    src, first = first_build(tmp_path, make_app, monkeypatch)
    out = Path(first.outdir)
    left = {"extra.xhtml", "_images/dot.png"}
    assert left <= set(members(out / "incremental.epub"))

    (src / "extra.rst").unlink()
    index = src / "index.rst"
    index.write_text(index.read_text(encoding="utf-8").replace("   extra\n", ""), "utf-8")
    # html_title changes the build record (hence .buildinfo.bak), and the name the book.
    changed = {"html_title": "Another title", "epub_basename": "renamed"}
    again = make_app("epub", srcdir=src, confoverrides=changed)
    again.build()
    # (A second app in one process re-registers Sphinx's nodes: not ours.)
    warnings = [w for w in again.warning.getvalue().splitlines() if "already registered" not in w]
    assert warnings == []
    assert [p.name for p in out.glob("*.epub")] == ["renamed.epub"]
    assert not left & {p.relative_to(out).as_posix() for p in out.rglob("*")}

    clean = make_app("epub", srcdir=src, builddir=tmp_path / "clean", confoverrides=changed)
    clean.build()
    assert same_epub(out / "renamed.epub", Path(clean.outdir) / "renamed.epub")


def test_a_page_whose_record_is_missing_is_written_again(
    tmp_path: Path, make_app: Callable[..., SphinxTestApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The package is made from what each page's record says it loads and
    shows (epub/records.py); a record that went missing is made again by
    writing its page again, and the book stays what a clean build makes."""
    src, first = first_build(tmp_path, make_app, monkeypatch)
    out = Path(first.outdir)
    book = (out / "incremental.epub").read_bytes()
    record = Path(first.doctreedir) / "epub-pages" / "extra.json"
    assert record.is_file()
    record.unlink()
    page = out / "extra.xhtml"
    os.utime(page, ns=(0, 0))  # so that a rewrite shows
    again = make_app("epub", srcdir=src)
    again.build()
    assert record.is_file() and page.stat().st_mtime_ns > 0
    assert (out / "incremental.epub").read_bytes() == book
