"""``sphinx_edition.site.incremental``: an incremental build rewrites what an
edit affects, and publishes what a clean build of the same sources does.

Sphinx rewrites the pages it re-read (and the parents of their toctree
entries). Three things reach further, and this extension handles them:

* **Pages that show another page's data.** When a re-read page's title or
  toctree changes, or a page is added or removed, every page's navigation
  (sidebar, previous/next, breadcrumbs) can change: every page is rewritten.
  When a glossary entry's names or definition change, the pages that use
  the term are rewritten (their links and, on the site, their previews). The
  old values are noted at ``env-get-outdated``, before anything is re-read,
  and compared at ``env-get-updated``. (The glossary page itself, whose
  backlinks follow every use, is ``sphinx_edition.glossary.backlinks``' job.)
* **The search index.** The HTML builder starts from the last
  ``searchindex.js`` and re-indexes the pages it writes, but that file does
  not give back the index entries (glossary terms, ``index`` directives) of
  the pages it does not write, so they vanish from search
  (sphinx-doc/sphinx#12599, open in Sphinx 8.2 and 9.0). Before the builder
  writes the index, every page that has index entries and was not written
  is fed to it again through its public ``index_page``, from its doctree
  resolved as for writing. Usually that is the glossary alone, which costs
  far less than writing every page. Resolving it again would cost more
  than feeding it (the glossary's links back reach every page), so the
  resolved doctree of each page with index entries is kept beside the
  doctrees when the page is written (``search-feeds/``), and fed from there
  while the page's source is unchanged: a page that is not rewritten shows
  what it showed when it was (that is what rewriting the affected pages
  guarantees), so it feeds the index the same.
  The index also keeps, with no page, each word that the re-written pages
  no longer hold (pruned to an empty list, never removed), which a clean
  build does not have: at ``build-finished`` the index is read back and
  written again without them, through the builder's own index format.
* The sitemap lists every document from the environment
  (``sphinx_edition.site.hosting``), so it needs nothing here.
* **What a removed page leaves.** Sphinx never deletes an output file, so a
  page removed from the project (or renamed) would stay on the site, and an
  image no page shows any more in ``_images``, and its copied source in
  ``_sources``. At ``build-finished`` every page that is neither a
  document's nor one written by this build (indexes, search, extension
  pages), nor copied from ``html_extra_path``, is deleted, and every image
  and copied source no document has.

``tests/site/test_incremental.py`` shows each case, and that without this
extension the search index goes stale (drop the index part once Sphinx
fixes the bug).
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import os
import pickle
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment

from sphinx_edition import __version__
from sphinx_edition.cache import write_whole
from sphinx_edition.glossary.model import TermEntry, glossary_index
from sphinx_edition.outputs import is_site
from sphinx_edition.reporting import reported


@dataclass
class Before:
    """What the pages looked like before this build re-read any of them."""

    docs_changed: bool  # pages added or removed
    titles: dict[str, str]
    toctrees: dict[str, list[str]]
    entries: dict[str, tuple[str, ...]]  # entry key -> names and definition


# Per environment / per builder, for one build only (never pickled).
BEFORE: weakref.WeakKeyDictionary[BuildEnvironment, Before] = weakref.WeakKeyDictionary()
RESOLVED: weakref.WeakKeyDictionary[Builder, set[str]] = weakref.WeakKeyDictionary()
WRITTEN: weakref.WeakKeyDictionary[Builder, set[str]] = weakref.WeakKeyDictionary()


def titles(env: BuildEnvironment) -> dict[str, str]:
    return {doc: title.astext() for doc, title in env.titles.items()}


def entry_shapes(env: BuildEnvironment) -> dict[str, tuple[str, ...]]:
    """Each name of each glossary entry, with what a page linking it shows."""
    shapes: dict[str, tuple[str, ...]] = {}
    for entry in glossary_index(env).all_entries():
        shape = shape_of(entry)
        for key in entry.keys:
            shapes.setdefault(key, shape)
    return shapes


def shape_of(entry: TermEntry) -> tuple[str, ...]:
    names = tuple(f"{n.text}\0{n.anchor}\0{n.key}" for n in entry.names)
    return (entry.docname, *names, "\0", *entry.definition)


@reported
def note_before(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> Iterable[str]:
    BEFORE[env] = Before(
        docs_changed=bool(added or removed),
        titles=titles(env),
        toctrees={doc: list(includes) for doc, includes in env.toctree_includes.items()},
        entries=entry_shapes(env),
    )
    return []


@reported
def affected_pages(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    """Pages not re-read whose output the re-read pages change."""
    before = BEFORE.pop(env, None)
    if before is None:
        return []
    toctrees = {doc: list(includes) for doc, includes in env.toctree_includes.items()}
    if before.docs_changed or before.titles != titles(env) or before.toctrees != toctrees:
        return sorted(env.found_docs)
    now = entry_shapes(env)
    keys = {k for k in before.entries.keys() | now.keys() if before.entries.get(k) != now.get(k)}
    if not keys:
        return []
    index = glossary_index(env)
    return sorted(doc for doc, uses in index.uses.items() if any(u.term in keys for u in uses))


def note_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    # In the main process, also when pages are written in parallel: these
    # are the pages the builder fed to its search index.
    if getattr(app.builder, "indexer", None) is not None:
        RESOLVED.setdefault(app.builder, set()).add(docname)


def resolved(env: BuildEnvironment, docname: str, builder: Builder) -> nodes.document:
    # Sphinx 9 wants the builder's tags (8.2 has no such argument).
    if "tags" in inspect.signature(env.get_and_resolve_doctree).parameters:
        return env.get_and_resolve_doctree(docname, builder, tags=builder.tags)
    return env.get_and_resolve_doctree(docname, builder)


FEEDS = "search-feeds"


def feed_file(app: Sphinx, docname: str) -> Path:
    name = hashlib.sha256(docname.encode()).hexdigest()[:32]
    return Path(app.doctreedir) / FEEDS / app.builder.name / f"{name}.pickle"


def has_index_entries(app: Sphinx, docname: str) -> bool:
    entries: dict[str, list[Any]] = app.env.get_domain("index").entries  # type: ignore[attr-defined]
    return bool(entries.get(docname))


def keep_feed(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Keep the resolved doctree of a page with index entries, as the builder
    is about to index it, with the time its source was read."""
    if getattr(app.builder, "indexer", None) is None or not has_index_entries(app, docname):
        return
    # Made picklable as Sphinx pickles a doctree (its own copy of the
    # settings, no reporter or environment), then put back as it was.
    saved = doctree.reporter, doctree.transformer, doctree.settings
    try:
        doctree.reporter = doctree.transformer = None  # type: ignore[assignment]
        doctree.settings = doctree.settings.copy()
        doctree.settings.env = doctree.settings.warning_stream = None
        doctree.settings.record_dependencies = None
        data = pickle.dumps((app.env.all_docs.get(docname), doctree), pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError):
        return  # a node another extension made that will not pickle: resolve next time
    finally:
        doctree.reporter, doctree.transformer, doctree.settings = saved
    path = feed_file(app, docname)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_whole(path, data)


