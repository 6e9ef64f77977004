"""Glossary previews in Chromium on a project with Sphinx's default theme and
none of our site extensions: hovering a term link shows its definition."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from site_server import serve

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

ROOT = Path(__file__).resolve().parent.parent / "roots" / "test-term-previews"


def test_hover_shows_the_definition_under_the_default_theme(browser, tmp_path: Path) -> None:
    out = tmp_path / "html"
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", str(ROOT), str(out)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    with serve(out) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.goto(url + "index.html", wait_until="networkidle")
        page.hover('a[data-term-preview="tp-term-hedging"]')
        popover = page.locator("#term-preview")
        popover.wait_for(state="visible")
        assert "Keeping more than one option open." in popover.inner_text()
        page.mouse.move(0, 0)
        popover.wait_for(state="hidden")
        context.close()
