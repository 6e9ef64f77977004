"""Build the book in every language (site, ePub, PDF); publish all or nothing.

The editions and what is made of each come from ``edition_languages`` in
``conf.py`` (read through Sphinx's ``Config``): for each one, Sphinx builds
the site, the ePub and, where it is listed, the PDF, into working folders
under ``_build/.work`` (kept between runs, so an edit rebuilds only what it
touched; the site's builder parses the sources, and the books start from
copies of its doctrees, see ``doctrees_of``).
One process runs them, but for the PDF, which runs in a forked child beside
the others (see *Running the builders* below).
Only when every build finishes without a warning are the results published:
``_build/html`` (a translation's site under its path, ``zh-cn/``),
``_build/epub`` and ``_build/pdf`` (a translation's books under the same
path), each site offering every book from its own folder. A failed build
leaves the last good outputs exactly as they were.

One build at a time per output folder: a second one waits for the first
(``--no-wait``: it stops at once instead). Publishing copies the new outputs
next to the old ones, then swaps each in with one atomic rename, so
``_build/html`` never goes missing. A failure of this script (a full disk, a
read-only or forbidden folder) ends with one ``error:`` line, never a
traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import errno
import fcntl
import gc
import hashlib
import json
import os
import posixpath
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import IO
from urllib.parse import unquote, urlsplit

from edition_config import read_config
from sphinx.config import Config
from sphinx.errors import ConfigError

from sphinx_edition import cache as shared_cache

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
# What is published, in the order each language is built: the site, then the
# books, which the builders make from the site's doctrees.
OUTPUTS = ("html", "epub", "pdf")
BOOKS = ("epub", "pdf")
# Exit status when --no-wait finds another build running (EX_TEMPFAIL).
BUSY = 75


class BuildError(Exception):
    """A failure of this script (not of Sphinx), told in one line."""


class Busy(BuildError):
    """Another build holds the output folder and we were told not to wait."""


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


# -- The editions ------------------------------------------------------------


@dataclass(frozen=True)
class Edition:
    """One language of the book, as ``edition_languages`` in conf.py describes it."""

    language: str
    path: str  # where its outputs go in each output folder: "" or "zh-cn/"
    outputs: tuple[str, ...]

    def workdir(self, work: Path) -> Path:
        return work / self.language if self.path else work

    def sphinx_args(self) -> list[str]:
        # The source edition is built exactly as conf.py says.
        return ["-D", f"language={self.language}"] if self.path else []

    def label(self, builder: str) -> str:
        return f"{builder} ({self.language})" if self.path else builder


# Set by main() from --only-language and --outputs; empty: everything.
SELECTED: dict[str, tuple[str, ...]] = {"languages": (), "outputs": ()}


def editions(docs: Path) -> list[Edition]:
    """The editions to build, the source (path "") first."""
    try:
        config = read_config(docs)
    except ConfigError:
        # Sphinx reports a broken conf.py in full when it builds: leave that to it.
        return [Edition("", "", ("html",))]
    default = OUTPUTS if "sphinx_edition.pdf" in config.extensions else ("html", "epub")
    entries = config.edition_languages or {config.language: {}}
    found = [
        Edition(code, entry.get("path", ""), tuple(entry.get("outputs", default)))
        for code, entry in entries.items()
    ]
    # --only-language / --outputs (main()): a part of the book, as scripts/bench builds it.
    if SELECTED["languages"]:
        found = [e for e in found if e.language in SELECTED["languages"]]
    if SELECTED["outputs"]:
        found = [
            Edition(e.language, e.path, tuple(o for o in e.outputs if o in SELECTED["outputs"]))
            for e in found
        ]
    return sorted(found, key=lambda edition: edition.path != "")


# -- One build at a time ---------------------------------------------------


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
    lock file left by a killed build never stops the next one.
    """
    out.mkdir(parents=True, exist_ok=True)
    path = out / ".lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = lock_holder(path)
            other = f"another build (PID {pid})" if pid else "another build"
            if not wait:
                raise Busy(
                    f"{other} is running in {out}; wait for it to finish, "
                    "or run the build again without --no-wait to wait for it"
                ) from None
            print(f"Waiting for {other} to finish in {out} ...", file=sys.stderr, flush=True)
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
    finally:
        os.close(fd)


# -- What the site loads ---------------------------------------------------

CSS_REF = re.compile(r"""url\(\s*['"]?([^'")]+)|@import\s+['"]([^'"]+)""")
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


