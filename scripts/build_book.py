"""Build the HTML site and the ePub in one process; publish both or neither.

Sphinx builds into working folders under ``_build/.work`` (kept between runs,
so an edit rebuilds only what it touched, and the two builders share one set
of parsed doctrees). Only when both builds finish without a warning are the
results copied into place as ``_build/html`` and ``_build/epub``; a failed
build leaves the last good outputs exactly as they were.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def last_commit_time() -> str:
    """The last commit's time, so two builds of one commit carry one date."""
    try:
        out = subprocess.run(
            ["git", "-C", str(ROOT), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        out = ""
    return out or "0"


def sphinx(builder: str, docs: Path, outdir: Path, doctrees: Path, extra: list[str]) -> int:
    from sphinx.cmd.build import build_main

    args = ["-b", builder, "-d", str(doctrees), "-W", "--keep-going", "-n", "-q"]
    return build_main([*args, *extra, str(docs), str(outdir)])


def stage(built: Path, target: Path) -> Path:
    """Copy ``built`` next to ``target``, ready to be swapped in."""
    staging = target.with_name(f".{target.name}.new")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(built, staging)
    return staging


def swap(staging: Path, target: Path) -> None:
    """Replace ``target`` by ``staging`` with two renames (no half-copied folder)."""
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def build(docs: Path, out: Path, extra: list[str]) -> int:
    work = out / ".work"
    doctrees = work / "doctrees"
    # Present while Sphinx runs. If a build is interrupted (Ctrl-C, a crash),
    # its half-made environment would let the next build skip pages whose
    # warnings were never seen, so that build starts afresh.
    unfinished = out / ".work-unfinished"
    if unfinished.exists():
        shutil.rmtree(work, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    unfinished.touch()
    # After a change to conf.py Sphinx keeps the old build info as
    # .buildinfo.bak, and the ePub builder rejects that file (a warning). The
    # ePub is rewritten whole anyway, so start its folder empty.
    shutil.rmtree(work / "epub", ignore_errors=True)
    failed = [
        builder
        for builder in ("html", "epub")
        if sphinx(builder, docs, work / builder, doctrees, extra) != 0
    ]
    if failed:
        # Sphinx would not re-read an unchanged page next time, so its warning
        # would not repeat and a broken book could publish: start afresh.
        shutil.rmtree(work, ignore_errors=True)
        unfinished.unlink()
        print(
            f"Build failed ({', '.join(failed)}); fix the errors above. "
            f"The outputs in {out} were left as they were.",
            file=sys.stderr,
        )
        return 1
    unfinished.unlink()
    (work / "html" / ".buildinfo.bak").unlink(missing_ok=True)
    # The one book the ePub builder wrote (named by epub_basename in conf.py).
    [book] = (work / "epub").glob("*.epub")
    # The site offers the ePub for download from its landing page.
    shutil.copy2(book, work / "html" / book.name)
    epub_only = work / "epub-only"
    shutil.rmtree(epub_only, ignore_errors=True)
    epub_only.mkdir()
    shutil.copy2(book, epub_only / book.name)
    # Copy both first, then swap both: the slow, fallible part (copying) is
    # over before either output changes, so the two stay from one build.
    staged = [(stage(work / "html", out / "html"), out / "html")]
    staged.append((stage(epub_only, out / "epub"), out / "epub"))
    for staging, target in staged:
        swap(staging, target)
    print(f"Built {out / 'html' / 'index.html'} and {out / 'epub' / book.name}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--out", type=Path, default=ROOT / "_build", help="output folder (default: _build)"
    )
    parser.add_argument("--docs", type=Path, default=DOCS, help="source folder (default: docs)")
    parser.add_argument("sphinx_args", nargs="*", help="extra sphinx-build options, after --")
    args = parser.parse_args(argv)
    os.environ.setdefault("SOURCE_DATE_EPOCH", last_commit_time())
    return build(args.docs.resolve(), args.out.resolve(), args.sphinx_args)


if __name__ == "__main__":
    sys.exit(main())
