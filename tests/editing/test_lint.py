"""Lint, run by the test command: ruff on Python, codespell on text, mdformat on MyST.

Each linter is also run once on a small bad sample, so a check that passes
cannot be one that would pass anything.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT

BIN = Path(sys.executable).parent
PYTHON = ["docs", "scripts", "tests"]
TEXT = ["docs", "README.md", "ADOPTING.md", "scripts", "tests"]
MARKDOWN = ["docs", "README.md", "ADOPTING.md"]

LINTERS = {
    "ruff format": [str(BIN / "ruff"), "format", "--check", *PYTHON],
    "ruff check": [str(BIN / "ruff"), "check", *PYTHON],
    "codespell": [str(BIN / "codespell"), *TEXT],
    # --check: report, never rewrite; .mdformat.toml keeps line wrapping as written.
    "mdformat": [str(BIN / "mdformat"), "--check", *MARKDOWN],
}

BAD_SAMPLES = {
    "ruff format": ("bad.py", "x = {  'a':1 }\n"),
    "ruff check": ("bad.py", "import os\n"),
    # Spelled backwards here, or codespell would flag this very file.
    "codespell": ("bad.md", "The " + "tnemrevog"[::-1] + " agreed.\n"),
    # mdformat-myst would write the directive's options as a YAML block.
    "mdformat": ("bad.md", "# Title\n\n* item\n\n```{note}\n:class: x\n\nText.\n```\n"),
}


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("name", list(LINTERS))
def test_lint_passes(name: str) -> None:
    result = run(LINTERS[name], ROOT)
    assert result.returncode == 0, f"{name}:\n{result.stdout}{result.stderr}"


@pytest.mark.parametrize("name", list(LINTERS))
def test_lint_catches_a_bad_sample(name: str, tmp_path: Path) -> None:
    filename, text = BAD_SAMPLES[name]
    (tmp_path / filename).write_text(text, encoding="utf-8")
    command = [arg for arg in LINTERS[name] if arg not in PYTHON + TEXT + MARKDOWN]
    result = run([*command, str(tmp_path / filename)], ROOT)
    assert result.returncode != 0, f"{name} passed {text!r}"