class _Refs(HTMLParser):
    """Every URL-like attribute value and inline CSS reference of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if not value:
                continue
            if name in ("srcset", "imagesrcset"):
                self.refs += [part.split()[0] for part in value.split(",") if part.strip()]
            elif name == "style":
                self.refs += css_refs(value)
            else:
                self.refs.append(value.strip())
        self.in_style = tag == "style"

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self.refs += css_refs(data)


def css_refs(text: str) -> list[str]:
    return [m.group(1) or m.group(2) for m in CSS_REF.finditer(CSS_COMMENT.sub("", text))]


def static_target(base: str, ref: str) -> str | None:
    """The ``_static/...`` file ``ref`` names from file ``base``, if any.

    Absolute and root-relative URLs count when their path runs through
    ``_static/`` (the 404 page and OpenGraph tags use them), so a host prefix
    such as ``/en/latest/`` needs no configuration here.
    """
    try:
        parts = urlsplit(ref)
    except ValueError:
        return None
    if parts.scheme not in ("", "http", "https") or not parts.path:
        return None
    path = unquote(parts.path)
    if parts.scheme or parts.netloc or path.startswith("/"):
        at = path.find("/_static/")
        return path[at + 1 :] if at >= 0 else None
    path = posixpath.normpath(posixpath.join(posixpath.dirname(base), path))
    return path if path.startswith("_static/") else None


def page_refs(text: str) -> list[str]:
    """The references of a page that could name a file in ``_static``.

    A reference names one only if its path runs through ``_static/``, so one
    with neither "static" nor a percent-escape in it is left out early (a
    sidebar holds hundreds of links to pages).
    """
    parser = _Refs()
    parser.feed(text)
    parser.close()
    return [ref for ref in parser.refs if "static" in ref or "%" in ref]


REFS_FORMAT = 1


def cached_page_refs(
    html: Path, pages: list[str], cache: Path | None, config: Config | None = None
) -> dict[str, list[str]]:
    """:func:`page_refs` of each page, read again only for pages whose size or
    time changed since ``cache`` recorded them (an edit rewrites a few pages;
    reading all of a large site's pages costs more than the rest of publishing).
    With ``config``, a page whose bytes an earlier build read is not read
    again either (sphinx_edition.cache, by a hash of the bytes)."""
    saved: dict[str, list] = {}
    if cache is not None:
        with contextlib.suppress(OSError, ValueError):
            record = json.loads(cache.read_text(encoding="utf-8"))
            pages_seen = record.get("pages") if isinstance(record, dict) else None
            if isinstance(pages_seen, dict) and record.get("format") == REFS_FORMAT:
                saved = pages_seen
    found: dict[str, list] = {}
    for page in pages:
        stat = (html / page).stat()
        entry = saved.get(page)
        if not (
            isinstance(entry, list)
            and len(entry) == 3
            and entry[:2] == [stat.st_size, stat.st_mtime_ns]
            and isinstance(entry[2], list)
        ):
            entry = [stat.st_size, stat.st_mtime_ns, shared_page_refs(html / page, config)]
        found[page] = entry
    if cache is not None:
        cache.write_text(json.dumps({"format": REFS_FORMAT, "pages": found}), encoding="utf-8")
    if config is not None:
        shared_cache.prune(config, "page-refs", shared_cache.KEEP_PAGE_ENTRIES)
    return {page: entry[2] for page, entry in found.items()}


def shared_page_refs(path: Path, config: Config | None) -> list[str]:
    """:func:`page_refs` of one page, through the shared cache when there is one."""
    data = path.read_bytes()
    key = hashlib.sha256(data).hexdigest()
    if config is not None:
        refs = shared_cache.string_list(shared_cache.read_json(config, "page-refs", key))
        if refs is not None:
            return refs
    refs = page_refs(data.decode("utf-8", errors="replace"))
    if config is not None:
        shared_cache.write_json(config, "page-refs", key, refs, keep=None)
    return refs


def site_files(html: Path, cache: Path | None = None, config: Config | None = None) -> list[str]:
    """The files of a built site worth publishing, relative to ``html``.

    Everything outside ``_static`` is kept. Of ``_static`` (the theme's and
    Sphinx's files, most of them bundled into one stylesheet and one script
    at build time) only what a page or a kept stylesheet loads is kept: Font
    Awesome's script and fonts, source maps, Bootstrap's script and the
    theme's translations are left in the working folder. Scripts are not
    searched: ours are bundles and load nothing from ``_static`` by name.
    With ``cache`` (a file), pages unchanged since the last call are not read;
    with ``config``, pages an earlier build read (:func:`cached_page_refs`).
    """
    files = sorted(p.relative_to(html).as_posix() for p in html.rglob("*") if p.is_file())
    static = {f for f in files if f.startswith("_static/")}
    kept = [f for f in files if f not in static]
    refs = cached_page_refs(html, [f for f in kept if f.endswith(".html")], cache, config)
    todo: list[tuple[str, list[str]]] = list(refs.items())
    used: set[str] = set()
    while todo:
        base, refs_of_base = todo.pop()
        for ref in refs_of_base:
            target = static_target(base, ref)
            if target in static and target not in used:
                used.add(target)
                if target.endswith(".css"):
                    text = (html / target).read_text(encoding="utf-8", errors="replace")
                    todo.append((target, css_refs(text)))
    return kept + sorted(used)


# -- Publishing ------------------------------------------------------------


def copy_file(src: Path, dst: Path) -> None:
    """shutil.copy2, its error naming the file it was writing."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        shutil.copy2(src, dst)
    except OSError as exc:
        if exc.filename is None:
            exc.filename = str(dst)
        raise


@dataclass(frozen=True)
class Book:
    output: str  # "epub" or "pdf"
    path: str  # its edition's path
    file: Path  # as Sphinx wrote it


def stage(
    out: Path, sites: dict[str, Path], books: list[Book], config: Config | None = None
) -> dict[str, Path]:
    """Copy the new sites and books next to the published ones, as ``.<name>.new``.

    ``sites`` maps an edition's path to its site as Sphinx wrote it. Every
    site offers every book from its own folder, so its landing page links
    one by file name alone.
    """
    used = {"html", *(book.output for book in books)}
    staged = {name: out / f".{name}.new" for name in OUTPUTS if name in used}
    for folder in staged.values():
        folder.mkdir()
    for path, html in sites.items():
        for rel in site_files(html, html.parent / "site-refs.json", config):
            # The books a site offers are this build's (an older one may linger).
            if "/" not in rel and rel.endswith(tuple(f".{name}" for name in BOOKS)):
                continue
            copy_file(html / rel, staged["html"] / path / rel)
        for book in books:
            copy_file(book.file, staged["html"] / path / book.file.name)
    for book in books:
        copy_file(book.file, staged[book.output] / book.path / book.file.name)
    return staged


AT_FDCWD = -100
RENAME_EXCHANGE = 2


def _renameat2() -> Callable[..., int] | None:
    """libc's renameat2, where there is one (glibc 2.28 and later, musl)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    return fn


RENAMEAT2 = _renameat2()


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


# -- The build -------------------------------------------------------------


def disk_is_full(path: Path) -> bool:
    with contextlib.suppress(OSError):
        return shutil.disk_usage(path).free < 1024 * 1024
    return False


def check_sources(docs: Path) -> None:
    if not docs.is_dir():
        raise BuildError(
            f"the source folder {docs} does not exist; "
            "give the folder that holds conf.py with --docs DIR (default: docs/)"
        )
    if not (docs / "conf.py").is_file():
        raise BuildError(
            f"the source folder {docs} has no conf.py; "
            "give the folder that holds conf.py with --docs DIR (default: docs/)"
        )


def build(docs: Path, out: Path, extra: list[str], wait: bool = True) -> int:
    check_sources(docs)
    with build_lock(out, wait):
        finish_publishing(out)
        remove_leftovers(out)
        try:
            return build_and_publish(docs, out, extra)
        finally:
            remove_leftovers(out)


def build_and_publish(docs: Path, out: Path, extra: list[str]) -> int:
    work = out / ".work"
    # Present while Sphinx runs. If a build is interrupted (Ctrl-C, a crash,
    # a full disk), its half-made environment would let the next build skip
    # pages whose warnings were never seen, so that build starts afresh.
    unfinished = out / ".work-unfinished"
    if unfinished.exists():
        shutil.rmtree(work, ignore_errors=True)
    unfinished.touch()
    all_editions = editions(docs)
    failed, full = run_builders(docs, out, all_editions, extra)
    if failed:
        # Sphinx would not re-read an unchanged page next time, so its warning
        # would not repeat and a broken book could publish: start afresh.
        shutil.rmtree(work, ignore_errors=True)
        unfinished.unlink(missing_ok=True)
        if full:
            raise BuildError(
                f"the disk is full: Sphinx could not finish writing into {out / '.work'}; "
                "free some space, or build elsewhere with --out DIR, and run the build again"
            )
        print(
            f"Build failed ({', '.join(failed)}); fix the errors above. "
            f"The outputs in {out} were left as they were.",
            file=sys.stderr,
        )
        return 1
    unfinished.unlink()
    sites = {e.path: e.workdir(work) / "html" for e in all_editions if "html" in e.outputs}
    for html in sites.values():
        (html / ".buildinfo.bak").unlink(missing_ok=True)
    books = [book_of(e, name, work) for e in all_editions for name in BOOKS if name in e.outputs]
    # Copy everything first, then swap each output: the slow, fallible part
    # (copying) is over before any output changes, so they stay from one build.
    try:
        staged = stage(out, sites, books, shared_cache_config(docs))
    except OSError as exc:
        exc.add_note("while copying the new outputs into place")
        raise
    publish(out, staged)
    made = [out / "html" / "index.html", *(out / b.output / b.path / b.file.name for b in books)]
    print(f"Built {', '.join(map(str, made))}")
    return 0


# -- Running the builders ------------------------------------------------------
#
# The PDF builder needs only its edition's doctrees, and WeasyPrint's layout is
# the longest single step of the build, so once the site's builder has written
# the doctrees it runs in a forked child (imports already done) while this
# process goes on with the other builders. The child reads its own copy of the
# doctrees, so no two Sphinx processes ever share an environment file; it dies
# with this process (PR_SET_PDEATHSIG) and holds the build lock while it lives;
# its output is replayed after it ends, so messages never interleave; and it is
# always waited for before anything is published.

# Builders that may run beside the others once their edition's doctrees exist.
CONCURRENT = ("pdf",)
PR_SET_PDEATHSIG = 1


def _prctl() -> Callable[..., int] | None:
    """libc's prctl (Linux), to tie a forked builder's life to this process."""
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return None
    try:
        fn = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    fn.restype = ctypes.c_int
    return fn


PRCTL = _prctl()


@dataclass
class Child:
    """A builder running in a forked process, its output held in ``log``."""

    label: str
    pid: int
    log: IO[bytes]
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
            sys.stderr.write(self.log.read().decode("utf-8", "replace"))
            if self.code < 0 and not kill:
                print(f"The {self.label} builder was killed (signal {-self.code})", file=sys.stderr)
            sys.stderr.flush()
            self.log.close()
        return self.code


def fork_builder(label: str, run: Callable[[], int]) -> Child | None:
    """Start ``run`` in a forked child; None where that cannot be done safely."""
    if PRCTL is None:
        return None
    log = tempfile.TemporaryFile()  # noqa: SIM115 (Child.join closes it)
    parent = os.getpid()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        return Child(label, pid, log)
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


def run_order(outputs: tuple[str, ...]) -> list[str]:
    """An edition's builders in the order they start: the first one (which
    writes the doctrees), then the ones that may run beside the rest."""
    names = [name for name in OUTPUTS if name in outputs]
    if PRCTL is None or not names:
        return names
    first, rest = names[0], names[1:]
    return [first, *(n for n in rest if n in CONCURRENT), *(n for n in rest if n not in CONCURRENT)]


def fork_from_doctrees(
    builder: str, label: str, docs: Path, wd: Path, args: list[str]
) -> Child | None:
    """Start ``builder`` in a child, reading its own copy of the edition's doctrees."""
    if PRCTL is None:
        return None
    doctrees = wd / f"doctrees-{builder}"
    shutil.rmtree(doctrees, ignore_errors=True)
    shutil.copytree(wd / "doctrees", doctrees)
    return fork_builder(label, lambda: sphinx(builder, docs, wd / builder, doctrees, args))


