"""What the glossary collector records: entries, their names, and term uses.

One object per environment (:class:`GlossaryIndex`), pickled with it, is the
single home of glossary data; every other part of the package reads it
through :func:`glossary_index`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sphinx.environment import BuildEnvironment

ENV_ATTRIBUTE = "sphinx_edition_glossary"


@dataclass(frozen=True)
class TermName:
    """One name of an entry (an entry with synonyms has several)."""

    text: str  # as the reader sees it (after smart quotes)
    anchor: str  # the id Sphinx gave it ("term-red-lines")
    line: int | None  # its line in the source file
    # As typed, the name Sphinx registered and references name ("" = text).
    typed: str = ""

    @property
    def as_typed(self) -> str:
        return self.typed or self.text

    @property
    def key(self) -> str:
        """The name as references match it (Sphinx compares terms lower-cased)."""
        return (self.typed or self.text).lower()


@dataclass(frozen=True)
class TermEntry:
    """One entry of a glossary: its names, where it is, and its definition."""

    names: tuple[TermName, ...]
    docname: str
    definition: tuple[str, ...] = ()  # the definition's paragraphs, as plain text

    @property
    def term(self) -> str:
        return self.names[0].key

    @property
    def line(self) -> int | None:
        return self.names[0].line

    @property
    def anchor(self) -> str:
        return self.names[0].anchor

    @property
    def keys(self) -> set[str]:
        return {name.key for name in self.names}


@dataclass(frozen=True)
class TermUse:
    """One term reference (``{term}`` in MyST, ``:term:`` in reST)."""

    term: str  # the target, lower-cased as the std domain matches it
    text: str  # the words the reader sees ("red lines", "Engagement")
    docname: str
    line: int | None  # the line of its paragraph
    anchor: str  # the id of the reference, for links back to it
    section: str = ""  # the title of the innermost section holding it


@dataclass
class GlossaryIndex:
    """Entries and uses per document, in the order each document holds them."""

    entries: dict[str, list[TermEntry]] = field(default_factory=dict)
    uses: dict[str, list[TermUse]] = field(default_factory=dict)

    def all_entries(self) -> list[TermEntry]:
        return [e for doc in sorted(self.entries) for e in self.entries[doc]]

    def all_uses(self) -> list[TermUse]:
        return [u for doc in sorted(self.uses) for u in self.uses[doc]]

    def by_name(self) -> dict[str, TermEntry]:
        """Each name (lower-cased) with its entry; the first definition wins."""
        found: dict[str, TermEntry] = {}
        for entry in self.all_entries():
            for key in entry.keys:
                found.setdefault(key, entry)
        return found

    def glossary_docs(self) -> list[str]:
        return sorted(doc for doc, entries in self.entries.items() if entries)


def glossary_index(env: BuildEnvironment) -> GlossaryIndex:
    """The environment's glossary data (empty until the collector has run)."""
    index = getattr(env, ENV_ATTRIBUTE, None)
    if index is None:
        index = GlossaryIndex()
        setattr(env, ENV_ATTRIBUTE, index)
    return index
