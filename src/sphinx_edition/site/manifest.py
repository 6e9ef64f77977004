"""``sphinx_edition.site.manifest``: what each page of the site loads, recorded as it is written.

Of ``_static`` (the theme's and Sphinx's files, most of them bundled by
``sphinx_edition.site.assets`` into one stylesheet and one script) only
what some page loads is worth publishing. Rather than read the written pages
back, this extension records, while each page is rendered:

* every file the templates ask ``pathto`` for (that is how a template links
  a stylesheet, a script, an icon or the logo), and every file the theme
  passes to ``css_tag``/``js_tag``;
* the logo and favicon Sphinx puts in the page's context;
* in the page's doctree, links (``reference`` nodes) and raw HTML that name
  a file under ``_static`` (the author's own markup, in the source).

At ``build-finished`` it writes ``.site-manifest.json`` into the output
folder: per page, the ``_static`` files it loads, kept for pages an
incremental build did not rewrite. :func:`published_files` adds what the
stylesheets among them load (``url()``, ``@import``) and answers "which
files of this site to publish". A site without a manifest (built without
this extension) is published whole.
"""

from __future__ import annotations

import json
import posixpath
import re
import weakref
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from docutils import nodes
from sphinx.application import Sphinx

from sphinx_edition import __version__
from sphinx_edition.outputs import is_site
from sphinx_edition.reporting import reported

MANIFEST = ".site-manifest.json"
FORMAT = 1
# The pages this build wrote, per application (held weakly: nothing here
# outlives the build) -> {page file: the _static files it loads}.
WRITTEN: weakref.WeakKeyDictionary[Sphinx, dict[str, set[str]]] = weakref.WeakKeyDictionary()

# URL-bearing attributes in an author's raw HTML.
RAW_URL = re.compile(r"""\b(?:src|href|srcset|poster|data|content)\s*=\s*["']([^"']+)["']""", re.I)
CSS_REF = re.compile(r"""url\(\s*['"]?([^'")]+)|@import\s+['"]([^'"]+)""")
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def static_target(base: str, ref: str) -> str | None:
    """The ``_static/...`` file ``ref`` names from file ``base``, if any.

    Absolute and root-relative URLs count when their path runs through
    ``_static/`` (the 404 page links by absolute paths), so a host prefix
    such as ``/en/latest/`` needs no configuration here.
    """
    try:
        parts = urlsplit(ref.strip())
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


def css_refs(text: str) -> list[str]:
    """What a stylesheet loads: its ``url()``s and ``@import``s."""
    return [m.group(1) or m.group(2) for m in CSS_REF.finditer(CSS_COMMENT.sub("", text))]


def doctree_refs(doctree: nodes.Node) -> Iterable[str]:
    """Links and raw HTML attributes in a page's doctree, as the author wrote them."""
    for node in doctree.findall(nodes.reference):
        if node.get("refuri"):
            yield node["refuri"]
    for node in doctree.findall(nodes.raw):
        if "html" in node.get("format", "").split():
            for value in RAW_URL.findall(node.astext()):
                yield from (part.split()[0] for part in value.split(",") if part.strip())


def recorder(refs: set[str], base: str, wrapped: Callable[..., Any]) -> Callable[..., Any]:
    """``wrapped`` (``pathto``, ``css_tag`` or ``js_tag``), noting the file it is asked for."""

    def record(target: Any, *args: Any, **kwargs: Any) -> Any:
        name = getattr(target, "filename", target)
        if isinstance(name, str | Path):
            name = str(name)
            # pathto takes a path from the site's root; the result is relative.
            found = static_target("", name) if not name.startswith("/") else None
            if found:
                refs.add(found)
        return wrapped(target, *args, **kwargs)

    return record


@reported
def on_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if not is_site(app):
        return
    outdir = Path(app.outdir)
    page = Path(app.builder.get_outfilename(pagename)).relative_to(outdir).as_posix()
    refs: set[str] = set()
    for name in ("pathto", "css_tag", "js_tag"):
        if callable(context.get(name)):
            context[name] = recorder(refs, page, context[name])
    for name in ("logo_url", "favicon_url"):
        if isinstance(context.get(name), str) and (found := static_target(page, context[name])):
            refs.add(found)
    if doctree is not None:
        refs.update(t for ref in doctree_refs(doctree) if (t := static_target(page, ref)))
    WRITTEN.setdefault(app, {})[page] = refs


def read_manifest(outdir: Path) -> dict[str, list[str]] | None:
    """Per page file, the ``_static`` files it loads; None without a manifest."""
    try:
        record = json.loads((outdir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    pages = record.get("pages") if isinstance(record, dict) else None
    if record.get("format") != FORMAT or not isinstance(pages, dict):
        return None
    return {page: [str(r) for r in refs] for page, refs in pages.items() if isinstance(refs, list)}


@reported
def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not is_site(app):
        return
    outdir = Path(app.outdir)
    written = WRITTEN.pop(app, {})
    pages = {
        page: refs
        for page, refs in (read_manifest(outdir) or {}).items()
        if page not in written and (outdir / page).is_file()
    }
    pages.update({page: sorted(refs) for page, refs in written.items()})
    record = {"format": FORMAT, "pages": dict(sorted(pages.items()))}
    (outdir / MANIFEST).write_text(json.dumps(record, indent=0), encoding="utf-8")


def published_files(outdir: Path) -> list[str]:
    """The files of a built site worth publishing, relative to ``outdir``.

    Everything outside ``_static`` (but the manifest itself); of ``_static``,
    what the manifest says a page loads, and what the stylesheets among those
    load in turn. Without a manifest, every file.
    """
    files = sorted(p.relative_to(outdir).as_posix() for p in outdir.rglob("*") if p.is_file())
    manifest = read_manifest(outdir)
    if manifest is None:
        return files
    static = {f for f in files if f.startswith("_static/")}
    kept = [f for f in files if f not in static and f != MANIFEST]
    todo = sorted({ref for refs in manifest.values() for ref in refs})
    used: set[str] = set()
    while todo:
        target = todo.pop()
        if target not in static or target in used:
            continue
        used.add(target)
        if target.endswith(".css"):
            # A stylesheet is an input the site copies, not a page we wrote.
            text = (outdir / target).read_text(encoding="utf-8", errors="replace")
            todo += [t for ref in css_refs(text) if (t := static_target(target, ref))]
    return kept + sorted(used)


def setup(app: Sphinx) -> dict[str, Any]:
    # Late: after the theme and sphinx_edition.site.assets have set the context.
    app.connect("html-page-context", on_page_context, priority=950)
    app.connect("build-finished", on_build_finished, priority=950)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": False}
