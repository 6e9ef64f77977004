"""sphinx_edition.checks on its own, on a small test root, and its fence scanner."""

from __future__ import annotations

import re

import pytest

from sphinx_edition.checks import unclosed_fences


@pytest.mark.sphinx("html", testroot="source-checks", freshenv=True)
def test_each_check_reports_at_its_line(app) -> None:
    app.build()
    warnings = app.warning.getvalue()
    src = re.escape(str(app.srcdir))
    expected = [
        rf"{src}/untitled.md:1: WARNING: this page has no title",
        rf"{src}/fenced.md:7: WARNING: the block opened here with ::: is never closed",
        rf"{src}/pictures.md:5: WARNING: image dot.png has no alt text",
        rf"{src}/stray.md:1: WARNING: this page is in no table of contents",
    ]
    for pattern in expected:
        assert re.search(pattern, warnings), f"{pattern}\n{warnings}"
    # The closed fence, the described image and the titled pages pass; the
    # messages these checks replace are not shown as well.
    assert len(re.findall("WARNING", warnings)) == len(expected), warnings
    assert "doesn't have a title" not in warnings


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("```\ncode\n```\n", []),
        ("```text\ncode\n", [(1, "```")]),
        ("para\n\n~~~~\ncode\n~~~\n", [(3, "~~~~")]),  # a shorter closer does not close
        ("````{note}\n```\ninner\n```\n````\n", []),
        ("> ```\n> quoted\n", [(1, "```")]),
        ("---\ntitle: x\n---\n\n:::{note}\ntext\n", [(5, ":::")]),
        ("```\n", [(1, "```")]),
    ],
)
def test_unclosed_fences(text: str, found: list[tuple[int, str]]) -> None:
    assert list(unclosed_fences(text)) == found
