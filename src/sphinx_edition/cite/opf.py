"""The ePub package's bibliographic metadata, from the citation's facts.

What an EPUB 3 package says about who made the book, what it is based on,
what it is about and when this edition appeared, read from the same
``Edition`` as the website's citation tags:

* one ``dc:creator`` per person or group, each refined (EPUB 3 ``meta
  refines``) with its MARC relator roles, ``file-as`` and ``display-seq``.
  An original work: its authors (``aut``), then any editors (``edt``). An
  edition of another work: the original's authors first, as ``aut`` (the argument, its order, facts
  and terms are theirs; readers and catalogues look for the book under their
  names) and ``ant``, bibliographic antecedent (the text this one is based
  on); then the editors, as ``aut`` (every sentence of this wording, the
  glossary and the notes is theirs) and ``edt``, which the citation tags and
  ``CITATION.cff`` also call them. calibre lists the ``aut`` creators as the
  book's authors, in ``display-seq`` order;
* ``dc:source``: the original (authors, title, venue, date), if there is one;
* ``dc:subject``: ``cite_metadata["subjects"]``;
* ``dc:date``: the edition's date (``cite_metadata["date"]``), never the time
  of the build, which stays in ``dcterms:modified`` as EPUB requires.

A project without ``cite_metadata`` gets ``None`` here, and the package
template falls back to Sphinx's own metadata (``epub_author``,
``epub_contributor``, the build's date).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sphinx.config import Config

from sphinx_edition.cite.formats import source_line
from sphinx_edition.cite.model import CiteConfigError, Name, edition

# MARC relator codes (https://id.loc.gov/vocabulary/relators).
ORIGINAL_ROLES = ("aut", "ant")
EDITOR_ROLES = ("aut", "edt")
# Of an original work: its authors wrote it; its editors edited it.
AUTHOR_ROLES = ("aut",)
EDITED_ROLES = ("edt",)


@dataclass(frozen=True)
class Creator:
    id: str  # the XML id the refinements point at
    name: str  # as the book shows it
    file_as: str  # as a catalogue sorts it: "Zhao, Tong"
    roles: tuple[str, ...]
    display_seq: int


def _shown_names(config: Config, authors: tuple[Name, ...]) -> list[str]:
    # A translation writes the author's name in its own script through
    # Sphinx's epub_author (赵通 in the Chinese book); with one author that is
    # the name to show, and cite_metadata's stays the one to sort by.
    own = str(getattr(config, "epub_author", "") or "")
    if len(authors) == 1 and own and own != "unknown":
        return [own]
    return [name.display for name in authors]


def package_metadata(config: Config) -> dict[str, Any] | None:
    """The values ``content.opf.jinja`` renders, or None without usable
    ``cite_metadata`` (then the package keeps Sphinx's metadata)."""
    if "cite_metadata" not in config or not config.cite_metadata:
        return None
    try:
        found = edition(config)
    except CiteConfigError:  # reported at builder-inited by sphinx_edition.cite
        return None
    original = found.original
    authors = found.authors if original is None else original.authors
    author_roles, editor_roles = (
        (AUTHOR_ROLES, EDITED_ROLES) if original is None else (ORIGINAL_ROLES, EDITOR_ROLES)
    )
    creators = [
        Creator(f"creator-{n}", shown, name.inverted, author_roles, n)
        for n, (name, shown) in enumerate(
            zip(authors, _shown_names(config, authors), strict=True), start=1
        )
    ]
    start = len(creators) + 1
    creators += [
        Creator(f"creator-{n}", name.display, name.inverted, editor_roles, n)
        for n, name in enumerate(found.editors, start=start)
    ]
    return {
        "creators": creators,
        "source": source_line(found),  # "" for an original work: no dc:source
        "subjects": list(found.subjects),
        # A date alone (W3CDTF allows it): the day this edition appeared.
        "date": found.date.isoformat(),
    }
