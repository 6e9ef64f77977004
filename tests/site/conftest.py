"""Fixtures for the website tests: the built site served gzipped on 127.0.0.1
and the folder for artifacts (the browser is tests/conftest.py's)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from site_server import serve
from support import ROOT, Build

ARTIFACTS = ROOT / "test-artifacts" / "site"


@pytest.fixture(scope="session")
def site(book: Build) -> Path:
    return book.html


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
