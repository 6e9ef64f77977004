"""One build at a time per output folder, and the site is never missing.

``sphinx-edition build`` holds ``<out>/.lock`` (flock) for the whole build: a
second build into the same folder waits for the first, or with --no-wait stops
at once and names it; the kernel drops the lock of a killed build. Publishing
swaps each output in with one atomic rename, so a server pointed at
``_build/html`` never finds it missing. The lock and the swaps are the
pipeline's, whatever it builds, so the builds are of the source language's
site and ePub (``support.source_part``).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from support import (
    BUILD_COMMAND,
    ROOT,
    Build,
    copy_docs,
    run_build,
    source_part,
    text_page_html,
    text_pages,
)

from sphinx_edition.pipeline.publish import RENAMEAT2

SCRIPTS = ROOT / "scripts"
# A page of the text (whatever the content), and where the site has it.
PAGE = text_pages()[0]
PAGE_HTML = text_page_html(0)
PART = source_part()


def build_cmd(out: Path, docs: Path, *extra: str) -> list[str]:
    return [*BUILD_COMMAND, "--docs", str(docs), "--out", str(out), *PART, *extra]


def start(out: Path, docs: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        build_cmd(out, docs, *extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def finish(proc: subprocess.Popen[str], out: Path) -> Build:
    output, _ = proc.communicate(timeout=180)
    return Build(proc.returncode, output, out)


def docs_saying(tmp_path: Path, name: str, sentence: str) -> Path:
    docs = copy_docs(tmp_path / name)
    page = docs / PAGE
    page.write_text(page.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")
    return docs


def published_text(out: Path, sentence: str) -> tuple[bool, bool]:
    """Whether the published site and the published ePub hold ``sentence``."""
    [book] = (out / "epub").glob("*.epub")
    assert (out / "html" / book.name).read_bytes() == book.read_bytes()
    page = (out / "html" / PAGE_HTML).read_text(encoding="utf-8")
    with zipfile.ZipFile(book) as zf:
        text = "".join(zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith(".xhtml"))
    return sentence in page, sentence in text


@contextmanager
def held(out: Path) -> Iterator[None]:
    """The lock of ``out``, held by this test as another build would hold it."""
    out.mkdir(parents=True, exist_ok=True)
    with open(out / ".lock", "w", encoding="ascii") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        lock.write(f"{os.getpid()}\n")
        lock.flush()
        yield


def said(proc: subprocess.Popen[str], start: str) -> str:
    """The next line ``proc`` prints, which must start with ``start`` (its
    output is a pipe: reading it waits for the line, not for a time)."""
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.startswith(start), line
    return line


def start_holding_the_lock(out: Path, docs: Path) -> subprocess.Popen[str]:
    """A build that holds the lock of ``out`` when this returns: it waits for
    this test's lock, says so, and says when it has the lock."""
    with held(out):
        proc = start(out, docs)
        said(proc, f"Waiting for another build (PID {os.getpid()})")
    said(proc, "The other build has finished; building")
    return proc


@contextmanager
def paused(proc: subprocess.Popen[str]) -> Iterator[None]:
    """``proc`` stopped (SIGSTOP) until the block ends, its lock still held: what
    the block starts meets a build that is running, however quick the build."""
    proc.send_signal(signal.SIGSTOP)
    os.waitpid(proc.pid, os.WUNTRACED)  # returns once it has stopped
    try:
        yield
    finally:
        proc.send_signal(signal.SIGCONT)


def no_traceback(build: Build) -> None:
    assert "Traceback" not in build.output, build.output


@pytest.mark.slow
def test_two_builds_started_together(tmp_path: Path) -> None:
    """The second started while the first builds: both succeed, one after the other."""
    out = tmp_path / "out"
    first_docs = docs_saying(tmp_path, "first", "Sentence of the first build.")
    second_docs = docs_saying(tmp_path, "second", "Sentence of the second build.")
    first = start_holding_the_lock(out, first_docs)
    with paused(first):
        second = start(out, second_docs)
        # The second waits for the first, and names it.
        said(second, f"Waiting for another build (PID {first.pid})")
    builds = {"first": finish(first, out), "second": finish(second, out)}
    for build in builds.values():
        assert build.returncode == 0, build.output
        no_traceback(build)
    # The second waited for the first (above) and published last: the site
    # and the ePub both come from that one build.
    assert "Waiting" not in builds["first"].output
    assert published_text(out, "Sentence of the second build.") == (True, True)
    assert published_text(out, "Sentence of the first build.") == (False, False)
    assert sorted(p.name for p in out.iterdir()) == [".lock", ".work", "epub", "html"]


