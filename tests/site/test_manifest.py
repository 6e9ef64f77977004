"""sphinx_edition.site.manifest: what each page loads, recorded while it is
written, and so which files of ``_static`` a site publishes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_edition.site.manifest import MANIFEST, published_files


def static_files(outdir: Path) -> set[str]:
    return {f for f in published_files(outdir) if f.startswith("_static/")}


@pytest.mark.sphinx("html", testroot="site-manifest", freshenv=True)
def test_pages_record_what_they_load(app: SphinxTestApp) -> None:
    app.build()
    outdir = Path(app.outdir)
    pages = json.loads((outdir / MANIFEST).read_text(encoding="utf-8"))["pages"]
    assert set(pages) >= {"index.html", "sub/page.html", "genindex.html", "search.html"}
    # The author's raw HTML and a link in the text, from the doctree.
    assert "_static/pic.png" in pages["sub/page.html"]
    assert "_static/drawing.svg" in pages["index.html"]
    # The theme's stylesheet (css_tag), the logo in the context, a script (js_tag).
    assert {"_static/basic.css", "_static/logo.svg", "_static/doctools.js"} <= set(
        pages["index.html"]
    )
    # The search page's scripts only where the template asked for them.
    assert "_static/searchtools.js" in pages["search.html"]
    assert "_static/searchtools.js" not in pages["index.html"]
    published = static_files(outdir)
    assert {"_static/basic.css", "_static/pic.png", "_static/searchtools.js"} <= published
    assert "_static/unused.js" not in published
    assert MANIFEST not in published_files(outdir)
    assert "index.html" in published_files(outdir)


@pytest.mark.sphinx("html", testroot="site-manifest", freshenv=True)
def test_a_rebuild_keeps_the_pages_it_did_not_write(app: SphinxTestApp) -> None:
    app.build()
    before = json.loads((Path(app.outdir) / MANIFEST).read_text(encoding="utf-8"))["pages"]
    # Nothing changed: Sphinx rewrites no document, and the record stands.
    app.build()
    after = json.loads((Path(app.outdir) / MANIFEST).read_text(encoding="utf-8"))["pages"]
    assert after["sub/page.html"] == before["sub/page.html"]
    assert "_static/pic.png" in static_files(Path(app.outdir))


def test_a_site_without_a_manifest_is_published_whole(tmp_path: Path) -> None:
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "any.js").write_text("js", encoding="utf-8")
    (tmp_path / "index.html").write_text("<p>page</p>", encoding="utf-8")
    assert published_files(tmp_path) == ["_static/any.js", "index.html"]


def test_stylesheets_are_followed_and_absolute_paths_count(tmp_path: Path) -> None:
    def write(name: str, text: str) -> None:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")

    write("_static/a.css", "/* url(commented.png) */ body{background:url('font%2Ewoff2')}")
    write("_static/font.woff2", "font")
    write("_static/commented.png", "png")
    write("_static/icon.svg", "svg")
    write("_static/unused.js", "js")
    write("404.html", "<p>missing</p>")
    pages = {"404.html": ["_static/a.css", "_static/icon.svg"]}
    write(MANIFEST, json.dumps({"format": 1, "pages": pages}))
    assert static_files(tmp_path) == {"_static/a.css", "_static/font.woff2", "_static/icon.svg"}