def run_builders(
    docs: Path, out: Path, all_editions: list[Edition], extra: list[str]
) -> tuple[list[str], bool]:
    """Run every edition's builders; the ones that failed, and whether the disk filled."""
    failed: list[tuple[int, str]] = []  # (the builder's place in OUTPUTS order, its label)
    children: list[tuple[int, Child]] = []
    try:
        full = start_builders(docs, out, all_editions, extra, failed, children)
    except BaseException:
        for _, child in children:
            child.join(kill=True)
        raise
    for step, child in children:
        # On a full disk the children are stopped: they could only fail too.
        if child.join(kill=full) != 0 and not (full and child.code == -signal.SIGKILL):
            failed.append((step, child.label))
    full = full or (bool(failed) and disk_is_full(out))
    return [label for _, label in sorted(failed)], full


def start_builders(
    docs: Path,
    out: Path,
    all_editions: list[Edition],
    extra: list[str],
    failed: list[tuple[int, str]],
    children: list[tuple[int, Child]],
) -> bool:
    """Run the builders in this process and start the concurrent ones in children;
    record failures and children as they come. Whether the disk filled."""
    for number, edition in enumerate(all_editions):
        wd = edition.workdir(out / ".work")
        # The PDF is written whole, so its folder starts empty. The ePub's is
        # kept: an edit rewrites only the pages it affects, and the builder
        # (sphinx_edition.epub) drops what a clean build would not make.
        shutil.rmtree(wd / "pdf", ignore_errors=True)
        shutil.rmtree(wd / "epub-only", ignore_errors=True)  # an older layout's
        for position, builder in enumerate(run_order(edition.outputs)):
            step = number * len(OUTPUTS) + OUTPUTS.index(builder)
            args = [*extra, *edition.sphinx_args()]
            label = edition.label(builder)
            # The first builder has written the doctrees a concurrent one reads.
            if builder in CONCURRENT and position > 0:
                child = fork_from_doctrees(builder, label, docs, wd, args)
                if child is not None:
                    children.append((step, child))
                    continue
            if sphinx(builder, docs, wd / builder, doctrees_of(builder, wd), args) != 0:
                failed.append((step, label))
                # Out of space, the next builder would only fail the same way.
                if disk_is_full(out):
                    return True
    return False