def kept_feed(app: Sphinx, docname: str) -> nodes.document | None:
    """The doctree :func:`keep_feed` kept, if the page's source has not been read since."""
    with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
        read, doctree = pickle.loads(feed_file(app, docname).read_bytes())
        if read == app.env.all_docs.get(docname) and isinstance(doctree, nodes.document):
            return doctree
    return None


@reported
def index_unwritten_pages(app: Sphinx) -> list[Any]:
    """Feed the search index the pages it lost entries of (see the module's doc).

    ``html-collect-pages`` comes after every page is written and before the
    builder writes ``searchindex.js``.
    """
    builder = app.builder
    if getattr(builder, "indexer", None) is None or not hasattr(builder, "index_page"):
        return []
    written = RESOLVED.pop(builder, set())
    entries: dict[str, list[Any]] = app.env.get_domain("index").entries  # type: ignore[attr-defined]
    for docname in sorted(doc for doc, found in entries.items() if found and doc not in written):
        if docname not in app.env.found_docs:
            continue
        doctree = kept_feed(app, docname) or resolved(app.env, docname, builder)
        title = app.env.longtitles.get(docname)
        # As the builder indexes a page it writes: the long title as plain text.
        builder.index_page(docname, doctree, title.astext() if title else "")
    return []


@reported
def drop_vanished_words(app: Sphinx, exception: Exception | None) -> None:
    """Write the search index again without words no page holds (see the module's doc)."""
    builder = app.builder
    if exception is not None or getattr(builder, "indexer", None) is None:
        return
    index_format = getattr(builder, "indexer_format", None)
    if not getattr(builder, "indexer_dumps_unicode", False) or not hasattr(index_format, "loads"):
        return
    path = Path(builder.outdir) / builder.searchindex_filename
    index = index_format.loads(path.read_text(encoding="utf-8"))
    vanished = False
    for key in ("terms", "titleterms"):
        words = index.get(key, {})
        empty = [word for word, docs in words.items() if docs == []]
        for word in empty:
            del words[word]
        vanished = vanished or bool(empty)
    if vanished:
        path.write_text(index_format.dumps(index), encoding="utf-8")


