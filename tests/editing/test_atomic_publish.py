"""``sphinx-edition build`` publishes the site and the ePub together, or neither.

The first test breaks and fixes the whole book (every edition, the PDF). The
others are about the pipeline alone (a failure that repeats, an interrupted
build, a settings change, a build killed at each step of publishing), so
they build the source language's site and ePub (``support.source_part``):
the same code path, at a fraction of the cost.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from support import Build, copy_docs, run_build, source_part, text_page_html, text_pages
from test_bad_input import digest

# A page of the text (whatever the content), and where the site has it.
PAGE = text_pages()[0]
PAGE_HTML = text_page_html(0)
BREAK = "\nSee {term}`no such term`.\n"
NEW_TEXT = "A sentence the editors added after the failure."
# What a build of the source part leaves in its output folder (.lock is the
# build lock, see test_concurrent_builds; .work Sphinx's working files).
PART_FOLDER = [".lock", ".work", "epub", "html"]


def epub_text(epub: Path) -> str:
    with zipfile.ZipFile(epub) as zf:
        return "".join(zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith(".xhtml"))


@pytest.mark.slow
def test_failure_keeps_outputs_until_fixed(book: Build, tmp_path: Path) -> None:
    """The whole book: a failure keeps every edition's outputs, the PDF
    included, and the fix publishes them all."""
    docs = copy_docs(tmp_path / "docs")
    out = tmp_path / "out"
    # The last good build: a copy of the session's (built from docs/, so the
    # first build here reads every page afresh, as a clean one would).
    shutil.copytree(book.out, out, symlinks=True)
    good = digest(out)
    assert any(name.endswith(".pdf") for name in good)
    page = docs / PAGE
    original = page.read_text(encoding="utf-8")

    page.write_text(original + BREAK, encoding="utf-8")
    first = run_build(out, docs)
    assert first.returncode != 0
    assert "no such term" in first.output
    assert digest(out) == good

    page.write_text(original + f"\n{NEW_TEXT}\n", encoding="utf-8")
    fixed = run_build(out, docs)
    assert fixed.returncode == 0, fixed.output
    html = (out / "html" / PAGE_HTML).read_text(encoding="utf-8")
    assert NEW_TEXT in html
    assert NEW_TEXT in epub_text(fixed.epub)
    # The site's download is the same new ePub.
    assert (out / "html" / fixed.epub.name).read_bytes() == fixed.epub.read_bytes()
    # No staging folder left; .lock is the build lock (see test_concurrent_builds).
    assert sorted(p.name for p in out.iterdir()) == [".lock", ".work", "epub", "html", "pdf"]


def broken_copy(published: Path, tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """Copies of a good build and of the sources, one page of them broken; the
    good build's digest."""
    docs = copy_docs(tmp_path / "docs")
    out = tmp_path / "out"
    shutil.copytree(published, out, symlinks=True)
    page = docs / PAGE
    page.write_text(page.read_text(encoding="utf-8") + BREAK, encoding="utf-8")
    return docs, out, digest(out)


@pytest.mark.slow
def test_an_unfixed_failure_fails_again(part_book: Build, tmp_path: Path) -> None:
    """Not fixed: the same error again, though Sphinx has seen the page before
    (the failed build's environment would have it as read, warning and all)."""
    docs, out, good = broken_copy(part_book.out, tmp_path)
    for _ in range(2):
        build = run_build(out, docs, *source_part())
        assert build.returncode != 0
        assert "no such term" in build.output
        assert digest(out) == good


@pytest.mark.slow
def test_interrupted_build_is_not_trusted(part_book: Build, tmp_path: Path) -> None:
    """A build cut short leaves Sphinx's working files; the next one starts afresh."""
    docs, out, good = broken_copy(part_book.out, tmp_path)
    # What an interrupted scripts/build leaves: Sphinx has read (and warned
    # about) the broken page into .work, and the marker is still there.
    work = out / ".work"
    (out / ".work-unfinished").touch()
    doctrees = str(work / "doctrees")
    sphinx = [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-d", doctrees]
    subprocess.run([*sphinx, str(docs), str(work / "html")], capture_output=True, check=False)
    build = run_build(out, docs, *source_part())
    assert build.returncode != 0
    assert "no such term" in build.output
    assert digest(out) == good


@pytest.mark.slow
def test_a_settings_change_rebuilds_cleanly(tmp_path: Path) -> None:
    """Editing conf.py between two builds must not fail the second one."""
    docs = copy_docs(tmp_path / "docs")
    out = tmp_path / "out"
    # Both builds from these sources, so the second starts from the first's
    # environment and sees the settings change.
    assert run_build(out, docs, *source_part()).returncode == 0
    conf = docs / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + '\nhtml_title = "Changed"\n')
    build = run_build(out, docs, *source_part())
    assert build.returncode == 0, build.output
    assert "<title>" in (out / "html" / "index.html").read_text(encoding="utf-8")
    assert "Changed" in (out / "html" / "index.html").read_text(encoding="utf-8")
    assert not list(out.glob("*/.buildinfo.bak"))


