"""Builders in forked children, tied to the life of the build.

The PDF builder needs only its edition's doctrees, and WeasyPrint's layout is
the longest single step of the build, so once the site's builder has written
the doctrees it runs in a forked child (imports already done) while this
process goes on with the other builders. The child dies with this process
(``PR_SET_PDEATHSIG``); its output is replayed after it ends, so messages
never interleave; and it is always waited for before anything is published.
Where fork or prctl is missing (not Linux), :func:`fork_builder` returns
None and the builders run one after another.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import signal
import sys
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, TextIO

from sphinx_edition.pipeline.libc import libc_function

PR_SET_PDEATHSIG = 1


# libc's prctl (Linux), to tie a forked builder's life to this process.
PRCTL = (
    libc_function("prctl", [ctypes.c_int, *[ctypes.c_ulong] * 4]) if hasattr(os, "fork") else None
)


@dataclass
class Child:
    """A builder running in a forked process, its output held in ``log``."""

    label: str
    pid: int
    log: IO[bytes]
    # Where its output goes when it ends (the pipeline's once-per-build stream).
    replay: TextIO
    code: int | None = None

    def join(self, kill: bool = False) -> int:
        """Wait for it (killing it first if asked), replay its output; its exit code."""
        if self.code is None:
            if kill:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.pid, signal.SIGKILL)
            _, status = os.waitpid(self.pid, 0)
            self.code = os.waitstatus_to_exitcode(status)
            self.log.seek(0)
            self.replay.write(self.log.read().decode("utf-8", "replace"))
            self.replay.flush()
            if self.code < 0 and not kill:
                print(f"The {self.label} builder was killed (signal {-self.code})", file=sys.stderr)
            sys.stderr.flush()
            self.log.close()
        return self.code


def fork_builder(label: str, run: Callable[[], int], replay: TextIO) -> Child | None:
    """Start ``run`` in a forked child, its output to be replayed to ``replay``;
    None where that cannot be done safely."""
    if PRCTL is None:
        return None
    log = tempfile.TemporaryFile()  # noqa: SIM115 (Child.join closes it)
    parent = os.getpid()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        return Child(label, pid, log, replay)
    code = 1
    try:
        # Die with the parent; if it is already gone, do nothing.
        if PRCTL(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0 or os.getppid() != parent:
            os._exit(1)
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
        # The objects inherited from the parent are never garbage here: keep
        # the collector off them (about 0.4 s of CPU less for the PDF).
        gc.freeze()
        code = run()
    except BaseException:
        traceback.print_exc()
    finally:
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)
