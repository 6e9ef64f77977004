"""What a citation of the edition says, read once from the Sphinx configuration.

Every form the citation takes (the page's meta tags, the about page's block,
the PDF's title page, ``CITATION.cff``) is rendered from one :class:`Edition`,
so a fact written once in ``conf.py`` reaches them all. Facts Sphinx already
holds are taken from it: the title (``project``), ``version``, ``language``
and the address (``html_baseurl``). ``cite_metadata`` adds the rest:

.. code-block:: python

    cite_metadata = {
        "authors": [{"given": "...", "family": "..."}],  # persons or groups ({"name"})
        "editors": [{"name": "..."}],  # optional
        "original": {                  # optional: only an edition of another work has one
            "title": "...",            # the work this edition restates
            "authors": [{"given": "...", "family": "..."}],
            "venue": "...",            # where it appeared
            "date": "YYYY-MM-DD",      # when
            "url": "...",              # optional
            "relation": "...",         # optional: what this edition is of it, as a
                                       # citation's note begins ("Translation of")
        },
        "publisher": "...",
        "license": "CC-BY-4.0",        # an SPDX identifier
        "abstract": "...",
        "pdf": "book.pdf",             # the PDF beside the site's pages, or a URL
        "subjects": ["...", "..."],    # what the edition is about (ePub dc:subject)
        "date": "YYYY-MM-DD",          # the edition's own date; None: the build's day
    }

An original work names its ``authors``; nothing is said of any other work.
An edition of another work may leave ``authors`` out: it is then cited with
the original's authors as its authors (the ideas are theirs) and the editors
as editors (the wording is theirs). Every sentence written about the edition
is made from these facts (and translatable templates), never fixed prose.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# The licences we can name in full; the SPDX id is what machines read.
LICENSES = {
    "CC-BY-4.0": (
        "Creative Commons Attribution 4.0 International",
        "CC BY 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    "CC-BY-SA-4.0": (
        "Creative Commons Attribution-ShareAlike 4.0 International",
        "CC BY-SA 4.0",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    "CC0-1.0": (
        "Creative Commons Zero v1.0 Universal",
        "CC0 1.0",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
}


class CiteConfigError(ValueError):
    """``cite_metadata`` is missing something a citation needs."""


@dataclass(frozen=True)
class Name:
    """A person (given and family names) or a group (one name)."""

    given: str = ""
    family: str = ""
    group: str = ""

    @property
    def is_person(self) -> bool:
        return not self.group

    @property
    def display(self) -> str:
        """As on a title page: "Tong Zhao"."""
        return self.group or f"{self.given} {self.family}".strip()

    @property
    def inverted(self) -> str:
        """As in a reference list and in citation_author: "Zhao, Tong"."""
        if self.group:
            return self.group
        return f"{self.family}, {self.given}" if self.given else self.family


@dataclass(frozen=True)
class Original:
    title: str
    authors: tuple[Name, ...]
    venue: str
    date: dt.date
    url: str = ""
    # How a citation's note introduces it; "" = formats.DEFAULT_RELATION.
    relation: str = ""


@dataclass(frozen=True)
class Edition:
    title: str
    authors: tuple[Name, ...]
    editors: tuple[Name, ...]
    publisher: str
    version: str
    date: dt.date
    # True when conf.py fixes the date; False when it is the build's day.
    date_fixed: bool
    language: str
    license: str
    url: str
    pdf_url: str
    abstract: str
    key: str
    # The work this edition restates, translates or reissues; None: original work.
    original: Original | None
    subjects: tuple[str, ...] = ()

    @property
    def license_name(self) -> str:
        return LICENSES.get(self.license, (self.license, self.license, ""))[0]

    @property
    def license_short(self) -> str:
        return LICENSES.get(self.license, (self.license, self.license, ""))[1]

    @property
    def license_url(self) -> str:
        return LICENSES.get(self.license, ("", "", ""))[2]


def build_date(environ: Mapping[str, str] | None = None) -> dt.date:
    """The day of ``SOURCE_DATE_EPOCH`` in UTC (as Sphinx dates pages), else today."""
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(float(epoch), tz=dt.UTC).date()
    return dt.datetime.now(tz=dt.UTC).date()


def _names(value: Any, where: str, required: bool = True) -> tuple[Name, ...]:
    if not required and value in (None, [], ()):
        return ()
    if not isinstance(value, list | tuple) or not value:
        raise CiteConfigError(f"{where} must be a non-empty list of names")
    names = []
    for item in value:
        if not isinstance(item, Mapping):
            raise CiteConfigError(f"{where}: each name is a dict, got {item!r}")
        if item.get("name"):
            names.append(Name(group=str(item["name"])))
        elif item.get("family"):
            names.append(Name(given=str(item.get("given", "")), family=str(item["family"])))
        else:
            raise CiteConfigError(f"{where}: {item!r} needs 'family' (and 'given') or 'name'")
    return tuple(names)


def _text(data: Mapping[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CiteConfigError(f"{where}[{key!r}] must be a non-empty string")
    return value.strip()


def _subjects(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) and v for v in value):
        raise CiteConfigError("cite_metadata['subjects'] must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _date(value: str, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CiteConfigError(f"{where} must be a date written YYYY-MM-DD, got {value!r}") from None


def bibtex_key(authors: tuple[Name, ...], title: str) -> str:
    first = authors[0].family or authors[0].group
    word = next((w for w in re.findall(r"[A-Za-z]+", title) if len(w) > 3), "edition")
    return re.sub(r"[^a-z0-9]+", "-", f"{first}-{word}".lower()).strip("-")


def _original(value: Any) -> Original | None:
    """The work the edition restates, or None when ``value`` is absent."""
    if value is None:
        return None
    where = "cite_metadata['original']"
    if not isinstance(value, Mapping):
        raise CiteConfigError(
            f"{where} must be a dict describing the work this edition restates "
            "(or be left out for an original work)"
        )
    return Original(
        title=_text(value, "title", where),
        authors=_names(value.get("authors"), f"{where}['authors']"),
        venue=_text(value, "venue", where),
        date=_date(_text(value, "date", where), f"{where}['date']"),
        url=str(value.get("url") or ""),
        relation=str(value.get("relation") or ""),
    )


def edition(config: Any, environ: Mapping[str, str] | None = None) -> Edition:
    """The edition as ``config`` (a Sphinx ``Config``) describes it.

    Raises :class:`CiteConfigError` naming what is missing or malformed.
    """
    data = config.cite_metadata
    if not isinstance(data, Mapping) or not data:
        raise CiteConfigError(
            "cite_metadata is not set: add it to conf.py (its fields are listed in "
            "sphinx_edition/cite/model.py)"
        )
    original = _original(data.get("original"))
    if data.get("authors") is not None or original is None:
        where = "cite_metadata['authors']"
        if original is None:
            where += (
                " (an original work names its authors; an edition of another work has 'original')"
            )
        authors = _names(data.get("authors"), where)
    else:
        authors = original.authors
    fixed = data.get("date")
    base = config.html_baseurl or ""
    if base and not base.endswith("/"):
        base += "/"
    pdf = str(data.get("pdf") or "")
    title = str(data.get("title") or config.project)
    license_id = _text(data, "license", "cite_metadata")
    return Edition(
        title=title,
        authors=authors,
        editors=_names(data.get("editors"), "cite_metadata['editors']", required=False),
        publisher=str(data.get("publisher") or ""),
        version=str(config.version or ""),
        date=_date(fixed, "cite_metadata['date']") if fixed else build_date(environ),
        date_fixed=bool(fixed),
        # BCP 47, as tags and metadata write it ("zh-CN", not Sphinx's "zh_CN").
        language=str(config.language or "en").replace("_", "-"),
        license=license_id,
        url=base,
        # A file name beside the site's pages, or a whole address (a translation
        # without a PDF of its own can point at another edition's).
        pdf_url=(base + pdf) if base and pdf and "://" not in pdf else pdf,
        abstract=str(data.get("abstract") or ""),
        key=str(data.get("key") or bibtex_key(authors, title)),
        original=original,
        subjects=_subjects(data.get("subjects")),
    )
