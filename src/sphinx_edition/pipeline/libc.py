"""The two libc calls the pipeline makes through ctypes, where Linux has them:
``prctl`` (a forked builder dies with the build) and ``renameat2`` (the
atomic swap of a published folder)."""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable
from typing import Any


def libc_function(name: str, argtypes: list[Any]) -> Callable[..., int] | None:
    """libc's ``name`` with its argument types (returning an int); None where
    this is not Linux or the C library has no such function."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        fn = getattr(ctypes.CDLL(None, use_errno=True), name)
    except (OSError, AttributeError):
        return None
    fn.argtypes = argtypes
    fn.restype = ctypes.c_int
    return fn
