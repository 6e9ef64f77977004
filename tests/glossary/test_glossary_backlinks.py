"""glossary_backlinks on a small root (tests/roots/test-glossary-backlinks).

The root's essay has two pages, read in toc order "second" then "first";
"first" uses widget three times (twice in its first section, once in a
subsection) and gadget once; "second" uses each once.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from backlink_checks import glossary_entries, problems, soup_of
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

ROOT = Path(__file__).resolve().parent.parent / "roots" / "test-glossary-backlinks"
# A section with two uses says which is which; the others give their title alone.
WIDGET_LABELS = ["Second part", "First part, use 1 of 2", "First part, use 2 of 2", "A subsection"]


def pages(app: SphinxTestApp, suffix: str) -> tuple[Path, list[Path]]:
    out = Path(app.outdir)
    essay = [out / "essay" / f"{name}{suffix}" for name in ("index", "second", "first")]
    return out / f"glossary{suffix}", essay


def backlinks_html(glossary: Path) -> str:
    return "\n".join(str(entry.uses) for entry in glossary_entries(glossary))


def labels(glossary: Path) -> dict[str, list[str]]:
    return {e.term_id: e.labels() for e in glossary_entries(glossary)}


@pytest.mark.sphinx("html", testroot="glossary-backlinks")
def test_html_every_entry_links_back_to_every_use(app: SphinxTestApp, warning: io.StringIO) -> None:
    app.build()
    assert warning.getvalue() == ""
    glossary, essay = pages(app, ".html")
    assert problems(glossary, essay) == []
    assert labels(glossary) == {
        "term-widget": WIDGET_LABELS,
        "term-gadget": ["Second part", "First part"],
    }
    # The uses' ids count per term and page, in reading order.
    ids = [el["id"] for el in soup_of(essay[2]).select("span.std-term[id]")]
    assert ids == ["use-widget-1", "use-widget-2", "use-gadget-1", "use-widget-3"]


@pytest.mark.sphinx(
    "html",
    testroot="glossary-backlinks",
    confoverrides={"glossary_backlinks_ordinal": "{section}（第{n}处，共{count}处）"},
)
def test_ordinal_labels_come_from_the_setting(app: SphinxTestApp) -> None:
    app.build()
    glossary, _ = pages(app, ".html")
    assert labels(glossary)["term-widget"] == [
        "Second part",
        "First part（第1处，共2处）",
        "First part（第2处，共2处）",
        "A subsection",
    ]


@pytest.mark.sphinx("epub", testroot="glossary-backlinks")
def test_epub_every_entry_links_back_to_every_use(app: SphinxTestApp, warning: io.StringIO) -> None:
    app.build()
    assert warning.getvalue() == ""
    glossary, essay = pages(app, ".xhtml")
    assert problems(glossary, essay) == []
    assert labels(glossary)["term-widget"] == WIDGET_LABELS


def test_checks_catch_broken_backlinks(tmp_path: Path) -> None:
    """The checker itself fails on a missing backlink and on a dangling one."""
    essay = tmp_path / "essay.html"
    essay.write_text(
        '<p><a href="glossary.html#term-a"><span id="use-a-1">a</span></a>'
        '<a href="glossary.html#term-b"><span id="use-b-1">b</span></a></p>',
        encoding="utf-8",
    )
    glossary = tmp_path / "glossary.html"
    glossary.write_text(
        '<dl class="glossary"><dt id="term-a">a</dt><dd><p>A.</p></dd>'
        '<dd class="glossary-uses"><p class="glossary-backlinks-lead">Used in the essay:</p>'
        '<ul class="glossary-backlinks"><li><a href="essay.html#use-a-2">x</a></li></ul></dd>'
        '<dt id="term-b">b</dt><dd><p>B.</p>'
        '<p class="glossary-backlinks-lead">Used in the essay:</p>'
        '<ul class="glossary-backlinks"><li><a href="essay.html#use-b-1">x</a></li></ul></dd>'
        "</dl>",
        encoding="utf-8",
    )
    found = problems(glossary, [essay])
    assert any("no id 'use-a-2'" in p for p in found)
    # Backlinks inside the definition would show in e-readers' pop-ups.
    assert "term-b: backlinks inside the definition's <dd>" in found
    assert "term-b: no backlinks" in found


@pytest.mark.sphinx("html", testroot="glossary-backlinks", srcdir="backlinks-incremental")
def test_incremental_build_drops_a_removed_use(
    app: SphinxTestApp, make_app: Callable[..., SphinxTestApp]
) -> None:
    # As in the pipeline (sphinx-edition build), each build is a fresh application, and the
    # ePub's reuses the doctrees the HTML's left (sphinx.testing shares them).
    def build(builder: str) -> SphinxTestApp:
        built = make_app(builder, srcdir=app.srcdir)
        built.build()
        return built

    html, epub = build("html"), build("epub")
    glossary, epub_glossary = pages(html, ".html")[0], pages(epub, ".xhtml")[0]
    assert "essay/second.html#use-widget-1" in backlinks_html(glossary)

    # Nothing changed: the glossary page is left alone.
    written = glossary.stat().st_mtime_ns
    build("html")
    assert glossary.stat().st_mtime_ns == written

    # Remove the use of widget from the second page only.
    second = Path(app.srcdir) / "essay" / "second.md"
    text = second.read_text(encoding="utf-8").replace(", and a {term}`widget`", "")
    second.write_text(text, encoding="utf-8")
    html = build("html")
    assert labels(glossary)["term-widget"] == WIDGET_LABELS[1:]
    assert problems(glossary, pages(html, ".html")[1]) == []

    # The ePub's application finds the doctrees current and re-reads nothing,
    # but must still rewrite its glossary.
    epub = build("epub")
    assert "0 added, 0 changed, 0 removed" in strip_escape_sequences(epub.status.getvalue())
    assert labels(epub_glossary)["term-widget"] == WIDGET_LABELS[1:]
    assert problems(epub_glossary, pages(epub, ".xhtml")[1]) == []

    # The same application building again after an edit (sphinx-autobuild's way).
    text = second.read_text(encoding="utf-8").replace("part.", "part, and a {term}`widget`.")
    second.write_text(text, encoding="utf-8")
    html.build()
    assert labels(glossary)["term-widget"] == WIDGET_LABELS


def copy_root(dest: Path) -> Path:
    shutil.copytree(ROOT, dest)
    return dest


def test_parallel_build_gives_the_same_backlinks(
    tmp_path: Path, make_app: Callable[..., SphinxTestApp]
) -> None:
    serial = make_app("html", srcdir=copy_root(tmp_path / "serial"))
    serial.build()
    parallel = make_app("html", srcdir=copy_root(tmp_path / "parallel"), parallel=2)
    assert parallel.parallel == 2
    parallel.build()
    assert parallel.is_parallel_allowed("read") and parallel.is_parallel_allowed("write")
    glossary, essay = pages(parallel, ".html")
    assert problems(glossary, essay) == []
    assert backlinks_html(glossary) == backlinks_html(pages(serial, ".html")[0])
    for page, same in zip(essay, pages(serial, ".html")[1], strict=True):
        assert str(soup_of(page).select("span.std-term")) == str(
            soup_of(same).select("span.std-term")
        )
