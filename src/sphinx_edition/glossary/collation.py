"""``sphinx_edition.glossary.collation``: glossaries and the index in the order
of their language.

Sphinx sorts a ``:sorted:`` glossary after translation (its
``GlossarySorter``), by code point: right for English, but a Chinese
glossary comes out 共识, 冒险竞赛, 危机管控 …, which no Chinese reader looks
a term up in; and its general index groups Chinese entries under one
heading per first character. ``glossary_sort_keys`` maps a language code
(or its first part: ``zh`` covers ``zh_CN``) to a sort key:

* ``"unicode"`` (the default): Sphinx's own order, and nothing is changed;
* ``"pinyin"``: Hanyu Pinyin order, as Chinese dictionaries and indexes
  sort (syllable by syllable, then by tone; through pypinyin, which reads a
  character in a word as the word says it: 长城 is chang, 行业 hang), and the
  index grouped by the first letter of the pinyin;
* ``"package.module.function"``: any other key, a function from a term's
  text to a sortable value, with an optional ``group(text)`` beside it in
  the same module for the index's heading letter.

A transform that runs after Sphinx's sorter re-sorts the glossaries (so
every builder gets the order: site, ePub, PDF); the index is re-grouped in
the ``genindex`` page's context.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from itertools import groupby
from typing import Any, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.transforms import SphinxTransform

from sphinx_edition import __version__

SortKey = Callable[[str], Any]
GroupKey = Callable[[str], str | None]


def unicode_key(text: str) -> str:
    """Sphinx's own order (``GlossarySorter``): decomposed, lower case."""
    return unicodedata.normalize("NFD", text.lower())


def pinyin_syllables(text: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin  # loaded only by a language that sorts so

    # TONE3: "ji2"; a run of other characters comes back whole, lower-cased here.
    syllables = lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True)
    return [s.strip().lower() for s in syllables]


def pinyin_key(text: str) -> tuple[str, str, str]:
    """Pinyin order: the syllables without tones, joined by spaces (so ji
    sorts before jiang), then the tones, then the text itself."""
    syllables = [s for s in pinyin_syllables(text) if s]
    letters = " ".join(s.rstrip("012345") for s in syllables)
    tones = "".join(s[-1] if s[-1:].isdigit() else "0" for s in syllables)
    return unicode_key(letters), tones, text


def pinyin_group(text: str) -> str | None:
    """The index heading of ``text``: the first letter of its pinyin."""
    syllables = [s for s in pinyin_syllables(text) if s]
    first = unicode_key(syllables[0])[:1].upper() if syllables else ""
    return first if first.isascii() and first.isalpha() else None


@dataclass(frozen=True)
class Collation:
    name: str
    key: SortKey
    group: GroupKey | None = None

    @property
    def is_sphinx_own(self) -> bool:
        return self.name == "unicode"


BUILT_IN = {
    "unicode": Collation("unicode", unicode_key),
    "pinyin": Collation("pinyin", pinyin_key, pinyin_group),
}


def collation_for(config: Config) -> Collation:
    """The collation ``glossary_sort_keys`` names for the build's language."""
    keys: dict[str, str] = config.glossary_sort_keys
    language = config.language or "en"
    name = keys.get(language) or keys.get(language.partition("_")[0]) or "unicode"
    if name in BUILT_IN:
        return BUILT_IN[name]
    module_name, _, function = name.rpartition(".")
    try:
        module = import_module(module_name)
        key = getattr(module, function)
    except (ImportError, AttributeError, ValueError) as error:
        raise ConfigError(
            f"glossary_sort_keys: {language!r} names {name!r}, which is neither "
            f"{' nor '.join(map(repr, BUILT_IN))} nor an importable function ({error})"
        ) from error
    return Collation(name, key, getattr(module, "group", None))


def check_config(app: Sphinx, config: Config) -> None:
    collation_for(config)  # a bad name fails the build at once, naming the setting


class GlossaryCollation(SphinxTransform):
    """Re-sort ``:sorted:`` glossaries by the language's key, after Sphinx's
    own sort (priority 500), which comes after the translation."""

    default_priority = 501

    def apply(self, **kwargs: Any) -> None:
        collation = collation_for(self.config)
        if collation.is_sphinx_own:
            return
        for glossary in self.document.findall(addnodes.glossary):
            if not glossary.get("sorted"):
                continue
            items = cast(nodes.definition_list, glossary[0])
            items[:] = sorted(items, key=lambda item: collation.key(item[0].astext()))


IndexGroup = tuple[str, list[tuple[str, Any]]]


def regroup(entries: list[IndexGroup], collation: Collation) -> list[IndexGroup]:
    """The general index's entries (Sphinx's ``genindexentries``), in the
    collation's order, under its headings. An entry given a heading of its
    own (a glossary classifier) keeps it, and so does one the collation
    gives none; Sphinx's symbols (entries that start with neither a letter
    nor "_") stay first, as Sphinx puts them."""
    placed = []
    for heading, items in entries:
        for name, entry in items:
            symbol = not entry[2] and not (unicode_key(name)[:1].isalpha() or name[:1] == "_")
            grouped = None if symbol or entry[2] or not collation.group else collation.group(name)
            chosen = grouped or heading
            placed.append((not symbol, chosen, collation.key(name), name, entry))
    placed.sort(key=lambda p: p[:3])
    return [
        (heading, [(name, entry) for *_, name, entry in group])
        for (_, heading), group in groupby(placed, key=lambda p: p[:2])
    ]


def on_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if pagename != "genindex" or "genindexentries" not in context:
        return
    collation = collation_for(app.config)
    if not collation.is_sphinx_own and not context.get("split_index"):
        context["genindexentries"] = regroup(context["genindexentries"], collation)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("glossary_sort_keys", {}, "env", types=[dict])
    app.connect("config-inited", check_config)
    app.add_transform(GlossaryCollation)
    app.connect("html-page-context", on_page_context)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
