"""The ``book`` role: a link to this edition's ePub or PDF, by kind, not by file name.

``{book}`Download the ePub <epub>``` (MyST) or ``:book:`the PDF <pdf>``` (reST)
links the book of that kind beside the page's site, named as conf.py names it
(``epub_basename``/``pdf_basename``, which a translation derives its own
from). The words stay in the page's text, so a translator translates them
with the rest of the sentence, and each edition links its own book. An edition
that makes no book of that kind (``outputs`` in ``edition_languages``) links
the source edition's, which ``scripts/build`` copies into every site.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging
from sphinx.util.docutils import ReferenceRole

from sphinx_edition.reporting import role as role_syntax

logger = logging.getLogger(__name__)

KINDS = ("epub", "pdf")


def remember_source_books(app: Sphinx, config: Config) -> None:
    """The source edition's book names, before a translation's settings apply."""
    config.edition_source_books = {
        kind: str(config[f"{kind}_basename"]) for kind in KINDS if f"{kind}_basename" in config
    }


def edition_outputs(config: Config) -> tuple[str, ...]:
    entry = config.edition_languages.get(config.language, {})
    return tuple(entry.get("outputs", ("html", *KINDS)))


class BookRole(ReferenceRole):
    """``{book}`words <kind>```: a link to the edition's book of that kind."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        config = self.env.config
        kind = self.target.strip().lower()
        if kind not in KINDS or f"{kind}_basename" not in config:
            known = [k for k in KINDS if f"{k}_basename" in config]
            logger.warning(
                "%s names no book this project builds; write one of %s",
                role_syntax(self.env, self.env.docname, "book", self.text),
                ", ".join(
                    role_syntax(self.env, self.env.docname, "book", f"words <{k}>") for k in known
                )
                or "nothing (no epub_basename or pdf_basename in conf.py)",
                location=self.get_location(),
                type="sphinx_edition",
                subtype="book",
            )
            return [nodes.Text(self.title)], []
        own = kind in edition_outputs(config)
        name = config[f"{kind}_basename"] if own else config.edition_source_books[kind]
        link = nodes.reference(self.rawtext, self.title, refuri=f"{name}.{kind}")
        link["internal"] = True  # a file of this site, not another site
        link["classes"] += ["edition-book", f"edition-book-{kind}"]
        return [link], []


def setup(app: Sphinx) -> None:
    # Set at config-inited by this module, before a translation's settings apply.
    app.add_config_value("edition_source_books", {}, "env", types=[dict])
    app.connect("config-inited", remember_source_books, priority=50)
    app.add_role("book", BookRole())
