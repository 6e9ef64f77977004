"""Failures of the pipeline itself (not of Sphinx), each told in one line."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

# Exit status when --no-wait finds another build running (EX_TEMPFAIL).
BUSY = 75


class BuildError(Exception):
    """A failure of the pipeline (not of Sphinx), told in one line."""


class Busy(BuildError):
    """Another build holds the output folder and we were told not to wait."""


def describe(exc: OSError | shutil.Error, out: Path) -> str:
    """What happened and what to do, in one line."""
    if isinstance(exc, shutil.Error):
        problems = exc.args[0] if exc.args and isinstance(exc.args[0], list) else []
        first = f" (first: {problems[0][1]}: {problems[0][2]})" if problems else ""
        return (
            f"could not copy {len(problems) or 'some'} files{first}; "
            "fix that and run the build again"
        )
    # A copy's error names the source first and the file it was writing second.
    where = exc.filename2 or exc.filename or out
    during = "".join(f" {note}" for note in getattr(exc, "__notes__", []))
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return (
            f"the disk is full: no space left to write {where}{during}; "
            "free some space, or build elsewhere with --out DIR, and run the build again"
        )
    if code == errno.EROFS:
        return (
            f"cannot write {where}: it is on a read-only file system{during}; "
            "build into a writable folder with --out DIR, or remount it read-write"
        )
    if code in (errno.EACCES, errno.EPERM):
        return (
            f"permission denied writing {where}{during}; make {out} writable for you "
            "(or build elsewhere with --out DIR) and run the build again"
        )
    if code == errno.ENOENT:
        return f"{where} went missing{during} (did something else delete it?); run the build again"
    if code in (errno.EEXIST, errno.ENOTDIR):
        return (
            f"a file stands where the build needs a folder: {where}{during}; "
            "move it away, or build elsewhere with --out DIR"
        )
    reason = exc.strerror or str(exc)
    return f"{reason}: {where}{during}; fix that and run the build again"


def disk_is_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(path).free < 1024 * 1024
    except OSError:
        return False
