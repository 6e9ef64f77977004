"""A mistake in a translation is reported where the translator typed it: the
``.po`` catalog and the line of the msgstr, as English mistakes are at their
Markdown file and line; and the build then publishes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import ZH, copy_docs, run_build

pytestmark = [pytest.mark.slow, pytest.mark.zh]

CATALOG = Path("locales", ZH, "LC_MESSAGES", "essay", "joint-strategy.po")
# A term role of that catalog's translations, with its English target.
ROLE = "{term}`共识 <common "


def test_a_broken_term_in_a_catalog_is_reported_at_its_line(tmp_path: Path) -> None:
    docs = copy_docs(tmp_path / "docs")
    po = docs / CATALOG
    lines = po.read_text(encoding="utf-8").splitlines(keepends=True)
    [line] = [n for n, text in enumerate(lines, 1) if ROLE in text]
    assert lines[line - 1].startswith(('"', "msgstr")), "the role must be in a translation"
    lines[line - 1] = lines[line - 1].replace(ROLE, "{term}`共识 <commonx ")
    po.write_text("".join(lines), encoding="utf-8")

    out = tmp_path / "out"
    build = run_build(out, docs)
    assert build.returncode == 1, build.output
    assert f"{po}:{line}: WARNING: unknown glossary term 'commonx understanding'" in build.output, (
        build.output
    )
    assert f"Build failed (html ({ZH}), epub ({ZH}), pdf ({ZH}))" in build.output
    assert not (out / "html").exists() and not (out / "epub").exists()
