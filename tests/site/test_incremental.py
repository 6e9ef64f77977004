"""sphinx_edition.site.incremental: an incremental HTML build rewrites what an
edit affects and publishes what a clean build does."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "roots" / "test-html-incremental"
EXTENSIONS = [
    "myst_parser",
    "sphinx_edition.glossary.backlinks",
    "sphinx_edition.glossary.previews",
    "sphinx_edition.site.hosting",
    "sphinx_edition.site.incremental",
]
PAGES = ["index", "alpha", "beta", "gamma"]


def published(outdir: Path) -> dict[str, str]:
    """Every file a host would serve, but Sphinx's own build record."""
    return {
        p.relative_to(outdir).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(outdir.rglob("*"))
        if p.is_file()
        and p.suffix in {".html", ".js", ".xml", ".txt"}
        and "_static" not in p.relative_to(outdir).parts
    }


def edit_and_compare(
    make_app, tmp_path: Path, edit: Callable[[Path], None], extensions: list[str] = EXTENSIONS
) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """(build, edit, build) and a clean build of the edited sources: both
    outputs, and the pages the second build wrote."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    overrides = {"extensions": extensions}
    make_app("html", srcdir=src, builddir=tmp_path / "inc", confoverrides=overrides).build()
    edit(src)
    inc = make_app("html", srcdir=src, builddir=tmp_path / "inc", confoverrides=overrides)
    # The pages the builder writes, as it writes them (not read back from
    # file times, which a fast build can leave equal).
    written: list[str] = []
    inc.connect("html-page-context", lambda _app, name, *_: written.append(name))
    inc.build()
    clean = make_app(
        "html", srcdir=src, builddir=tmp_path / "clean", confoverrides=overrides, freshenv=True
    )
    clean.build()
    outdir = Path(inc.outdir)
    return published(outdir), published(Path(clean.outdir)), [d for d in PAGES if d in written]


def append(name: str, text: str) -> Callable[[Path], None]:
    def edit(src: Path) -> None:
        page = src / name
        page.write_text(page.read_text(encoding="utf-8") + text, encoding="utf-8")

    return edit


def replace(name: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(src: Path) -> None:
        page = src / name
        text = page.read_text(encoding="utf-8")
        assert old in text
        page.write_text(text.replace(old, new), encoding="utf-8")

    return edit


@pytest.mark.parametrize(
    ("edit", "rewritten"),
    [
        # Prose: the page alone, and (Sphinx's rule) the page whose toctree
        # lists it; the search index and sitemap stay whole.
        (append("alpha.md", "\nAnteaters arrive as well.\n"), ["index", "alpha"]),
        # A new use of a term: the page, and the glossary's links back to it.
        (append("alpha.md", "\nA {term}`bumblebee` hums.\n"), ["index", "alpha", "beta"]),
        # A definition: the glossary, and every page whose previews show it.
        (
            replace("beta.md", "makes an index entry", "adds an index entry"),
            ["index", "beta", "gamma"],
        ),
        # A title: every page's navigation names it.
        (replace("alpha.md", "# Alpha", "# Aleph"), PAGES),
    ],
    ids=["prose", "new-use", "definition", "title"],
)
def test_an_edit_rewrites_what_it_affects(make_app, tmp_path, edit, rewritten) -> None:
    incremental, clean, written = edit_and_compare(make_app, tmp_path, edit)
    assert written == rewritten
    assert "bumblebe" in clean["searchindex.js"]
    assert incremental.keys() == clean.keys()
    assert [name for name in clean if incremental[name] != clean[name]] == []


def test_without_it_the_search_index_goes_stale(make_app, tmp_path) -> None:
    # The index part exists for sphinx-doc/sphinx#12599: if Sphinx fixes it, drop that part.
    others = [name for name in EXTENSIONS if name != "sphinx_edition.site.incremental"]
    edit = append("alpha.md", "\nAnteaters arrive as well.\n")
    incremental, clean, _ = edit_and_compare(make_app, tmp_path, edit, others)
    stale = [name for name in clean if incremental[name] != clean[name]]
    assert stale == ["searchindex.js"]
    assert "bumblebee" in clean["searchindex.js"]
    assert "bumblebee" not in incremental["searchindex.js"]


def test_a_removed_page_leaves_nothing_behind(make_app, tmp_path) -> None:
    """Sphinx never deletes an output file: without the extension the removed
    page stays on the site (and its image in _images); with it, the output
    is a clean build's, and a page copied from html_extra_path stays."""

    def add_page_with_image(src: Path) -> None:
        shutil.copy(src / "index.md", src / "delta.md")
        (src / "delta.md").write_text("# Delta\n\n![A square](square.svg)\n", encoding="utf-8")
        (src / "square.svg").write_text(
            "<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'/>", encoding="utf-8"
        )
        replace("index.md", "gamma\n", "gamma\ndelta\n")(src)
        (src / "extra").mkdir()
        (src / "extra" / "verify-me.html").write_text("<p>host check</p>", encoding="utf-8")

    def remove_page(src: Path) -> None:
        (src / "delta.md").unlink()
        replace("index.md", "gamma\ndelta\n", "gamma\n")(src)

    def build(src: Path, builddir: Path, extensions: list[str], fresh: bool = False) -> Path:
        overrides = {"extensions": extensions, "html_extra_path": ["extra"]}
        app = make_app(
            "html", srcdir=src, builddir=builddir, confoverrides=overrides, freshenv=fresh
        )
        app.build()
        return Path(app.outdir)

    for extensions, stays in ((EXTENSIONS, False), (EXTENSIONS[:-1], True)):
        work = tmp_path / str(len(extensions))
        src = work / "src"
        shutil.copytree(ROOT, src)
        add_page_with_image(src)
        out = build(src, work / "inc", extensions)
        left = [
            out / "delta.html",
            out / "_images" / "square.svg",
            out / "_sources" / "delta.md.txt",
        ]
        assert all(path.is_file() for path in left)
        remove_page(src)
        build(src, work / "inc", extensions)
        clean = build(src, work / "clean", extensions, fresh=True)
        assert (out / "verify-me.html").is_file()
        assert [path.exists() for path in left] == [stays] * 3
        if not stays:
            assert published(out) == published(clean)


def test_an_unwritten_page_feeds_the_index_from_its_kept_doctree(make_app, tmp_path) -> None:
    """The glossary (beta) is not rewritten after a prose edit elsewhere: its
    index entries are fed again from the doctree kept when it was written,
    not resolved again; a damaged or outdated copy is resolved as before."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    overrides = {"extensions": EXTENSIONS}
    make_app("html", srcdir=src, builddir=tmp_path / "inc", confoverrides=overrides).build()
    for n, damage in enumerate((False, True)):
        append("alpha.md", f"\nAnteaters arrive ({n}).\n")(src)
        if damage:
            for kept in (tmp_path / "inc" / "doctrees" / "search-feeds").rglob("*.pickle"):
                kept.write_bytes(b"not a pickle")
        app = make_app("html", srcdir=src, builddir=tmp_path / "inc", confoverrides=overrides)
        resolved: list[str] = []
        app.connect("doctree-resolved", lambda _a, _t, name, found=resolved: found.append(name))
        app.build()
        assert ("beta" in resolved) == damage
        clean = make_app(
            "html", srcdir=src, builddir=tmp_path / f"clean{n}", confoverrides=overrides
        )
        clean.build()
        index = (Path(clean.outdir) / "searchindex.js").read_text(encoding="utf-8")
        assert "bumblebe" in index
        assert (Path(app.outdir) / "searchindex.js").read_text(encoding="utf-8") == index