# -- SIGKILL at several moments ---------------------------------------------
#
# A build killed at any moment leaves the last good pair or the new one, never
# a mix and never a missing output, and the next build succeeds. The moments
# inside publishing last microseconds, so a small runner kills the build from
# inside at an exact step (a real SIGKILL; nothing in the pipeline knows).

RUNNER = """
import importlib, os, signal, sys
from sphinx_edition import cli

where, call, when = sys.argv[1], int(sys.argv[2]), sys.argv[3]
module_name, _, name = where.rpartition(".")
try:
    owner = importlib.import_module(module_name)
except ImportError:  # a class: module.Class.method
    module_name, _, cls = module_name.rpartition(".")
    owner = getattr(importlib.import_module(module_name), cls)
real = getattr(owner, name)
calls = 0
build = os.getpid()

def wrapper(*args, **kwargs):
    global calls
    if os.getpid() != build:
        # A builder forked beside the build (the ePub after the first
        # build, the PDF) counts nothing: it dies with the build.
        return real(*args, **kwargs)
    calls += 1
    if calls == call and when == "before":
        os.kill(os.getpid(), signal.SIGKILL)
    result = real(*args, **kwargs)
    if calls == call and when == "after":
        os.kill(os.getpid(), signal.SIGKILL)
    return result

setattr(owner, name, wrapper)
sys.exit(cli.main(["build", *sys.argv[4:]]))
"""


def book_name(out: Path) -> str:
    [book] = (out / "epub").glob("*.epub")
    return book.name


def pair_from_one_build(out: Path) -> bool | None:
    """Whether the published pair holds NEW_TEXT (None: a mixed pair)."""
    name = book_name(out)
    site_book = (out / "html" / name).read_bytes()
    if site_book != (out / "epub" / name).read_bytes():
        return None
    page = (out / "html" / PAGE_HTML).read_text(encoding="utf-8")
    in_epub = NEW_TEXT in epub_text(out / "epub" / name)
    return in_epub if (NEW_TEXT in page) == in_epub else None


def outputs(out: Path) -> dict[str, str]:
    """sha256 of every file in the two outputs (staging folders left aside)."""
    return {k: v for k, v in digest(out).items() if Path(k).parts[0] in ("html", "epub")}


def killed_setup(published: Path, tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    out = tmp_path / "out"
    shutil.copytree(published, out, symlinks=True)
    docs = copy_docs(tmp_path / "docs")
    page = docs / PAGE
    page.write_text(page.read_text(encoding="utf-8") + f"\n{NEW_TEXT}\n", encoding="utf-8")
    return out, docs, outputs(out)


def run_killed(out: Path, docs: Path, name: str, call: int, when: str) -> None:
    where = ["--docs", str(docs), "--out", str(out), *source_part()]
    proc = subprocess.run(
        [sys.executable, "-c", RUNNER, name, str(call), when, *where],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stdout + proc.stderr


def assert_next_build_publishes(out: Path, docs: Path) -> None:
    after = run_build(out, docs, *source_part())
    assert after.returncode == 0, after.output
    assert "Traceback" not in after.output
    assert pair_from_one_build(out) is True
    assert sorted(p.name for p in out.iterdir()) == PART_FOLDER


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "call", "when", "published_after"),
    [
        # While Sphinx runs: the site's builder has read the edit, not yet written.
        ("sphinx.builders.Builder.write", 1, "before", False),
        # The site's builder done, the ePub's still running beside it (in a
        # child, as on every build after the first) or done: both die.
        ("sphinx_edition.pipeline.run.sphinx", 1, "after", False),
        # Half-way through copying the new site next to the old one.
        ("sphinx_edition.pipeline.publish.copy_file", 6, "before", False),
        # Both staged, the journal written, nothing swapped yet.
        ("sphinx_edition.pipeline.publish.swap", 1, "before", False),
        # The site swapped in, the ePub not yet: the one mixed moment.
        ("sphinx_edition.pipeline.publish.swap", 2, "before", None),
        # Both swapped, the journal and the old outputs not yet removed.
        ("sphinx_edition.pipeline.publish.swap", 2, "after", True),
    ],
    ids=[
        "while-sphinx-runs",
        "after-the-site-builder",
        "while-copying",
        "before-swaps",
        "between-swaps",
        "after-swaps",
    ],
)
def test_killed_while_publishing(
    part_book: Build,
    tmp_path: Path,
    name: str,
    call: int,
    when: str,
    published_after: bool | None,
) -> None:
    out, docs, good = killed_setup(part_book.out, tmp_path)
    run_killed(out, docs, name, call, when)
    assert (out / "html" / "index.html").is_file() and (out / "epub" / book_name(out)).is_file()
    assert pair_from_one_build(out) is published_after
    if published_after is False:
        assert outputs(out) == good
    if published_after is None:
        # The next build, even one that fails, first finishes the swap the
        # killed build started (its journal, .publishing, says what is left).
        page = docs / PAGE
        text = page.read_text(encoding="utf-8")
        page.write_text(text + BREAK, encoding="utf-8")
        failed = run_build(out, docs, *source_part())
        assert failed.returncode != 0 and "no such term" in failed.output
        assert pair_from_one_build(out) is True
        page.write_text(text, encoding="utf-8")
    assert_next_build_publishes(out, docs)
