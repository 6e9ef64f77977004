"""The forms a citation of the edition takes, all rendered from one ``Edition``.

* :func:`meta_tags`: Highwire Press ``citation_*`` tags (Google Scholar's
  convention, read by Zotero's *Embedded Metadata* translator, Mendeley and
  others) and Dublin Core ``DC.*`` tags;
* :func:`plain_text` and :func:`bibtex`: what a reader copies;
* :func:`cff`: ``CITATION.cff`` (Citation File Format 1.2.0), which GitHub,
  Zenodo and ``cffconvert`` read.
"""

from __future__ import annotations

import datetime as dt
import string
import textwrap
from functools import lru_cache
from typing import Any

from babel.core import UnknownLocaleError
from babel.dates import format_date

from sphinx_edition.cite.model import Edition, Name, Original
from sphinx_edition.messages import _

DC_SCHEMA = "http://purl.org/dc/elements/1.1/"
CFF_HEADER = (
    "# Written by scripts/make_citation.py from docs/conf.py (cite_metadata and the\n"
    "# project's title, version, language and address); do not edit it by hand.\n"
)


@lru_cache(maxsize=64)  # every page's footer asks for the same few dates
def long_date(day: dt.date, language: str) -> str:
    """A date as a reader of ``language`` writes it: "5 November 2017" in
    English, "2017年11月5日" in Chinese (CLDR's long form, through Babel)."""
    locale = language.replace("-", "_") or "en"
    if locale.split("_")[0] == "en":
        # CLDR's "en" long form is American ("November 5, 2017"); ours is not.
        return format_date(day, "d MMMM y", locale="en")
    try:
        return format_date(day, "long", locale=locale)
    except (UnknownLocaleError, ValueError):
        return day.isoformat()


def names(people: tuple[Name, ...]) -> str:
    shown = [n.display for n in people]
    if len(shown) < 2:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]


# How a citation's note introduces the original when cite_metadata names no
# "relation" of its own: true of a restatement, a translation and a reissue.
DEFAULT_RELATION = "Based on"


def relation(original: Original) -> str:
    return original.relation or str(_(DEFAULT_RELATION))


def source_line(edition: Edition) -> str:
    """The original, in one line: author, title, venue, date ("" for an
    original work). ("in" before the venue also keeps the title from running
    into a following capitalised word.)"""
    original = edition.original
    if original is None:
        return ""
    return _("{authors}, “{title}”, in {venue}, {date}").format(
        authors=names(original.authors),
        title=original.title,
        venue=original.venue,
        date=long_date(original.date, edition.language),
    )


# The credit when conf.py gives no pattern of its own (cite_credit): for an
# edition of another work, with and without editors, and for an original work.
# Translatable (the package's catalog): a translation gets its own.
DEFAULT_CREDIT = "{relation} “{title}” by {authors} ({venue}, {date}); this edition by {editors}."
DEFAULT_CREDIT_NO_EDITORS = "{relation} “{title}” by {authors} ({venue}, {date})."
DEFAULT_CREDIT_ORIGINAL = "By {authors}; edited by {editors}."
DEFAULT_CREDIT_ORIGINAL_NO_EDITORS = "By {authors}."
CREDIT_FIELDS = ("editors", "authors", "title", "venue", "date", "relation")


def default_credit(edition: Edition) -> str:
    if edition.original is None:
        return str(
            _(DEFAULT_CREDIT_ORIGINAL if edition.editors else DEFAULT_CREDIT_ORIGINAL_NO_EDITORS)
        )
    return str(_(DEFAULT_CREDIT if edition.editors else DEFAULT_CREDIT_NO_EDITORS))


def credit_values(edition: Edition) -> dict[str, str]:
    """The credit's fields: of the original for an edition of another work; of
    the edition itself (its title, publisher and date) for an original work."""
    original = edition.original
    if original is None:
        return {
            "editors": names(edition.editors),
            "authors": names(edition.authors),
            "title": edition.title,
            "venue": edition.publisher,
            "date": long_date(edition.date, edition.language),
            "relation": "",
        }
    return {
        "editors": names(edition.editors),
        "authors": names(original.authors),
        "title": original.title,
        "venue": original.venue,
        "date": long_date(original.date, edition.language),
        "relation": relation(original),
    }


def credit_parts(edition: Edition, pattern: str = "") -> list[tuple[str, bool]]:
    """Who made what, as (text, italic) runs: ``pattern`` (``cite_credit``, one
    per language) with its fields filled from the facts; the venue is italic.

    Fields: ``{editors}``, ``{authors}`` (the original's), ``{title}``,
    ``{venue}``, ``{date}`` (of the original, written for the edition's
    language) and ``{relation}`` (``original["relation"]``); for an original
    work, the edition's own authors, title, publisher and date. An unknown
    field raises ``KeyError``.
    """
    values = credit_values(edition)
    runs: list[tuple[str, bool]] = []
    for literal, field, _spec, _conversion in string.Formatter().parse(
        pattern or default_credit(edition)
    ):
        if literal:
            runs.append((literal, False))
        if field is not None:
            runs.append((values[field], field == "venue"))
    return runs


