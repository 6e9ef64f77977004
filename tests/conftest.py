from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chromium import CHROMIUM, CHROMIUM_ARGS
from support import (
    THIS_ESSAY,
    ZH,
    Build,
    extract,
    has_edition,
    is_this_essay,
    run_build,
    same_epoch_as,
)

pytest_plugins = ["sphinx.testing.fixtures"]


def pytest_configure(config: pytest.Config) -> None:
    # Builds share compiled templates and purged stylesheets through a
    # per-user cache (sphinx_edition.cache): the tests use one of their own,
    # empty when they start, never the person's.
    os.environ["SPHINX_EDITION_CACHE_DIR"] = tempfile.mkdtemp(prefix="edition-cache-")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests about this repository's essay (marked ``essay``) and its Chinese
    edition (``zh``) are skipped, each saying why, when docs/ holds another
    edition: the one place that decides it."""
    skips = {}
    if not is_this_essay():
        skips["essay"] = pytest.mark.skip(
            reason=f"about the text of {THIS_ESSAY!r}; docs/conf.py's project is another"
        )
    if not has_edition(ZH):
        skips["zh"] = pytest.mark.skip(
            reason=f"about the Chinese edition; edition_languages in docs/conf.py has no {ZH}"
        )
    for item in items:
        for marker, skip in skips.items():
            if item.get_closest_marker(marker):
                item.add_marker(skip)


@pytest.fixture(scope="session")
def book(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """One real build of the book (HTML and ePub), shared by the tests that read it."""
    build = run_build(tmp_path_factory.mktemp("book"))
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="session")
def book_again(book: Build, tmp_path_factory: pytest.TempPathFactory) -> Build:
    """A second build of the same sources with ``book``'s SOURCE_DATE_EPOCH,
    shared by the tests that compare two builds (English and Chinese)."""
    again = run_build(tmp_path_factory.mktemp("book-again"), env=same_epoch_as(book.epub))
    assert again.returncode == 0, again.output
    return again


@pytest.fixture(scope="session")
def epub_dir(book: Build, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built ePub, unzipped."""
    return extract(book.epub, tmp_path_factory.mktemp("epub"))


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where sphinx.testing finds the small test roots (tests/roots/test-NAME)."""
    return Path(__file__).parent / "roots"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium through Playwright, one for the whole session: Playwright's
    sync API allows one instance per thread, so every browser test shares it."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: scripts/test installs Debian's chromium before it runs"
            " the tests (or run scripts/test --fast, which skips the browser tests)"
        )
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