def doctrees_of(builder: str, wd: Path) -> Path:
    """The doctrees a builder reads: the first builder's, or, for the ePub,
    its own copy of them.

    Its own, because a builder that shares the site's environment finds
    nothing changed (the site's builder read the edit), so it would rewrite
    only the edited page, not the pages the edit affects (the contents page
    that lists a changed title, the glossary that links back to a changed
    use). With its own environment it reads the edit itself and Sphinx (and
    sphinx_edition.site.incremental) tell it what to rewrite. On the first
    build the copy saves reading every page twice.
    """
    if builder != "epub":
        return wd / "doctrees"
    own = wd / "doctrees-epub"
    if not own.is_dir():
        shutil.copytree(wd / "doctrees", own)
    return own


def shared_cache_config(docs: Path) -> Config | None:
    """conf.py as Sphinx reads it, for the shared cache's settings (None if it
    cannot be read: publishing then reads every page)."""
    try:
        return read_config(docs)
    except ConfigError:
        return None


def book_of(edition: Edition, output: str, work: Path) -> Book:
    """The one book a builder wrote (named by epub_basename or pdf_basename in conf.py)."""
    folder = edition.workdir(work) / output
    found = sorted(folder.glob(f"*.{output}"))
    if len(found) != 1:
        raise BuildError(
            f"the {output} builder wrote {len(found)} .{output} files in {folder}, not one; "
            "run the build again"
        )
    return Book(output, edition.path, found[0])


