"""Read glossary backlinks and term links out of built pages (HTML or XHTML).

Shared by the small-root tests (tests/ext) and the real book's test
(tests/test_backlinks_book.py), so both hold the output to the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, Tag

LIST_CLASS = "glossary-backlinks"
USES_CLASS = "glossary-uses"
LEAD_IN = "Used in the essay:"

# A place in the output: (file, id).
Place = tuple[Path, str]


def soup_of(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def resolve(page: Path, href: str) -> Place:
    parts = urlsplit(href)
    target = (page.parent / unquote(parts.path)).resolve() if parts.path else page.resolve()
    return target, unquote(parts.fragment)


@dataclass
class Entry:
    """One glossary entry as built: its id, its definition, and the ``<dd>``
    after it that holds its backlinks."""

    term_id: str
    dd: Tag  # the definition: the <dd> right after the term
    uses: Tag | None  # <dd class="glossary-uses">: lead-in and backlinks
    links: list[Tag]  # the backlinks, in the order shown

    def targets(self, page: Path) -> list[Place]:
        return [resolve(page, a["href"]) for a in self.links]

    def labels(self) -> list[str]:
        return [" ".join(a.get_text().split()) for a in self.links]


def glossary_entries(page: Path) -> list[Entry]:
    """Each ``<dt id>`` of the glossary with the ``<dd>`` elements that follow it."""
    entries = []
    for dt in soup_of(page).select("dl.glossary > dt[id]"):
        dd = dt.find_next_sibling(True)
        while dd is not None and dd.name == "dt":  # another name of the same entry
            dd = dd.find_next_sibling(True)
        assert dd is not None and dd.name == "dd", f"{page.name}: no definition after {dt['id']}"
        after = dd.find_next_sibling(True)
        uses = after if after is not None and USES_CLASS in after.get("class", []) else None
        links = [a for ul in (uses.select(f"ul.{LIST_CLASS}") if uses else []) for a in ul("a")]
        entries.append(Entry(dt["id"], dd, uses, [a for a in links if a.get("href")]))
    return entries


def term_uses(pages: list[Path], glossary: Path) -> dict[str, list[Place]]:
    """For each glossary id, the ids of the term links pointing at it, page by page.

    A term link without an id is returned with id "" so a test sees it.
    """
    uses: dict[str, list[Place]] = {}
    for page in pages:
        for a in soup_of(page).find_all("a", href=True):
            target, fragment = resolve(page, a["href"])
            if target != glossary.resolve() or not fragment.startswith("term-"):
                continue
            ids = [a.get("id")] + [el.get("id") for el in a.find_all(id=True)]
            anchor = next((i for i in ids if i), "")
            uses.setdefault(fragment, []).append((page.resolve(), anchor))
    return uses


def problems(glossary: Path, essay_pages: list[Path], *, ordered: bool = True) -> list[str]:
    """Everything wrong with the backlinks of ``glossary``; [] when they are right.

    Right means: every entry has at least one backlink, in a ``<dd>`` of its
    own after the definition's (so a reader's pop-up of the definition does
    not show them), after the lead-in; every backlink lands on an id of an essay page, and that
    id is a term link back to the same entry; and an entry's backlinks are
    exactly the essay's links to it (in the same order when ``ordered``).
    """
    found: list[str] = []
    uses = term_uses(essay_pages, glossary)
    entries = glossary_entries(glossary)
    if not entries:
        return [f"{glossary}: no glossary entries"]
    for entry in entries:
        name = entry.term_id
        if entry.dd.select(f".{LIST_CLASS}, .{LIST_CLASS}-lead"):
            found.append(f"{name}: backlinks inside the definition's <dd>")
        if not entry.links or entry.uses is None:
            found.append(f"{name}: no backlinks")
            continue
        lead = entry.uses.find("p", class_=f"{LIST_CLASS}-lead")
        if lead is None or lead.get_text(strip=True) != LEAD_IN:
            found.append(f"{name}: no lead-in {LEAD_IN!r} before the backlinks")
        targets = entry.targets(glossary)
        for target, fragment in targets:
            if not target.is_file():
                found.append(f"{name}: backlink to missing file {target}")
                continue
            el = soup_of(target).find(id=fragment)
            if el is None:
                found.append(f"{name}: no id {fragment!r} in {target.name}")
                continue
            link = el if el.name == "a" else el.find_parent("a")
            if link is None or resolve(target, link.get("href", "")) != (glossary.resolve(), name):
                found.append(f"{name}: {target.name}#{fragment} is not a link to {name}")
        expected = uses.get(name, [])
        if any(anchor == "" for _, anchor in expected):
            found.append(f"{name}: a term link in the essay has no id to come back to")
        got = targets if ordered else sorted(targets)
        want = expected if ordered else sorted(expected)
        if got != want:
            found.append(f"{name}: backlinks {got} but the essay links from {want}")
    return found
