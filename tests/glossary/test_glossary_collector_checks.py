"""sphinx_edition.glossary on a small root (tests/roots/test-glossary-terms).

What the extension records (uses, entries) and each of its checks, each
shown to pass on good input and to fail, at the right file and line, on bad.
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

from sphinx_edition.glossary.model import TermUse, glossary_index

ROOT = Path(__file__).resolve().parent.parent / "roots" / "test-glossary-terms"
# A use's line is its paragraph's (as MyST gives it); only the unknown-term
# warning works out the role's own line.
USES = [
    TermUse("widget", "widget", "essay/page", 3, "use-widget-1", "The page"),
    TermUse("widget", "Widgets", "essay/page", 3, "use-widget-2", "The page"),
    TermUse("gadget", "gadget", "essay/page", 3, "use-gadget-1", "The page"),
    TermUse("gadget", "gadget", "essay/page", 9, "use-gadget-2", "Later"),
]


def all_uses(app: SphinxTestApp) -> list[TermUse]:
    return glossary_index(app.env).all_uses()


def warnings(stream: io.StringIO) -> list[str]:
    return [w for w in strip_escape_sequences(stream.getvalue()).splitlines() if w]


def edit(app: SphinxTestApp, name: str, old: str, new: str) -> None:
    path = Path(app.srcdir) / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.sphinx("html", testroot="glossary-terms")
def test_good_input_builds_clean_and_records_uses(app: SphinxTestApp, warning: io.StringIO) -> None:
    app.build()
    assert warnings(warning) == []
    essay_uses = [u for u in all_uses(app) if u.docname.startswith("essay/")]
    assert essay_uses == USES
    # In the glossary's (sorted) order, each at its line in glossary.md, with
    # its anchor and its definition as plain text.
    entries = glossary_index(app.env).all_entries()
    assert [(e.term, e.docname, e.line, e.anchor) for e in entries] == [
        ("gadget", "glossary", 10, "term-gadget"),
        ("widget", "glossary", 7, "term-widget"),
    ]
    assert entries[1].definition == ("A small thing, unlike a gadget.",)
    # Uses in the glossary itself are recorded too (but do not count as uses).
    assert [(u.term, u.docname) for u in all_uses(app)][-1] == ("gadget", "glossary")


@pytest.mark.sphinx(
    "html",
    testroot="glossary-terms",
    srcdir="glossary-required",
    confoverrides={"glossary_required_terms": ["widget", "sprocket"]},
)
def test_missing_required_entry_is_reported_at_the_glossary(
    app: SphinxTestApp, warning: io.StringIO
) -> None:
    app.build()
    [message] = warnings(warning)
    assert re.search(
        r"glossary\.md:10: WARNING: required glossary entry 'sprocket' is missing", message
    )
    assert "glossary_required_terms" in message


@pytest.mark.sphinx("html", testroot="glossary-terms", srcdir="glossary-unused")
def test_unused_entry_is_reported_at_its_line(app: SphinxTestApp, warning: io.StringIO) -> None:
    edit(
        app,
        "glossary.md",
        "gadget\n  A smaller thing.\n",
        "gadget\n  A smaller thing.\n\nsprocket\n  A toothed wheel.\n",
    )
    app.build()
    [message] = warnings(warning)
    assert re.search(r"glossary\.md:13: WARNING: glossary entry 'sprocket' is not used", message)


@pytest.mark.sphinx(
    "html", testroot="glossary-terms", confoverrides={"glossary_usage_prefix": "text/"}
)
def test_a_prefix_no_page_is_under_names_the_setting(
    app: SphinxTestApp, warning: io.StringIO
) -> None:
    # As after renaming essay/ without changing conf.py: one message about the
    # setting, not one "unused" per entry that is used.
    app.build()
    [message] = warnings(warning)
    assert re.search(
        r"conf\.py:\d+: WARNING: glossary_usage_prefix is 'text/', but no page is under it",
        message,
    )


@pytest.mark.sphinx("html", testroot="glossary-terms", srcdir="glossary-use-in-glossary")
def test_use_outside_the_essay_does_not_count(app: SphinxTestApp, warning: io.StringIO) -> None:
    # gadget's only remaining links are in the glossary and on the index page.
    edit(app, "essay/page.md", "with a {term}`gadget`", "with a gadget")
    edit(app, "essay/page.md", "{term}`gadget\n<gadget>`", "gadget")
    edit(app, "index.md", "# Glossary Terms Test\n", "# Glossary Terms Test\n\nA {term}`gadget`.\n")
    app.build()
    [message] = warnings(warning)
    assert re.search(r"glossary\.md:10: WARNING: glossary entry 'gadget' is not used", message)


@pytest.mark.parametrize(
    ("old", "new", "line", "term"),
    [
        # On the paragraph's third line (docutils would name its first).
        ("with a {term}`gadget`", "with a {term}`gadgett`", 5, "gadgett"),
        # An explicit target on the line after the role opens.
        ("{term}`gadget\n<gadget>`", "{term}`gadget\n<gidget>`", 9, "gidget"),
    ],
)
def test_unknown_term_is_reported_at_its_own_line(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, old: str, new: str, line: int, term: str
) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOT, srcdir)
    app = make_app("html", srcdir=srcdir)
    edit(app, "essay/page.md", old, new)
    app.build()
    [message] = warnings(app.warning)
    assert re.search(rf"essay/page\.md:{line}: WARNING: unknown glossary term '{term}'", message)
    assert re.search(r"Did you mean: [a-z, ]*\bgadget\b", message)


@pytest.mark.sphinx("html", testroot="glossary-terms", srcdir="glossary-incremental")
def test_incremental_build_forgets_a_removed_use(app: SphinxTestApp, warning: io.StringIO) -> None:
    app.build()
    assert warnings(warning) == []
    edit(app, "essay/page.md", "with a {term}`gadget`", "with a gadget")
    edit(app, "essay/page.md", "{term}`gadget\n<gadget>`", "gadget")
    app.build()
    [message] = warnings(warning)
    assert "glossary entry 'gadget' is not used" in message
    assert [u.term for u in all_uses(app) if u.docname == "essay/page"] == ["widget"] * 2


def test_parallel_read_records_the_same_uses(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    shutil.copytree(ROOT, tmp_path / "src")
    app = make_app("html", srcdir=tmp_path / "src", parallel=2)
    app.build()
    assert app.is_parallel_allowed("read")
    assert warnings(app.warning) == []
    assert [u for u in all_uses(app) if u.docname.startswith("essay/")] == USES
