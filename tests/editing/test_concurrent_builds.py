"""One build at a time per output folder, and the site is never missing.

scripts/build_book.py holds ``<out>/.lock`` (flock) for the whole build: a
second build into the same folder waits for the first, or with --no-wait stops
at once and names it; the kernel drops the lock of a killed build. Publishing
swaps each output in with one atomic rename, so a server pointed at
``_build/html`` never finds it missing.
"""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
from support import ROOT, Build, copy_docs, run_build

SCRIPTS = ROOT / "scripts"
PAGE = "essay/joint-strategy.md"


def build_cmd(out: Path, docs: Path, *extra: str) -> list[str]:
    script = str(SCRIPTS / "build_book.py")
    return [sys.executable, script, "--docs", str(docs), "--out", str(out), *extra]


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
    page = (out / "html" / "essay" / "joint-strategy.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(book) as zf:
        text = "".join(zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith(".xhtml"))
    return sentence in page, sentence in text


def wait_for_lock_holder(out: Path, proc: subprocess.Popen[str]) -> None:
    """Until ``proc`` holds the lock of ``out`` (it writes its PID there)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if (out / ".lock").read_text(encoding="ascii").strip() == str(proc.pid):
                return
        except OSError:
            pass
        time.sleep(0.01)
    pytest.fail(f"the build never took the lock of {out}")


def no_traceback(build: Build) -> None:
    assert "Traceback" not in build.output, build.output


@pytest.mark.slow
def test_two_builds_started_together(tmp_path: Path) -> None:
    """Started 0.3 s apart into one folder: both succeed, one after the other."""
    out = tmp_path / "out"
    first_docs = docs_saying(tmp_path, "first", "Sentence of the first build.")
    second_docs = docs_saying(tmp_path, "second", "Sentence of the second build.")
    first = start(out, first_docs)
    time.sleep(0.3)
    second = start(out, second_docs)
    builds = {"first": finish(first, out), "second": finish(second, out)}
    for build in builds.values():
        assert build.returncode == 0, build.output
        no_traceback(build)
    # Whichever took the lock first, the other waited for it, said so, and
    # published last: the site and the ePub both come from that one build.
    waited = [name for name, build in builds.items() if "Waiting for another build" in build.output]
    assert len(waited) == 1, {name: b.output for name, b in builds.items()}
    pids = {"first": first.pid, "second": second.pid}
    other = "second" if waited == ["first"] else "first"
    assert f"(PID {pids[other]})" in builds[waited[0]].output
    last = f"Sentence of the {waited[0]} build."
    earlier = f"Sentence of the {other} build."
    assert published_text(out, last) == (True, True)
    assert published_text(out, earlier) == (False, False)
    assert sorted(p.name for p in out.iterdir()) == [".lock", ".work", "epub", "html", "pdf"]


@pytest.mark.slow
def test_no_wait_names_the_running_build(tmp_path: Path) -> None:
    out = tmp_path / "out"
    docs = copy_docs(tmp_path / "docs")
    running = start(out, docs)
    try:
        wait_for_lock_holder(out, running)
        started = time.monotonic()
        busy = subprocess.run(
            build_cmd(out, docs, "--no-wait"), capture_output=True, text=True, timeout=60
        )
        assert time.monotonic() - started < 20  # at once, not after the other build
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
    killed = start(out, docs)
    wait_for_lock_holder(out, killed)
    killed.send_signal(signal.SIGKILL)
    finish(killed, out)
    assert killed.returncode == -signal.SIGKILL
    # Its PID is still in the lock file; the lock itself went with it.
    assert (out / ".lock").read_text(encoding="ascii").strip() == str(killed.pid)
    after = run_build(out, docs, "--no-wait")
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
        busy = run_build(held, ROOT / "docs", "--no-wait")
        assert busy.returncode == 75, busy.output
        assert f"another build (PID {os.getpid()})" in busy.output
        assert sorted(p.name for p in held.iterdir()) == [".lock"]  # nothing touched
        build = run_build(other, ROOT / "docs", "--no-wait")
        assert build.returncode == 0, build.output
    # The preview server runs sphinx-autobuild into _build/preview, never this
    # script; the benchmark runs it with --out in a temporary folder.
    assert "build_book" not in (SCRIPTS / "serve").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_site_is_never_missing_while_publishing(tmp_path: Path) -> None:
    """A server reading _build/html during a rebuild finds every file, every time."""
    import build_book

    if build_book.RENAMEAT2 is None:
        pytest.skip("no renameat2 here: publishing swaps with two renames (see ARCHITECTURE.md)")
    out = tmp_path / "out"
    docs = docs_saying(tmp_path, "docs", "A sentence for the rebuild.")
    first = run_build(out, ROOT / "docs")
    assert first.returncode == 0, first.output
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
        second = run_build(out, docs)
    finally:
        stop.set()
        reader.join()
    assert second.returncode == 0, second.output
    assert published_text(out, "A sentence for the rebuild.") == (True, True)
    assert reads > 100
    assert misses == []
