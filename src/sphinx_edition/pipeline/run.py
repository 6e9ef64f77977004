"""Build every edition's outputs into working folders, then publish them together.

For each edition (``sphinx_edition.editions``), Sphinx builds the site, the
ePub and, where it is listed, the PDF, into working folders under
``<out>/.work`` (kept between runs, so an edit rebuilds only what it
touched; the site's builder parses the sources, and the books start from
copies of its doctrees, see :func:`doctrees_of`). Only when every builder
finishes without a warning are the results published (``publish``):
``<out>/html`` (a translation's site under its path, ``zh-cn/``),
``<out>/epub`` and ``<out>/pdf``. A failed build leaves the last good outputs
exactly as they were.
"""

from __future__ import annotations

import contextlib
import importlib
import shutil
import signal
import sys
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from sphinx.application import builtin_extensions
from sphinx.config import Config
from sphinx.errors import ConfigError

from sphinx_edition.editions import Edition, book_editions
from sphinx_edition.outputs import BOOKS, OUTPUTS
from sphinx_edition.pipeline import children, publish
from sphinx_edition.pipeline.config import read_config
from sphinx_edition.pipeline.errors import BuildError, disk_is_full
from sphinx_edition.pipeline.lock import build_lock
from sphinx_edition.pipeline.messages import OncePerBuild

# Builders that may run beside the others once their edition's doctrees exist.
CONCURRENT = ("pdf",)


@dataclass(frozen=True)
class Selection:
    """A part of the book (``--only-language``, ``--outputs``); empty: all of it."""

    languages: tuple[str, ...] = ()
    outputs: tuple[str, ...] = ()

    def apply(self, found: list[Edition]) -> list[Edition]:
        if self.languages:
            found = [e for e in found if e.code in self.languages]
        if self.outputs:
            found = [
                replace(e, outputs=tuple(o for o in e.outputs if o in self.outputs)) for e in found
            ]
        return found


# The lines the builders of this build have printed (messages.OncePerBuild).
PRINTED: set[str] = set()


def sphinx(builder: str, docs: Path, outdir: Path, doctrees: Path, extra: list[str]) -> int:
    """One Sphinx build, as ``sphinx-build`` runs it: every warning an error,
    and a message another builder of this build printed not printed again."""
    from sphinx.cmd.build import build_main

    args = ["-b", builder, "-d", str(doctrees), "-W", "--keep-going", "-n", "-q"]
    stream = OncePerBuild(sys.stderr, PRINTED)
    try:
        with contextlib.redirect_stderr(stream):
            return build_main([*args, *extra, str(docs), str(outdir)])
    finally:
        stream.flush()


# Values Sphinx's ePub builder will not do without (it warns, so the build
# fails), which a plain project often leaves unset.
EPUB_VALUES = {"epub_copyright": ("", "env", frozenset({str}))}
# The theme, whose package every site builder imports (see preload).
THEME_VALUES = {"html_theme": ("alabaster", "html", frozenset({str}))}


def epub_defaults(config: Config) -> list[str]:
    """Settings for the ePub where conf.py leaves them empty: the release (or
    1.0) as its version, the author as its rights holder. Set either in
    conf.py to replace them."""
    args = []
    if not config.version:
        args.append(f"-Dversion={config.release or '1.0'}")
    if not (config.epub_copyright or config.copyright):
        args.append(f"-Depub_copyright={config.author or config.project}")
    return args


def plan(docs: Path, selection: Selection) -> tuple[list[Edition], dict[str, list[str]], list[str]]:
    """The editions conf.py describes (the source first), as selected, the
    settings each builder adds to conf.py's, and the modules every builder's
    Sphinx will import (see :func:`preload`)."""
    try:
        config = read_config(docs, EPUB_VALUES, THEME_VALUES)
        found = book_editions(config)
    except ConfigError:
        # Sphinx reports a broken conf.py in full when it builds: leave that to it.
        return [Edition("", "", "", ("html",))], {}, []
    modules = [*builtin_extensions, *config.extensions, str(config.html_theme)]
    return selection.apply(found), {"epub": epub_defaults(config)}, modules


def preload(modules: list[str]) -> None:
    """Import what every builder's Sphinx imports (its own extensions, conf.py's,
    the theme's package) before a builder is forked, so the child inherits
    them instead of importing them all again beside this process, which
    imports them anyway. A module that fails to import is left for Sphinx
    to report when it loads it."""
    for name in modules:
        with contextlib.suppress(Exception):
            importlib.import_module(name)


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


def build(
    docs: Path,
    out: Path,
    extra: list[str] | None = None,
    wait: bool = True,
    selection: Selection = Selection(),  # frozen, so never shared state
) -> int:
    """Build and publish the book in ``docs`` into ``out``; 0 on success.

    A failure of Sphinx is reported by Sphinx and returns 1; a failure of
    the pipeline itself raises :class:`BuildError` or ``OSError``.
    """
    check_sources(docs)
    PRINTED.clear()
    with build_lock(out, wait):
        publish.finish_publishing(out)
        publish.remove_leftovers(out)
        try:
            return build_and_publish(docs, out, extra or [], selection)
        finally:
            publish.remove_leftovers(out)


