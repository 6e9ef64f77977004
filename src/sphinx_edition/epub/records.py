"""Each ePub page's record (:class:`~sphinx_edition.loads.PageRecord`), kept
between builds.

The builder learns what a page loads, shows and links to while it writes the
page. An incremental build rewrites only the pages an edit affects, yet the
package lists what every page needs, so each record is written beside the
doctrees (outside the book) when its page is written, by whichever process
writes it (Sphinx may write pages in parallel, in child processes), and read
when the package is made. A page with no record is written again
(:meth:`PageRecords.missing`).
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from sphinx_edition.loads import PageRecord

FORMAT = 1


class PageRecords:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, pagename: str) -> Path:
        return self.folder / f"{pagename}.json"

    def save(self, pagename: str, record: PageRecord) -> None:
        path = self._path(pagename)
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"format": FORMAT, "record": record.to_json()}, sort_keys=True)
        path.write_text(text, encoding="utf-8")

    def get(self, pagename: str) -> PageRecord | None:
        with contextlib.suppress(OSError, ValueError, TypeError, KeyError):
            saved = json.loads(self._path(pagename).read_text(encoding="utf-8"))
            if saved.get("format") == FORMAT:
                return PageRecord.from_json(saved["record"])
        return None

    def missing(self, pagenames: set[str]) -> set[str]:
        return {name for name in pagenames if self.get(name) is None}
