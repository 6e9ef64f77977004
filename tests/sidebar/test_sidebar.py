"""sphinx_edition.sidebar: every page comes out as the theme's own sidebar
makes it, byte for byte, while the navigation is drawn once per build.

Each root is built twice, with the extension and without it (for the book,
whose other extensions load it: with ``fast_sidebar`` on and off), and
every HTML page is compared. Each fast build also counts the trees it drew,
so a comparison cannot pass by the fast path never running.
"""

from __future__ import annotations

import copy
import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from support import DOCS

from sphinx_edition.sidebar import EVENT

ROOTS = Path(__file__).resolve().parent.parent / "roots"
LEVELS = ROOTS / "test-sidebar-levels"
REST = ROOTS / "test-rest-book"


def pages(outdir: Path) -> dict[str, bytes]:
    return {
        p.relative_to(outdir).as_posix(): p.read_bytes()
        for p in sorted(outdir.rglob("*.html"))
        if "_static" not in p.relative_to(outdir).parts
    }


def build(make_app: Any, src: Path, out: Path, overrides: dict[str, Any], builder: str = "html"):
    """Build ``src``; return its pages and how many sidebar trees were drawn fast."""
    overrides = copy.deepcopy(overrides)  # the theme adds to its options
    app = make_app(builder, srcdir=src, builddir=out, confoverrides=overrides, freshenv=True)
    trees: list[Any] = []
    if "sphinx_edition.sidebar" in app.extensions:
        app.connect(EVENT, lambda _app, soup: trees.append(soup))
    try:
        app.build()
    finally:
        app.cleanup()  # the next app in this test registers its nodes afresh
    assert not app.warning.getvalue(), app.warning.getvalue()
    return pages(Path(app.outdir)), len(trees)


def differing(fast: dict[str, bytes], theirs: dict[str, bytes]) -> list[str]:
    assert fast.keys() == theirs.keys()
    return [name for name in theirs if fast[name] != theirs[name]]


def copy_root(root: Path, tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(root, src, ignore=shutil.ignore_patterns("_build", "__pycache__", "locales"))
    return src


THEME_OPTIONS = {
    # show_nav_level 0 (captions fold out), 1 (the theme's default), 2.
    "captions fold": {"show_navbar_depth": 0},
    "default": {},
    "two levels open": {"show_navbar_depth": 2},
    # Cut at two levels: the third level's pages are left to the theme.
    "pruned": {"max_navbar_depth": 2},
    # Collapsed navigation is not handled: every page is the theme's.
    "collapsed": {"collapse_navbar": True},
}


@pytest.mark.parametrize("options", THEME_OPTIONS.values(), ids=THEME_OPTIONS.keys())
@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_three_levels_same_as_the_theme(make_app, tmp_path, options, builder) -> None:
    src = copy_root(LEVELS, tmp_path)
    overrides = {"html_theme_options": options}
    fast, drawn = build(make_app, src, tmp_path / "fast", overrides, builder)
    theirs, _ = build(make_app, src, tmp_path / "theme", {**overrides, "extensions": []}, builder)
    assert differing(fast, theirs) == []
    assert drawn == (0 if options.get("collapse_navbar") else 1)
    # The sidebar is there: the page listed twice is current in both places
    # (one of them cut off at two levels, or collapsed).
    page = theirs["two/page.html" if builder == "html" else "two/page/index.html"].decode()
    listed = 1 if options.get("max_navbar_depth") == 2 or options.get("collapse_navbar") else 2
    assert page.count('class="current reference internal" href="#"') == listed


def test_rest_book_same_as_the_theme(make_app, tmp_path) -> None:
    src = copy_root(REST, tmp_path)
    extensions = ["sphinx_edition.glossary.backlinks", "sphinx_edition.checks"]
    overrides = {"html_theme": "sphinx_book_theme", "extensions": extensions}
    theirs, _ = build(make_app, src, tmp_path / "theme", overrides)
    overrides["extensions"] = [*extensions, "sphinx_edition.sidebar"]
    fast, drawn = build(make_app, src, tmp_path / "fast", overrides)
    assert drawn == 1
    assert differing(fast, theirs) == []


def test_a_new_title_reaches_every_sidebar(make_app, tmp_path) -> None:
    """A second build by the same application (as a long-running process
    would make) draws the tree again from the titles it has just read.
    sphinx_edition.site.incremental rewrites every page when a title
    changes. The theme build does the same, since pydata-sphinx-theme adds
    a script to the application on each page it writes, which a second
    build in one process repeats."""
    built = {}
    for name, extensions in (("fast", ["sphinx_edition.sidebar"]), ("theme", [])):
        src = copy_root(LEVELS, tmp_path / name)
        overrides = {"extensions": [*extensions, "sphinx_edition.site.incremental"]}
        app = make_app(
            "html", srcdir=src, builddir=tmp_path / name / "out", confoverrides=overrides
        )
        app.build()
        third = src / "one" / "deep" / "third.rst"
        third.write_text(third.read_text().replace("Third, one", "Final, one"))
        # Newer than when the first build read it, without waiting.
        later = time.time() + 10
        os.utime(third, (later, later))
        app.build()
        app.cleanup()
        built[name] = pages(Path(app.outdir))
    assert [n for n, html in built["fast"].items() if b"Final, one" not in html] == []
    assert differing(built["fast"], built["theme"]) == []


@pytest.mark.slow
def test_the_book_same_with_and_without(make_app, tmp_path) -> None:
    src = copy_root(DOCS, tmp_path)
    fast, drawn = build(make_app, src, tmp_path / "fast", {})
    theirs, _ = build(make_app, src, tmp_path / "theme", {"fast_sidebar": False})
    assert drawn == 1
    assert differing(fast, theirs) == []


@pytest.mark.slow
def test_a_181_page_book_same_with_and_without(make_app, tmp_path) -> None:
    from bench import scaled_sources

    src = scaled_sources(DOCS, tmp_path, 180)
    fast, drawn = build(make_app, src, tmp_path / "fast", {})
    theirs, _ = build(make_app, src, tmp_path / "theme", {"fast_sidebar": False})
    assert len(theirs) > 180
    assert drawn == 1
    assert differing(fast, theirs) == []
