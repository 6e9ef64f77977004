"""One build at a time per output folder."""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from sphinx_edition.pipeline.errors import Busy


def lock_holder(path: Path) -> int | None:
    """The PID the running build wrote into the lock file, if it is alive."""
    # The holder writes its PID just after taking the lock: allow it a moment.
    for _ in range(10):
        with contextlib.suppress(OSError, ValueError):
            pid = int(path.read_text(encoding="ascii").strip())
            os.kill(pid, 0)
            return pid
        time.sleep(0.05)
    return None


@contextlib.contextmanager
def build_lock(out: Path, wait: bool) -> Iterator[None]:
    """Hold ``out/.lock`` (flock) for the whole build.

    The kernel drops the lock when its holder exits, however it exits, so a
    lock file left by a killed build never stops the next one. A build that
    waited says so when it starts, so whoever watches knows it holds the lock.
    """
    out.mkdir(parents=True, exist_ok=True)
    path = out / ".lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            waited = ""
        except BlockingIOError:
            pid = lock_holder(path)
            waited = f"another build (PID {pid})" if pid else "another build"
            if not wait:
                raise Busy(
                    f"{waited} is running in {out}; wait for it to finish, "
                    "or run the build again without --no-wait to wait for it"
                ) from None
            print(f"Waiting for {waited} to finish in {out} ...", file=sys.stderr, flush=True)
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        if waited:
            print(f"The other build has finished; building in {out}.", file=sys.stderr, flush=True)
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
    finally:
        os.close(fd)
