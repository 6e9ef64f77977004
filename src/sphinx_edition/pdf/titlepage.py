"""What the PDF's title page says: the credits, from the citation's facts.

With ``sphinx_edition.cite`` configured (``cite_metadata``), the page names
the edition's authors (and editors, if any), and for an edition of another
work the original's authors as its authors, the editors as the authors of
this wording, the original's title, venue and date; then the edition's
version and date (the day of ``SOURCE_DATE_EPOCH``), the licence and the
address: the same facts the website's citation tags carry. Without it, the
project's title, author, version and the build's date. The labels are
translatable (the package's catalog, :mod:`sphinx_edition.messages`).
"""

from __future__ import annotations

from typing import Any

from sphinx.config import Config

from sphinx_edition.cite import current_edition
from sphinx_edition.cite.formats import long_date, names
from sphinx_edition.cite.model import Edition, build_date
from sphinx_edition.messages import _


def tr(message: str) -> str:
    """``message`` in the build's language, as a plain string for the template."""
    return str(_(message))


def title_page(config: Config) -> dict[str, Any]:
    found = current_edition(config) if config.cite_metadata else None
    if found is None:
        day = build_date()
        author = str(config.author or "")
        version = tr("Version {version}, ").format(version=config.version) if config.version else ""
        return {
            "title": str(config.project),
            "byline": author,
            "authors": [author] if author else [],
            "description": "",
            "date": day.isoformat(),
            "credits": [
                (tr("This edition"), f"{version}{long_date(day, config.language or 'en')}")
            ],
        }
    lang = found.language
    credits = makers(found)
    credits += [
        (
            tr("This edition"),
            tr(", ").join(
                part
                for part in (
                    tr("version {version}").format(version=found.version) if found.version else "",
                    long_date(found.date, lang),
                    found.publisher,
                )
                if part
            ),
        ),
        (tr("Licence"), licence(found)),
    ]
    if found.url:
        credits.append((tr("Online"), found.url))
    return {
        "title": found.title,
        "byline": names(found.authors),
        "authors": [n.display for n in (*found.authors, *found.editors)],
        "description": found.abstract,
        "date": found.date.isoformat(),
        "credits": credits,
    }


def makers(found: Edition) -> list[tuple[str, str]]:
    """Who made what: the original's authors and this edition's editors, or
    an original work's authors and editors."""
    original = found.original
    if original is None:
        credits = [
            (tr("Author") if len(found.authors) == 1 else tr("Authors"), names(found.authors))
        ]
        if found.editors:
            credits.append((tr("Edited by"), names(found.editors)))
        return credits
    when = long_date(original.date, found.language)
    return [
        (
            tr("The essay"),
            tr("{authors}, author of the original").format(authors=names(original.authors)),
        ),
        (tr("This wording, the glossary and the notes"), names(found.editors)),
        (
            tr("The original"),
            tr("“{title}”, in {venue}, {date}").format(
                title=original.title, venue=original.venue, date=when
            ),
        ),
    ]


def licence(found: Edition) -> str:
    """The licence by name; an edition of another work says it covers only its own wording."""
    if found.license_short == found.license_name:
        return found.license
    name = tr(found.license_name)
    if found.original is None:
        return f"{name} ({found.license_short})"
    return tr(
        "{license} ({short}) for the wording of this edition only; the original essay "
        "remains its author's and publisher's"
    ).format(license=name, short=found.license_short)
