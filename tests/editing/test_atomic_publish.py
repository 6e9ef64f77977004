"""scripts/build_book.py publishes the site and the ePub together, or neither."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from support import copy_docs, run_build
from test_bad_input import digest

PAGE = "essay/joint-strategy.md"
BREAK = "\nSee {term}`no such term`.\n"
NEW_TEXT = "A sentence the editors added after the failure."


def epub_text(epub: Path) -> str:
    with zipfile.ZipFile(epub) as zf:
        return "".join(zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith(".xhtml"))


@pytest.mark.slow
def test_failure_keeps_outputs_and_repeats_until_fixed(tmp_path: Path) -> None:
    docs = copy_docs(tmp_path / "docs")
    out = tmp_path / "out"
    assert run_build(out, docs).returncode == 0
    good = digest(out)
    page = docs / PAGE
    original = page.read_text(encoding="utf-8")

    page.write_text(original + BREAK, encoding="utf-8")
    first = run_build(out, docs)
    assert first.returncode != 0
    assert digest(out) == good
    # Not fixed: the same error again, though Sphinx has seen the page before.
    second = run_build(out, docs)
    assert second.returncode != 0
    assert "no such term" in second.output
    assert digest(out) == good

    page.write_text(original + f"\n{NEW_TEXT}\n", encoding="utf-8")
    fixed = run_build(out, docs)
    assert fixed.returncode == 0, fixed.output
    html = (out / "html" / "essay" / "joint-strategy.html").read_text(encoding="utf-8")
    assert NEW_TEXT in html
    assert NEW_TEXT in epub_text(fixed.epub)
    # The site's download is the same new ePub.
    assert (out / "html" / fixed.epub.name).read_bytes() == fixed.epub.read_bytes()
    assert sorted(p.name for p in out.iterdir()) == [".work", "epub", "html"]


@pytest.mark.slow
def test_interrupted_build_is_not_trusted(tmp_path: Path) -> None:
    """A build cut short leaves Sphinx's working files; the next one starts afresh."""
    docs = copy_docs(tmp_path / "docs")
    out = tmp_path / "out"
    assert run_build(out, docs).returncode == 0
    good = digest(out)
    page = docs / PAGE
    page.write_text(page.read_text(encoding="utf-8") + BREAK, encoding="utf-8")
    # What an interrupted scripts/build leaves: Sphinx has read (and warned
    # about) the broken page into .work, and the marker is still there.
    work = out / ".work"
    (out / ".work-unfinished").touch()
    doctrees = str(work / "doctrees")
    sphinx = [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-d", doctrees]
    subprocess.run([*sphinx, str(docs), str(work / "html")], capture_output=True, check=False)
    build = run_build(out, docs)
    assert build.returncode != 0
    assert "no such term" in build.output
    assert digest(out) == good


@pytest.mark.slow
def test_a_settings_change_rebuilds_cleanly(tmp_path: Path) -> None:
    """Editing conf.py between two builds must not fail the second one."""
    docs = copy_docs(tmp_path / "docs")
    out = tmp_path / "out"
    assert run_build(out, docs).returncode == 0
    conf = docs / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + '\nhtml_title = "Changed"\n')
    build = run_build(out, docs)
    assert build.returncode == 0, build.output
    assert "<title>" in (out / "html" / "index.html").read_text(encoding="utf-8")
    assert "Changed" in (out / "html" / "index.html").read_text(encoding="utf-8")
    assert not list(out.glob("*/.buildinfo.bak"))
