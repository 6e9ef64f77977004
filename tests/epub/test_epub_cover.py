"""The committed cover is what scripts/make_cover.py draws from conf.py today."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PIL import Image
from support import DOCS, ROOT


def test_committed_cover_matches_the_script(tmp_path: Path) -> None:
    fresh = tmp_path / "cover.png"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_cover.py"), "--out", str(fresh)],
        check=True,
        capture_output=True,
    )
    committed = Image.open(DOCS / "_static" / "cover.png")
    drawn = Image.open(fresh)
    assert committed.size == drawn.size == (1600, 2400)
    # Pixels, not bytes: another zlib may pack the same picture differently.
    # If this fails after a title change, run scripts/make_cover.py and commit.
    assert committed.convert("RGB").tobytes() == drawn.convert("RGB").tobytes()