@pytest.mark.slow
def test_no_wait_names_the_running_build(tmp_path: Path) -> None:
    out = tmp_path / "out"
    docs = copy_docs(tmp_path / "docs")
    running = start_holding_the_lock(out, docs)
    try:
        # At once, while the other build is running (paused, so it cannot finish first).
        with paused(running):
            busy = subprocess.run(
                build_cmd(out, docs, "--no-wait"), capture_output=True, text=True, timeout=20
            )
            assert running.poll() is None  # still building
    finally:
        done = finish(running, out)
    assert busy.returncode == 75
    assert busy.stdout == ""
    assert busy.stderr.count("\n") == 1 and busy.stderr.startswith("error: "), busy.stderr
    assert f"another build (PID {running.pid}) is running in {out}" in busy.stderr
    assert done.returncode == 0, done.output
    no_traceback(done)


@pytest.mark.slow
def test_the_lock_of_a_killed_build_stops_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    docs = copy_docs(tmp_path / "docs")
    killed = start_holding_the_lock(out, docs)
    killed.send_signal(signal.SIGKILL)
    finish(killed, out)
    assert killed.returncode == -signal.SIGKILL
    # Its PID is still in the lock file; the lock itself went with it.
    assert (out / ".lock").read_text(encoding="ascii").strip() == str(killed.pid)
    after = run_build(out, docs, *PART, "--no-wait")
    assert after.returncode == 0, after.output
    assert "Waiting" not in after.output and "another build" not in after.output
    no_traceback(after)


@pytest.mark.slow
def test_the_lock_belongs_to_one_output_folder(tmp_path: Path) -> None:
    """A lock on one folder (say _build) neither blocks nor is taken by a build elsewhere."""
    held, other = tmp_path / "held", tmp_path / "other"
    held.mkdir()
    with open(held / ".lock", "w", encoding="ascii") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        lock.write(f"{os.getpid()}\n")
        lock.flush()
        busy = run_build(held, ROOT / "docs", *PART, "--no-wait")
        assert busy.returncode == 75, busy.output
        assert f"another build (PID {os.getpid()})" in busy.output
        assert sorted(p.name for p in held.iterdir()) == [".lock"]  # nothing touched
        build = run_build(other, ROOT / "docs", *PART, "--no-wait")
        assert build.returncode == 0, build.output
    # The preview server runs sphinx-autobuild into _build/preview, never the
    # book's build; the benchmark runs that with --out in a temporary folder.
    assert "sphinx-edition" not in (SCRIPTS / "serve").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_site_is_never_missing_while_publishing(part_book: Build, tmp_path: Path) -> None:
    """A server reading _build/html during a rebuild finds every file, every time."""
    if RENAMEAT2 is None:
        pytest.skip("no renameat2 here: publishing swaps with two renames (see ARCHITECTURE.md)")
    out = tmp_path / "out"
    docs = docs_saying(tmp_path, "docs", "A sentence for the rebuild.")
    shutil.copytree(part_book.out, out, symlinks=True)  # the site being served
    [book] = (out / "epub").glob("*.epub")
    watched = [out / "html" / "index.html", out / "html" / book.name, book]
    misses: list[str] = []
    reads = 0
    stop = threading.Event()

    def read_all() -> None:
        nonlocal reads
        while not stop.is_set():
            for path in watched:
                try:
                    if not path.read_bytes():
                        misses.append(f"{path}: empty")
                except OSError as exc:
                    misses.append(f"{path}: {exc}")
            reads += 1

    reader = threading.Thread(target=read_all)
    reader.start()
    try:
        second = run_build(out, docs, *PART)
    finally:
        stop.set()
        reader.join()
    assert second.returncode == 0, second.output
    assert published_text(out, "A sentence for the rebuild.") == (True, True)
    assert reads > 100
    assert misses == []
