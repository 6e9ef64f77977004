"""Facts left over from another edition, caught before they are published.

A new edition usually starts as a copy of an old one's ``conf.py``. Two kinds
of leftover pass every other check, so they are warned about here, at the
``conf.py`` line to change:

* **Settings written for another title.** ``html_baseurl``,
  ``epub_description``, ``epub_identifier`` and ``epub_basename`` can hold
  any text, so nothing in them shows whose they are. ``edition_settings_title``
  records, as a literal, the ``project`` they were written for; when
  ``project`` no longer matches it, the build warns until someone has looked
  at them and updated the record. A recorded fingerprint, not a guess: no
  comparison of words between a title and an address (which share none in
  many good editions) is needed, and a title changed on purpose costs one
  line. Unset (the default), nothing is checked.
* **Pages crediting someone the project does not name.** Every page's
  citation tags and credit name the authors in ``cite_metadata``; when
  Sphinx's ``author`` names none of them, ``cite_metadata`` most likely still
  describes the edition it was copied from.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from sphinx_edition.cite.model import Edition
from sphinx_edition.reporting import conf_location

logger = logging.getLogger(__name__)

# The settings that say which edition this is and that nothing else checks.
TITLED_SETTINGS = ("html_baseurl", "epub_description", "epub_identifier", "epub_basename")
# Sphinx's default for an unset ``author``.
UNSET_AUTHORS = {"", "Author name not set", "unknown"}


def is_source_language(config: Config) -> bool:
    """True unless the build is of a translation (``edition_languages``), whose
    title and description are its own by design."""
    entry = getattr(config, "edition_languages", {}).get(config.language)
    return not isinstance(entry, dict) or not entry.get("path")


def check_settings_title(app: Sphinx, config: Config) -> None:
    """At config-inited, before a translation's settings replace the source's."""
    recorded = config.edition_settings_title
    if not recorded or recorded == config.project or not is_source_language(config):
        return
    present = [name for name in TITLED_SETTINGS if getattr(config, name, None)]
    logger.warning(
        "project is %r, but %s in conf.py were written for %r (edition_settings_title): "
        "check that they belong to this edition, then set edition_settings_title to the "
        "new title",
        config.project,
        ", ".join(present) or "the edition's settings",
        recorded,
        location=conf_location(app, "edition_settings_title"),
        type="cite",
        subtype="leftover",
    )


def mentions(author: str, name: str) -> bool:
    return name.casefold() in author.casefold()


def check_credited_authors(app: Sphinx, found: Edition) -> None:
    """Every page credits ``found.authors``: warn when ``author`` names none of them."""
    author = str(app.config.author or "").strip()
    if author in UNSET_AUTHORS:
        return
    credited = [name.family or name.group for name in found.authors]
    if any(mentions(author, name) for name in credited):
        return
    whose = "cite_metadata['authors']"
    if found.original is not None and found.authors == found.original.authors:
        whose = "cite_metadata['original']['authors']"
    logger.warning(
        "every page will credit %s (%s), but author in conf.py is %r: does cite_metadata "
        "still describe another edition? Name this edition's authors in both",
        ", ".join(name.display for name in found.authors),
        whose,
        author,
        location=conf_location(app, "cite_metadata"),
        type="cite",
        subtype="leftover",
    )


def setup(app: Sphinx) -> None:
    # The project title html_baseurl, epub_description, epub_identifier and
    # epub_basename were written for (above); "" = not checked.
    app.add_config_value("edition_settings_title", "", "", types=[str])
    # Before sphinx_edition.languages (priority 100) applies a translation's settings.
    app.connect("config-inited", check_settings_title, priority=50)
