"""What the PDF's title page says: the credits, from the citation's facts.

With ``sphinx_edition.cite`` configured (``cite_metadata``), the page names
the original's authors as the authors of the essay, the editors as the
authors of this wording, the original's title, venue and date, the edition's
version and date (the day of ``SOURCE_DATE_EPOCH``), the licence and the
address: the same facts the website's citation tags carry. Without it, the
project's title, author, version and the build's date.
"""

from __future__ import annotations

from typing import Any

from sphinx.config import Config

from sphinx_edition.cite import current_edition
from sphinx_edition.cite.formats import long_date, names
from sphinx_edition.cite.model import build_date


def title_page(config: Config) -> dict[str, Any]:
    found = current_edition(config) if config.cite_metadata else None
    if found is None:
        day = build_date()
        author = str(config.author or "")
        version = f"Version {config.version}, " if config.version else ""
        return {
            "title": str(config.project),
            "byline": author,
            "authors": [author] if author else [],
            "description": "",
            "date": day.isoformat(),
            "credits": [("This edition", f"{version}{long_date(day, config.language or 'en')}")],
        }
    original = found.original
    lang = found.language
    credits = [
        ("The essay", f"{names(original.authors)}, author of the original"),
        ("This wording, the glossary and the notes", names(found.editors)),
        (
            "The original",
            f"“{original.title}”, in {original.venue}, {long_date(original.date, lang)}",
        ),
        (
            "This edition",
            ", ".join(
                part
                for part in (
                    f"version {found.version}" if found.version else "",
                    long_date(found.date, lang),
                    found.publisher,
                )
                if part
            ),
        ),
        (
            "Licence",
            f"{found.license_name} ({found.license_short}) for the wording of this edition "
            "only; the original essay remains its author's and publisher's"
            if found.license_short != found.license_name
            else found.license,
        ),
    ]
    if found.url:
        credits.append(("Online", found.url))
    return {
        "title": found.title,
        "byline": names(found.authors),
        "authors": [n.display for n in (*found.authors, *found.editors)],
        "description": found.abstract,
        "date": found.date.isoformat(),
        "credits": credits,
    }
