"""What the ePub's written files contain, read with a forgiving HTML parser.

The builder needs to know which files a page links to, whether it runs
scripts or loads remote resources, and what images and headings it has. An
XML parser stops at the first entity XML does not define (``&nbsp;`` in a
page some other project wrote), so the stdlib's HTML parser reads them.
"""

from __future__ import annotations

import contextlib
import json
import posixpath
import re
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
CSS_REF = re.compile(r"""url\(\s*['"]?([^'")]+)|@import\s+['"]([^'"]+)""")
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


@dataclass
class PageScan:
    """The parts of one content document the builder cares about."""

    refs: list[str] = field(default_factory=list)  # every href and src
    loads: list[str] = field(default_factory=list)  # what the reading system fetches
    images: list[tuple[str, str]] = field(default_factory=list)  # (src, alt)
    scripts: int = 0
    has_heading: bool = False


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = PageScan()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name in ("href", "src"):
            if values.get(name):
                self.scan.refs.append(values[name])
        # A link (<a>) is followed by the reader; these are loaded with the page.
        if tag != "a" and values.get("src"):
            self.scan.loads.append(values["src"])
        if tag == "link" and values.get("href"):
            self.scan.loads.append(values["href"])
        if tag == "img":
            self.scan.images.append((values.get("src", ""), values.get("alt", "")))
        elif tag == "script":
            self.scan.scripts += 1
        elif tag in HEADINGS:
            self.scan.has_heading = True

    handle_startendtag = handle_starttag


def scan_page(path: Path) -> PageScan:
    scanner = _Scanner()
    scanner.feed(path.read_text(encoding="utf-8"))
    scanner.close()
    return scanner.scan


class PageScans:
    """:func:`scan_page` of each page, read again only when its size or time
    changed: the builder asks for every page several times per build, and
    an edit rewrites few of them. Kept in ``record`` between builds."""

    FORMAT = 1

    def __init__(self, record: Path) -> None:
        self.record = record
        self.seen: dict[str, list] = {}
        self.asked: set[str] = set()  # saved: pages of this build, not gone ones
        with contextlib.suppress(OSError, ValueError):
            saved = json.loads(record.read_text(encoding="utf-8"))
            if isinstance(saved, dict) and saved.get("format") == self.FORMAT:
                self.seen = dict(saved.get("pages") or {})

    def get(self, path: Path) -> PageScan:
        stat = path.stat()
        self.asked.add(str(path))
        entry = self.seen.get(str(path))
        if (
            isinstance(entry, list)
            and len(entry) == 3
            and entry[:2] == [stat.st_size, stat.st_mtime_ns]
        ):
            with contextlib.suppress(TypeError, ValueError):
                scan = PageScan(**entry[2])
                scan.images = [(src, alt) for src, alt in scan.images]
                return scan
        scan = scan_page(path)
        self.seen[str(path)] = [stat.st_size, stat.st_mtime_ns, asdict(scan)]
        return scan

    def save(self) -> None:
        with contextlib.suppress(OSError):
            pages = {name: entry for name, entry in self.seen.items() if name in self.asked}
            record = {"format": self.FORMAT, "pages": pages}
            self.record.write_text(json.dumps(record), encoding="utf-8")


def css_refs(text: str) -> list[str]:
    """What a stylesheet loads (commented-out rules load nothing)."""
    return [m.group(1) or m.group(2) for m in CSS_REF.finditer(CSS_COMMENT.sub("", text))]


def is_remote(ref: str) -> bool:
    parts = urlsplit(ref)
    return bool(parts.scheme or parts.netloc) and parts.scheme not in ("data", "mailto")


def local_target(base: str, ref: str) -> str | None:
    """The output-relative path ``ref`` points to from file ``base``, if local."""
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), unquote(parts.path)))