# -- Messages --------------------------------------------------------------


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--out", type=Path, default=ROOT / "_build", help="output folder (default: _build)"
    )
    parser.add_argument("--docs", type=Path, default=DOCS, help="source folder (default: docs)")
    parser.add_argument(
        "--no-wait",
        action="store_true",
        help=f"if another build is running in the output folder, stop at once (status {BUSY})",
    )
    parser.add_argument(
        "--only-language",
        action="append",
        default=[],
        metavar="CODE",
        help="build only this edition (a code in edition_languages; may repeat); "
        "the outputs then hold only what was built",
    )
    parser.add_argument(
        "--outputs",
        default="",
        metavar="LIST",
        help=f"build only these outputs, comma-separated (of {','.join(OUTPUTS)})",
    )
    parser.add_argument("sphinx_args", nargs="*", help="extra sphinx-build options, after --")
    args = parser.parse_args(argv)
    SELECTED["languages"] = tuple(args.only_language)
    SELECTED["outputs"] = tuple(o for o in args.outputs.split(",") if o)
    os.environ.setdefault("SOURCE_DATE_EPOCH", last_commit_time())
    docs, out = args.docs.resolve(), args.out.resolve()
    kept = f"The outputs in {out} were left as they were."
    try:
        return build(docs, out, args.sphinx_args, wait=not args.no_wait)
    except Busy as exc:
        print(f"error: {exc}.", file=sys.stderr)
        return BUSY
    except BuildError as exc:
        print(f"error: {exc}. {kept}", file=sys.stderr)
        return 1
    except (OSError, shutil.Error) as exc:
        print(f"error: {describe(exc, out)}. {kept}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"Interrupted. {kept}", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
