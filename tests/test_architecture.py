"""The shape of the package: no import cycle between its parts, and no part
that reads back the HTML our builders wrote (but the CSS purge, whose job
that is, and the theme's sidebar tree the theme hands over)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "sphinx_edition"
# Parsers of HTML: where they are allowed, and why. None reads a page back.
HTML_READERS = {
    "site/purge.py",  # the purge reads the written pages: that is what a purge does
    "site/assets.py",  # the theme's sidebar toctree, a BeautifulSoup tree it hands over
    "loads.py",  # the author's raw HTML in the doctree (source text), for what it loads
    # The author's raw HTML, and another extension's fragment as its visitor
    # left it in the translator, written again as XHTML before the page is.
    "epub/xhtml.py",
}


def part_of(module: str) -> str | None:
    """``sphinx_edition.site.assets`` -> ``site``; top-level modules are parts too."""
    names = module.split(".")
    return names[1] if names[0] == "sphinx_edition" and len(names) > 1 else None


def imports() -> dict[str, set[str]]:
    """Each part -> the other parts its modules import."""
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).with_suffix("")
        here = rel.parts[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
                names += [f"{node.module}.{alias.name}" for alias in node.names]
            for name in names:
                part = part_of(name)
                known = part and ((PACKAGE / part).is_dir() or (PACKAGE / f"{part}.py").is_file())
                if known and part != here:
                    graph.setdefault(here, set()).add(part)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    found = []

    def walk(node: str, path: list[str]) -> None:
        for nxt in sorted(graph.get(node, ())):
            if nxt == path[0]:
                found.append([*path, nxt])
            elif nxt not in path and nxt > path[0]:
                walk(nxt, [*path, nxt])

    for start in sorted(graph):
        walk(start, [start])
    return found


def test_no_import_cycle_between_parts() -> None:
    graph = imports()
    assert "site" in graph and "outputs" in graph["site"]  # the walk sees imports
    assert cycles(graph) == []


def test_only_the_purge_parses_written_html() -> None:
    readers = sorted(
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if any(
            word in path.read_text(encoding="utf-8")
            for word in ("html.parser", "HTMLParser", "BeautifulSoup(", "lxml.html")
        )
    )
    assert set(readers) <= HTML_READERS, readers