def note_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    # Pages written in this process: with parallel writing, documents are
    # written by workers, but they are in found_docs anyway; the indexes and
    # extension pages are written here.
    if is_site(app):
        WRITTEN.setdefault(app.builder, set()).add(pagename)


def extra_files(app: Sphinx, outdir: Path) -> set[Path]:
    """Where ``html_extra_path`` puts its files in the output."""
    found: set[Path] = set()
    base = Path(app.confdir) if app.confdir else Path(app.srcdir)
    for entry in app.config.html_extra_path:
        source = base / entry
        if source.is_dir():
            found |= {outdir / f.relative_to(source) for f in source.rglob("*") if f.is_file()}
        elif source.is_file():
            found.add(outdir / source.name)
    return found


def files_in(folder: Path, suffix: str = "", skip: frozenset[str] = frozenset()) -> list[str]:
    """The files under ``folder`` whose names end in ``suffix``, as paths;
    ``skip`` names top-level folders not to look in. (``os.walk`` on strings:
    on every incremental build, pathlib's ``rglob`` over the site's
    ``_static`` cost more than the rest of this step.)"""
    found = []
    for top, folders, names in os.walk(folder):
        if top == str(folder):
            folders[:] = [f for f in folders if f not in skip]
        found += [os.path.join(top, n) for n in names if n.endswith(suffix)]
    return sorted(found)


@reported
def drop_stale_pages(app: Sphinx, exception: Exception | None) -> None:
    """Delete the pages and images of documents that are gone (see the module's doc)."""
    builder = app.builder
    written = WRITTEN.pop(builder, set())
    if exception is not None or not is_site(app):
        return
    outdir = Path(builder.outdir)
    pages = {str(builder.get_output_path(n)) for n in [*app.env.found_docs, *written]}
    keep = pages | {str(f) for f in extra_files(app, outdir)}
    for page in files_in(outdir, builder.out_suffix, frozenset({"_static", builder.imagedir})):
        if page not in keep:
            os.unlink(page)
    images = {unique for _docs, unique in app.env.images.values()}
    for image in sorted((outdir / builder.imagedir).glob("*")):
        if image.is_file() and image.name not in images:
            image.unlink()
    sources = outdir / "_sources"
    for copied in files_in(sources):
        name = Path(copied).relative_to(sources).as_posix()
        if source_doc(app, name) is None:
            os.unlink(copied)


def source_doc(app: Sphinx, name: str) -> str | None:
    """The document whose source ``_sources/name`` is a copy of, if it still exists
    ("alpha.md.txt" is alpha's: its source suffix, then html_sourcelink_suffix)."""
    link_suffix = app.config.html_sourcelink_suffix
    for candidate in (name.removesuffix(link_suffix) if link_suffix else name, name):
        for suffix in app.config.source_suffix:
            doc = candidate.removesuffix(suffix)
            if candidate.endswith(suffix) and doc in app.env.found_docs:
                return doc
    return None


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx_edition.glossary")
    app.connect("env-get-outdated", note_before)
    app.connect("env-get-updated", affected_pages)
    app.connect("doctree-resolved", note_resolved)
    # After every other handler: the doctree as the builder will index it.
    app.connect("doctree-resolved", keep_feed, priority=900)
    app.connect("html-collect-pages", index_unwritten_pages)
    app.connect("build-finished", drop_vanished_words)
    app.connect("html-page-context", note_page)
    app.connect("build-finished", drop_stale_pages)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
