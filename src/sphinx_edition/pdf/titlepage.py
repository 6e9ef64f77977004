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
from sphinx_edition.messages import _


def title_page(config: Config) -> dict[str, Any]:
    found = current_edition(config) if config.cite_metadata else None
    if found is None:
        day = build_date()
        author = str(config.author or "")
        version = _("Version {version}, ").format(version=config.version) if config.version else ""
        return {
            "title": str(config.project),
            "byline": author,
            "authors": [author] if author else [],
            "description": "",
            "date": day.isoformat(),
            "credits": [(_("This edition"), f"{version}{long_date(day, config.language or 'en')}")],
        }
    original = found.original
    lang = found.language
    credits = [
        (
            _("The essay"),
            _("{authors}, author of the original").format(authors=names(original.authors)),
        ),
        (_("This wording, the glossary and the notes"), names(found.editors)),
        (
            _("The original"),
            _("“{title}”, in {venue}, {date}").format(
                title=original.title, venue=original.venue, date=long_date(original.date, lang)
            ),
        ),
        (
            _("This edition"),
            _(", ").join(
                part
                for part in (
                    _("version {version}").format(version=found.version) if found.version else "",
                    long_date(found.date, lang),
                    found.publisher,
                )
                if part
            ),
        ),
        (
            _("Licence"),
            _(
                "{license} ({short}) for the wording of this edition only; the original "
                "essay remains its author's and publisher's"
            ).format(license=_(found.license_name), short=found.license_short)
            if found.license_short != found.license_name
            else found.license,
        ),
    ]
    if found.url:
        credits.append((_("Online"), found.url))
    return {
        "title": found.title,
        "byline": names(found.authors),
        "authors": [n.display for n in (*found.authors, *found.editors)],
        "description": found.abstract,
        "date": found.date.isoformat(),
        "credits": credits,
    }
