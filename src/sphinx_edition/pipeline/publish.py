"""Publishing: the new outputs staged beside the published ones, then swapped in.

Copy everything first, then swap each output: the slow, fallible part
(copying) is over before any output changes, so the published outputs always
come from one build. Each swap is one atomic rename (Linux ``renameat2``
with ``RENAME_EXCHANGE``), so a server reading ``html/`` never finds it
missing; a journal (``.publishing``) lets the next build finish a swap that
a killed build left half done.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from sphinx_edition.outputs import BOOKS, OUTPUTS
from sphinx_edition.pipeline.libc import libc_function
from sphinx_edition.site import manifest


def copy_file(src: Path, dst: Path, published: Path | None = None) -> None:
    """shutil.copy2, its error naming the file it was writing.

    Where ``published`` (the same file in the outputs published now) is a
    copy of ``src`` as it is (copy2 keeps the size and modification time to
    the nanosecond), it is linked instead of copied: a published file is
    never written again, only swapped out whole, so the two names can share
    it, and an edit publishes without copying every unchanged page again.
    """
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        if published is not None and same_file_contents(src, published):
            with contextlib.suppress(OSError):  # another file system, say: copy
                os.link(published, dst)
                return
        shutil.copy2(src, dst)
    except OSError as exc:
        if exc.filename is None:
            exc.filename = str(dst)
        raise


def same_file_contents(src: Path, published: Path) -> bool:
    """Whether ``published`` is a copy of ``src`` as it is now (same size and time)."""
    try:
        a, b = src.stat(), published.stat()
    except OSError:
        return False
    return a.st_size == b.st_size and a.st_mtime_ns == b.st_mtime_ns


@dataclass(frozen=True)
class Book:
    output: str  # "epub" or "pdf"
    path: str  # its edition's path
    file: Path  # as Sphinx wrote it


def stage(out: Path, sites: dict[str, Path], books: list[Book]) -> dict[str, Path]:
    """Copy the new sites and books next to the published ones, as ``.<name>.new``.

    ``sites`` maps an edition's path to its site as Sphinx wrote it; of each,
    the files its pages load are copied (``sphinx_edition.site.manifest``).
    Every site offers every book from its own folder, so its landing page
    links one by file name alone.
    """
    used = {"html", *(book.output for book in books)}
    staged = {name: out / f".{name}.new" for name in OUTPUTS if name in used}
    for folder in staged.values():
        folder.mkdir()
    for path, html in sites.items():
        for rel in manifest.published_files(html):
            # The books a site offers are this build's (an older one may linger).
            if "/" not in rel and rel.endswith(tuple(f".{name}" for name in BOOKS)):
                continue
            copy_file(html / rel, staged["html"] / path / rel, out / "html" / path / rel)
        for book in books:
            copy_file(book.file, staged["html"] / path / book.file.name)
    for book in books:
        copy_file(book.file, staged[book.output] / book.path / book.file.name)
    return staged


AT_FDCWD = -100
RENAME_EXCHANGE = 2


# libc's renameat2, where there is one (glibc 2.28 and later, musl).
RENAMEAT2 = libc_function(
    "renameat2", [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
)


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one step (Linux renameat2); False if not possible here."""
    if RENAMEAT2 is None:
        return False
    if RENAMEAT2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False  # the file system cannot (NFS, for one)
    raise OSError(code, os.strerror(code), str(b))


def swap(new: Path, target: Path) -> None:
    """Put ``new`` at ``target``; whatever ``target`` held ends up at ``new``."""
    if not os.path.lexists(target):
        new.rename(target)
    elif not exchange(new, target):
        # No atomic exchange here: two renames, with a moment without target.
        old = target.with_name(f".{target.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
        new.rename(target)
        old.rename(new)


def journal_entries(out: Path) -> list[tuple[str, int, int]]:
    """(output, device, inode of its staged folder) for each output being swapped in."""
    entries = []
    with contextlib.suppress(ValueError):  # written whole (os.replace), so never half
        for line in (out / ".publishing").read_text(encoding="ascii").splitlines():
            name, dev, ino = line.split()
            if name in OUTPUTS:
                entries.append((name, int(dev), int(ino)))
    return entries


def publish(out: Path, staged: dict[str, Path]) -> None:
    """Swap every staged output in, all or none.

    The journal ``.publishing`` names each staged folder by its inode; a
    build killed between two swaps is finished by the next build
    (``finish_publishing``) before it does anything else.
    """
    journal = out / ".publishing"
    pending = out / ".publishing.tmp"
    lines = []
    for name, folder in staged.items():
        st = folder.stat()
        lines.append(f"{name} {st.st_dev} {st.st_ino}\n")
    pending.write_text("".join(lines), encoding="ascii")
    os.replace(pending, journal)
    done: list[str] = []
    try:
        for name, folder in staged.items():
            swap(folder, out / name)
            done.append(name)
    except BaseException:
        # Put back the outputs already swapped, so the old pair stays whole.
        with contextlib.suppress(OSError):
            for name in reversed(done):
                swap(staged[name], out / name)
            journal.unlink()
        raise
    journal.unlink()


def same_file(path: Path, dev: int, ino: int) -> bool:
    try:
        st = path.lstat()
    except FileNotFoundError:
        return False
    return (st.st_dev, st.st_ino) == (dev, ino)


def finish_publishing(out: Path) -> None:
    """Complete the publishing of a build that was killed half-way through it."""
    if not (out / ".publishing").exists():
        return
    for name, dev, ino in journal_entries(out):
        target, new = out / name, out / f".{name}.new"
        if not same_file(target, dev, ino) and same_file(new, dev, ino):
            swap(new, target)
    (out / ".publishing").unlink()


def remove_leftovers(out: Path) -> None:
    """Staging folders of this or an earlier (interrupted) build."""
    if (out / ".publishing").exists():
        return  # a half-done swap: the next build finishes it
    for name in OUTPUTS:
        for leftover in (out / f".{name}.new", out / f".{name}.old"):
            shutil.rmtree(leftover, ignore_errors=True)
    with contextlib.suppress(OSError):
        (out / ".publishing.tmp").unlink()