def build_and_publish(docs: Path, out: Path, extra: list[str], selection: Selection) -> int:
    work = out / ".work"
    # Present while Sphinx runs. If a build is interrupted (Ctrl-C, a crash,
    # a full disk), its half-made environment would let the next build skip
    # pages whose warnings were never seen, so that build starts afresh.
    unfinished = out / ".work-unfinished"
    if unfinished.exists():
        shutil.rmtree(work, ignore_errors=True)
    unfinished.touch()
    all_editions, defaults, modules = plan(docs, selection)
    if children.PRCTL is not None:
        preload(modules)
    failed, full = run_builders(docs, out, all_editions, extra, defaults)
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
    try:
        staged = publish.stage(out, sites, books)
    except OSError as exc:
        exc.add_note("while copying the new outputs into place")
        raise
    publish.publish(out, staged)
    made = [out / "html" / "index.html", *(out / b.output / b.path / b.file.name for b in books)]
    print(f"Built {', '.join(map(str, made))}")
    return 0


def starts_early(builder: str) -> bool:
    """Whether ``builder`` needs nothing this build's other builders write, so
    it may start beside the site's builder instead of after it: the ePub,
    which keeps an environment of its own (see :func:`doctrees_of`) and reads
    the sources itself. On a first build that means every page is read twice,
    once in each process: more CPU, but where a core is free the build takes
    the site's time alone rather than the site's and then the ePub's."""
    return builder == "epub"


def run_order(outputs: tuple[str, ...]) -> list[str]:
    """An edition's builders in the order they start: the ones that need
    nothing from the others (:func:`starts_early`), the first one (which
    writes the doctrees), then the ones that may run beside the rest."""
    names = [name for name in OUTPUTS if name in outputs]
    if children.PRCTL is None or not names:
        return names
    early = [n for n in names if starts_early(n)]
    names = [n for n in names if n not in early]
    if not names:
        return early
    first, rest = names[0], names[1:]
    return [
        *early,
        first,
        *(n for n in rest if n in CONCURRENT),
        *(n for n in rest if n not in CONCURRENT),
    ]


def fork_from_doctrees(
    builder: str, label: str, docs: Path, wd: Path, args: list[str]
) -> children.Child | None:
    """Start ``builder`` in a child, reading its own copy of the edition's doctrees
    (so no two Sphinx processes ever share an environment file)."""
    if children.PRCTL is None:
        return None
    doctrees = wd / f"doctrees-{builder}"
    shutil.rmtree(doctrees, ignore_errors=True)
    shutil.copytree(wd / "doctrees", doctrees)
    return children.fork_builder(
        label,
        lambda: sphinx(builder, docs, wd / builder, doctrees, args),
        OncePerBuild(sys.stderr, PRINTED),
    )


def run_builders(
    docs: Path,
    out: Path,
    all_editions: list[Edition],
    extra: list[str],
    defaults: dict[str, list[str]] | None = None,
) -> tuple[list[str], bool]:
    """Run every edition's builders; the ones that failed, and whether the disk filled."""
    failed: list[tuple[int, str]] = []  # (the builder's place in OUTPUTS order, its label)
    started: list[tuple[int, children.Child]] = []
    try:
        full = start_builders(docs, out, all_editions, extra, defaults or {}, failed, started)
    except BaseException:
        for _, child in started:
            child.join(kill=True)
        raise
    for step, child in started:
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
    defaults: dict[str, list[str]],
    failed: list[tuple[int, str]],
    started: list[tuple[int, children.Child]],
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
        overrides = [f"-D{name}={value}" for name, value in edition.sphinx_overrides().items()]
        first_done = False
        for builder in run_order(edition.outputs):
            step = number * len(OUTPUTS) + OUTPUTS.index(builder)
            args = [*defaults.get(builder, []), *extra, *overrides]
            label = edition.label(builder)
            child = None
            if starts_early(builder) and children.PRCTL is not None:
                child = children.fork_builder(
                    label,
                    partial(sphinx, builder, docs, wd / builder, doctrees_of(builder, wd), args),
                    OncePerBuild(sys.stderr, PRINTED),
                )
            # The first builder has written the doctrees a concurrent one reads.
            elif builder in CONCURRENT and first_done:
                child = fork_from_doctrees(builder, label, docs, wd, args)
            if child is not None:
                started.append((step, child))
                continue
            first_done = True
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
    sphinx_edition.site.incremental) tell it what to rewrite. Where it runs
    after the site's builder (no fork), the first build copies the site's
    doctrees, which saves reading every page twice; in a child beside it, it
    starts from whatever doctrees the last build left, or reads everything.
    """
    if builder != "epub":
        return wd / "doctrees"
    own = wd / "doctrees-epub"
    if not own.is_dir() and (wd / "doctrees").is_dir():
        shutil.copytree(wd / "doctrees", own)
    return own


def book_of(edition: Edition, output: str, work: Path) -> publish.Book:
    """The one book a builder wrote (named by epub_basename or pdf_basename in conf.py)."""
    folder = edition.workdir(work) / output
    found = sorted(folder.glob(f"*.{output}"))
    if len(found) != 1:
        raise BuildError(
            f"the {output} builder wrote {len(found)} .{output} files in {folder}, not one; "
            "run the build again"
        )
    return publish.Book(output, edition.path, found[0])