def credit(edition: Edition, pattern: str = "") -> str:
    """The credit as plain text."""
    return "".join(text for text, _ in credit_parts(edition, pattern))


def meta_tags(edition: Edition) -> list[tuple[str, str]]:
    """(name, content) pairs, in the order a page carries them.

    One ``citation_author`` per author and one ``citation_editor`` per editor,
    names inverted ("Zhao, Tong") so that no reader has to guess which part is
    the family name. ``DC.type`` is ``book``, which Zotero maps to its item
    type of that name (DCMI's "Text" would make it guess a journal article).
    """
    tags: list[tuple[str, str]] = [("citation_title", edition.title)]
    tags += [("citation_author", name.inverted) for name in edition.authors]
    tags += [("citation_editor", name.inverted) for name in edition.editors]
    tags.append(("citation_publication_date", edition.date.strftime("%Y/%m/%d")))
    if edition.publisher:
        tags.append(("citation_publisher", edition.publisher))
    tags.append(("citation_language", edition.language))
    if edition.url:
        tags.append(("citation_public_url", edition.url))
    if edition.pdf_url:
        tags.append(("citation_pdf_url", edition.pdf_url))
    if edition.abstract:
        tags.append(("citation_abstract", edition.abstract))
    tags.append(("DC.title", edition.title))
    tags += [("DC.creator", name.inverted) for name in edition.authors]
    tags += [("DC.contributor", name.inverted) for name in edition.editors]
    tags.append(("DC.date", edition.date.isoformat()))
    if edition.publisher:
        tags.append(("DC.publisher", edition.publisher))
    tags.append(("DC.language", edition.language))
    tags.append(("DC.type", "book"))
    tags.append(("DC.format", "text/html"))
    if edition.url:
        tags.append(("DC.identifier", edition.url))
    if edition.original is not None:
        # DCMI: "a related resource from which the described resource is derived".
        tags.append(("DC.source", source_line(edition)))
    rights = str(_(edition.license_name))
    rights += f" ({edition.license_url})" if edition.license_url else ""
    tags.append(("DC.rights", rights))
    if edition.abstract:
        tags.append(("DC.description", edition.abstract))
    return tags


def citation_parts(edition: Edition) -> list[tuple[str, bool]]:
    """A reference in running text, as (text, italic) runs: the titles of the
    edition and of the original's venue are set in italics."""
    original = edition.original
    authors = edition.authors[0].inverted + "".join(f", {n.display}" for n in edition.authors[1:])
    when = long_date(edition.date, edition.language)
    # The words around the facts are in the edition's language (our catalog;
    # without a running Sphinx, as CITATION.cff is written, English).
    parts: list[tuple[str, bool]] = [
        (_("{authors}. ").format(authors=authors), False),
        (edition.title, True),
        (
            _(". Edited by {editors}. ").format(editors=names(edition.editors))
            if edition.editors
            else _(". "),
            False,
        ),
        (
            _("Version {version}, {date}. ").format(version=edition.version, date=when)
            if edition.version
            else _("{date}. ").format(date=when),
            False,
        ),
    ]
    if edition.publisher:
        parts.append((_("{publisher}. ").format(publisher=edition.publisher), False))
    if original is not None:
        parts += [
            (
                _("{relation} {authors}, “{title}”, in ").format(
                    relation=relation(original),
                    authors=names(original.authors),
                    title=original.title,
                ),
                False,
            ),
            (original.venue, True),
            (_(", {date}.").format(date=long_date(original.date, edition.language)), False),
        ]
    if edition.url:
        parts.append((f" {edition.url}", False))
    return parts


def plain_text(edition: Edition) -> str:
    """The reference in running text, without markup."""
    return "".join(text for text, _ in citation_parts(edition))


_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "\u2014": "---",  # em dash
    "\u2013": "--",  # en dash
    "\u201c": "``",
    "\u201d": "''",
}


def bibtex_escape(text: str) -> str:
    return "".join(_BIBTEX_ESCAPES.get(char, char) for char in text)


def bibtex_name(name: Name) -> str:
    # A group's name is braced whole, or BibTeX would split it into parts.
    return "{" + bibtex_escape(name.group) + "}" if name.group else bibtex_escape(name.inverted)


