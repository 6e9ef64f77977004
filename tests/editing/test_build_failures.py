"""Failures of the build script itself: one ``error:`` line, never a traceback.

A full disk, a read-only or forbidden output folder, a missing source folder:
the build exits non-zero with one line saying what happened and what to do,
leaves the last good outputs byte for byte as they were, removes its staging
folders, and the next build (once the cause is gone) succeeds. The disk and
read-only cases run on a real tmpfs, so they need root (mount). The faults
are the pipeline's, whatever it builds, so the builds that must get past
Sphinx are of the source language's site and ePub (``support.source_part``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from support import BUILD_COMMAND, Build, copy_docs, run_build, source_part, text_pages
from test_bad_input import digest

PAGE = text_pages()[0]  # a page of the text, whatever the content
NEW_TEXT = "A sentence written while the disk was full."
MB = 1024 * 1024
PART = source_part()
# What a build of PART leaves in its output folder: no staging folder.
PART_FOLDER = [".lock", ".work", "epub", "html"]


def one_error_line(build: Build) -> str:
    """The build's one ``error:`` line (and no traceback anywhere)."""
    assert build.returncode != 0
    assert "Traceback" not in build.output, build.output
    errors = [line for line in build.output.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, build.output
    return errors[0]


def published(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir())


@contextmanager
def tmpfs(where: Path, size: int) -> Iterator[Path]:
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    where.mkdir()
    mount = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(where)],
        capture_output=True,
        text=True,
    )
    if mount.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mount.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def remount(where: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(where)], check=True)


def used_bytes(where: Path) -> int:
    st = os.statvfs(where)
    return (st.f_blocks - st.f_bfree) * st.f_frsize


def allocated(folder: Path) -> int:
    return sum(p.lstat().st_blocks * 512 for p in folder.rglob("*"))


def add_sentence(docs: Path, sentence: str) -> None:
    page = docs / PAGE
    page.write_text(page.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")


@pytest.mark.slow
def test_full_disk_while_publishing(tmp_path: Path) -> None:
    docs = copy_docs(tmp_path / "docs")
    with tmpfs(tmp_path / "disk", 64 * MB) as disk:
        out = disk / "out"
        first = run_build(out, docs, *PART)
        assert first.returncode == 0, first.output
        good = digest(out)
        # Shrink the disk to what it holds now plus half of one published
        # copy: Sphinx can rewrite its working files in place, but the new
        # outputs cannot be copied next to the old ones.
        size = used_bytes(disk) + (allocated(out / "html") + allocated(out / "epub")) // 2
        remount(disk, f"size={size}")
        add_sentence(docs, NEW_TEXT)

        full = run_build(out, docs, *PART)
        error = one_error_line(full)
        assert "the disk is full" in error
        assert "while copying the new outputs into place" in error
        assert "free some space" in error
        assert digest(out) == good  # byte for byte
        assert published(out) == PART_FOLDER  # no staging left

        remount(disk, f"size={64 * MB}")
        again = run_build(out, docs, *PART)
        assert again.returncode == 0, again.output
        page = (out / "html" / Path(PAGE).with_suffix(".html")).read_text(encoding="utf-8")
        assert NEW_TEXT in page
        assert published(out) == PART_FOLDER


@pytest.mark.slow
def test_full_disk_while_sphinx_writes(tmp_path: Path) -> None:
    """Sphinx reports its own errors; the last line still says the disk is full."""
    with tmpfs(tmp_path / "disk", 2 * MB) as disk:
        out = disk / "out"
        full = run_build(out)
        assert full.returncode != 0
        # Sphinx reports what failed its own way (a crash report); the build's
        # own last word is one error line.
        last = full.output.strip().splitlines()[-1]
        assert last.startswith("error: the disk is full") and "free some space" in last
        assert sum(line.startswith("error: ") for line in full.output.splitlines()) == 1
        assert published(out) == [".lock"]  # Sphinx's half-written work removed


@pytest.mark.slow
def test_read_only_output_folder(part_book: Build, tmp_path: Path) -> None:
    docs = copy_docs(tmp_path / "docs")
    with tmpfs(tmp_path / "disk", 64 * MB) as disk:
        out = disk / "out"
        shutil.copytree(part_book.out, out, symlinks=True)  # the last good build
        good = digest(out)
        remount(disk, "ro")
        try:
            for target in (out, disk / "new"):
                error = one_error_line(run_build(target, docs, *PART))
                assert "read-only file system" in error, error
                assert "--out DIR" in error
            assert digest(out) == good
            assert not (disk / "new").exists()
        finally:
            remount(disk, "rw")
        assert run_build(out, docs, *PART).returncode == 0


@pytest.mark.slow
def test_permission_denied(part_book: Build, tmp_path: Path) -> None:
    docs = copy_docs(tmp_path / "docs")
    out = tmp_path / "out"
    shutil.copytree(part_book.out, out, symlinks=True)  # the last good build
    good = digest(out)
    cmd = [*BUILD_COMMAND, "--docs", str(docs), "--out", str(out), *PART]
    if os.geteuid() == 0:
        # Root writes anywhere; without these two capabilities it obeys modes.
        if not shutil.which("setpriv"):
            pytest.skip("root needs setpriv to drop its file-permission override")
        cmd = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--", *cmd]
    out.chmod(0o555)
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True)
    finally:
        out.chmod(0o755)
    if "setpriv:" in proc.stderr:
        pytest.skip(f"cannot drop capabilities here: {proc.stderr.strip()}")
    error = one_error_line(Build(proc.returncode, proc.stdout + proc.stderr, out))
    assert "permission denied" in error and f"make {out} writable" in error
    assert digest(out) == good
    assert run_build(out, docs, *PART).returncode == 0


def test_missing_source_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    error = one_error_line(run_build(out, tmp_path / "no-such-folder"))
    assert f"the source folder {tmp_path / 'no-such-folder'} does not exist" in error
    assert "--docs DIR" in error
    assert not out.exists()  # checked before anything is written


def test_source_folder_without_conf(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Title\n", encoding="utf-8")
    error = one_error_line(run_build(tmp_path / "out", docs))
    assert "has no conf.py" in error
