"""The book's reading order: every page once, and every page reachable.

Sphinx's ePub builder makes the spine, the navigation document and the NCX
from one list, the "refnodes" its toctrees resolve to. Two things in that
list make an invalid book, and both are mended in the list itself, so the
three stay in step:

* A page listed in two toctrees (or both as ``epub_pre_files`` and as the
  root document) appears twice: the spine would repeat an itemref (an error
  since EPUB 3.2), the NCX would give one target two ``playOrder`` values,
  and the toc would go back in the reading order. Sphinx only warns
  (``epub.duplicated_toc_entry``, sphinx-doc/sphinx#4611). Here each page
  keeps its first place, with the entries below it.
* A page in no toctree (``:orphan:``) goes into the spine as non-linear
  content, which EPUB 3.3 requires a link to reach (EPUBCheck OPF-096);
  Sphinx adds such pages since sphinx-doc/sphinx#2900 whether or not
  anything links to them. A page some page links to stays non-linear; one
  nothing links to joins the reading order after the rest, without a toc
  entry.
"""

from __future__ import annotations

from typing import Any


def first_places(refnodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``refnodes`` with each page (and each place in a page) once, at its
    first place; an entry left out takes the entries nested under it along."""
    kept: list[dict[str, Any]] = []
    seen: set[str] = set()
    skipping: int | None = None
    for node in refnodes:
        if skipping is not None and node["level"] > skipping:
            continue
        skipping = None
        if node["refuri"] in seen:
            skipping = node["level"]
            continue
        seen.add(node["refuri"])
        kept.append(node)
    return kept


def unreached(pages: list[str], listed: set[str], linked: set[str]) -> list[str]:
    """The pages in no toctree that no page links to, in ``pages``' order."""
    return [page for page in pages if page not in listed and page not in linked]
