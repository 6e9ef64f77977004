from __future__ import annotations

from pathlib import Path

import pytest
from support import Build, extract, run_build

pytest_plugins = ["sphinx.testing.fixtures"]


@pytest.fixture(scope="session")
def book(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """One real build of the book (HTML and ePub), shared by the tests that read it."""
    build = run_build(tmp_path_factory.mktemp("book"))
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="session")
def epub_dir(book: Build, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built ePub, unzipped."""
    return extract(book.epub, tmp_path_factory.mktemp("epub"))


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where sphinx.testing finds the small test roots (tests/roots/test-NAME)."""
    return Path(__file__).parent / "roots"