BIBTEX_WIDTH = 72
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def bibtex(edition: Edition) -> str:
    """A BibTeX entry (``@book``); ``version`` and ``date`` are biblatex fields
    that classic BibTeX styles ignore."""
    fields: list[tuple[str, str]] = [
        ("author", " and ".join(bibtex_name(n) for n in edition.authors))
    ]
    if edition.editors:
        fields.append(("editor", " and ".join(bibtex_name(n) for n in edition.editors)))
    fields.append(("title", "{" + bibtex_escape(edition.title) + "}"))
    if edition.version:
        fields.append(("version", edition.version))
    fields += [
        ("date", edition.date.isoformat()),
        ("year", str(edition.date.year)),
        ("month", MONTHS[edition.date.month - 1]),
    ]
    if edition.publisher:
        fields.append(("publisher", bibtex_escape(edition.publisher)))
    if edition.original is not None:
        note = _("{relation} {source}").format(
            relation=relation(edition.original), source=source_line(edition)
        )
        fields.append(("note", bibtex_escape(note)))
    if edition.url:
        fields.append(("url", edition.url))
    width = max(len(name) for name, _ in fields)
    lines = []
    for name, value in fields:
        # BibTeX's month macros (nov) are bare words; everything else is braced.
        shown = value if name == "month" else "{" + value + "}"
        prefix = f"  {name.ljust(width)} = "
        # Long values wrap (BibTeX reads the line breaks as spaces), so the
        # block needs no sideways scrolling on a page or in a reading system.
        wrapped = textwrap.wrap(
            shown,
            width=max(BIBTEX_WIDTH - len(prefix), 20),
            break_long_words=False,
            break_on_hyphens=False,
        )
        lines.append(prefix + ("\n" + " " * len(prefix)).join(wrapped or [shown]))
    body = ",\n".join(lines)
    return f"@book{{{edition.key},\n{body}\n}}\n"


def _cff_name(name: Name) -> dict[str, str]:
    if name.group:
        return {"name": name.group}
    person = {"family-names": name.family}
    if name.given:
        person["given-names"] = name.given
    return person


def cff_data(edition: Edition) -> dict[str, Any]:
    """The Citation File Format 1.2.0 document, as plain data.

    The edition's own makers are the file's authors: the editors of an edition
    of another work (whose preferred citation credits the original's authors
    as authors and the editors as editors, like the page tags), the authors of
    an original work. A date is given only when ``conf.py`` fixes one: a
    committed file cannot know the day of the build.
    """
    original = edition.original
    message = "To cite this edition, use the preferred citation below"
    if edition.date_fixed:
        message += "."
    else:
        message += (
            ", with the date printed on the copy you read (the title page of the PDF, "
            "the citation on the website's about page)."
        )
    preferred: dict[str, Any] = {
        "type": "book",
        "title": edition.title,
        "authors": [_cff_name(n) for n in edition.authors],
    }
    if edition.editors:
        preferred["editors"] = [_cff_name(n) for n in edition.editors]
    if edition.publisher:
        preferred["publisher"] = {"name": edition.publisher}
    if edition.version:
        preferred["version"] = edition.version
    if edition.date_fixed:
        preferred["date-published"] = edition.date.isoformat()
        preferred["year"] = edition.date.year
        preferred["month"] = edition.date.month
    preferred["languages"] = [edition.language.split("_")[0].split("-")[0]]
    preferred["license"] = edition.license
    if edition.url:
        preferred["url"] = edition.url
    if original is not None:
        preferred["notes"] = f"{relation(original)} {source_line(edition)}."
    makers = edition.editors if original is not None and edition.editors else edition.authors
    data: dict[str, Any] = {
        "cff-version": "1.2.0",
        "message": message,
        "title": edition.title,
        "authors": [_cff_name(n) for n in makers],
    }
    if edition.version:
        data["version"] = edition.version
    if edition.date_fixed:
        data["date-released"] = edition.date.isoformat()
    if edition.abstract:
        data["abstract"] = edition.abstract
    if edition.subjects:
        data["keywords"] = list(edition.subjects)
    data["license"] = edition.license
    if edition.url:
        data["url"] = edition.url
    data["preferred-citation"] = preferred
    if original is not None:
        source: dict[str, Any] = {
            "type": "magazine-article",
            "title": original.title,
            "authors": [_cff_name(n) for n in original.authors],
            "journal": original.venue,
            "date-published": original.date.isoformat(),
            "year": original.date.year,
            "month": original.date.month,
        }
        if original.url:
            source["url"] = original.url
        data["references"] = [source]
    return data


def cff(edition: Edition) -> str:
    """``CITATION.cff`` as text: the same bytes for the same configuration."""
    # No folding of long values: a title stays on one line, as people search for it.
    import yaml  # here: only CITATION.cff needs it, and a build imports this module

    body = yaml.safe_dump(cff_data(edition), sort_keys=False, allow_unicode=True, width=10_000)
    return CFF_HEADER + body
