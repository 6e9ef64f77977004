"""What the tests of the editing pipeline share."""

from __future__ import annotations

import pytest
from support import DOCS, Build, run_build, source_part


@pytest.fixture(scope="session")
def part_book(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """One good build of docs/'s source part (``support.source_part``): the
    last good outputs the tests copy before they break, kill or race a build."""
    build = run_build(tmp_path_factory.mktemp("part-book") / "out", DOCS, *source_part())
    assert build.returncode == 0, build.output
    return build
