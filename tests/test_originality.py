"""The edition restates the source: no run of 7+ words of it may appear."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from support import DOCUMENTS, ROOT

OVERLAP = ROOT.parent / "shared" / "tools" / "overlap"
TITLE = "America's Efforts to Subdue North Korea Will Fail—Unless China Gets Involved"

pytestmark = [
    pytest.mark.essay,
    pytest.mark.skipif(
        not OVERLAP.exists(), reason="the overlap tool lives in ../shared, beside the clone"
    ),
]


def overlap(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(OVERLAP), "--allow", TITLE, *map(str, paths)],
        capture_output=True,
        text=True,
    )


def test_published_text_shares_no_run_with_the_source() -> None:
    result = overlap(ROOT / "docs", *(ROOT / name for name in DOCUMENTS))
    assert result.returncode == 0, result.stdout


def test_the_check_catches_a_copied_sentence(tmp_path: Path) -> None:
    source = (ROOT.parent / "shared" / "source" / "essay-source.txt").read_text(encoding="utf-8")
    copied = tmp_path / "copied.md"
    copied.write_text(source.splitlines()[6] + "\n", encoding="utf-8")
    assert overlap(copied).returncode != 0
