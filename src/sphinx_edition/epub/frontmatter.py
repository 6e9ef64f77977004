"""Front matter for the ePub: cover page, title page, landmarks and guide.

Sphinx can add a cover page, but its page calls the image "Cover image",
which tells a listener nothing. Ours describes what the cover shows, and a
title page follows it. Both are rendered through the theme's own page
template, so they share the book's styles and the ``<html>`` language.

The landmarks (EPUB 3) and the guide (its EPUB 2 ancestor, which calibre and
older readers still use to find the cover) list the same places, each of which
exists: cover, title page, start of the text and the glossary. Neither lists
the contents: the nav document is not in the spine, and EPUBCheck rejects a
link to it (RSC-011); reading systems offer the nav's toc anyway. The book has
no index (``epub_use_index = False``), so neither lists one.

The title page shows the book's title; the root document usually opens with
the same words as its heading, so a reader would meet the title twice in a
row. In the ePub that heading is left out when it repeats ``epub_title``
(``epub_drop_repeated_title``, on by default) if a toctree caption on the
page can take its place as the first heading (``a11y.caption_level``). The
page keeps its place and name in the nav (taken from the environment's
titles, not from this doctree). The site's
page is untouched: only the ePub builder's resolved doctree is changed.
"""

from __future__ import annotations

import html
from typing import Any, NamedTuple

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.util import logging

from sphinx_edition.messages import _

logger = logging.getLogger(__name__)

COVER_PAGE = "cover"
TITLE_PAGE = "titlepage"


class Landmark(NamedTuple):
    epub_type: str  # EPUB 3 structural semantics
    guide_type: str  # EPUB 2 guide reference type
    href: str
    title: str


def cover_image(builder: Builder) -> str | None:
    cover = builder.config.epub_cover
    return cover[0].replace("\\", "/") if cover else None


def cover_alt(config: Any) -> str:
    # The cover is typographic: its alt text is the words it shows.
    return config.epub_cover_alt or f"Cover: {config.epub_title}, by {config.epub_author}"


def write_pages(builder: Builder) -> list[str]:
    """Render the cover and title pages; return their file names."""
    config = builder.config
    written = []
    image = cover_image(builder)
    if image:
        body = (
            '<div class="book-cover">'
            f'<img src="{html.escape(image)}" alt="{html.escape(cover_alt(config))}" '
            'epub:type="cover" role="doc-cover" />'
            "</div>\n"
        )
        builder.handle_page(COVER_PAGE, {"title": _("Cover"), "body": body}, "page.html")
        written.append(COVER_PAGE + builder.out_suffix)
    lines = [
        f'<h1 epub:type="fulltitle">{html.escape(config.epub_title)}</h1>',
        f'<p class="book-author">{html.escape(config.epub_author)}</p>',
        *(f'<p class="book-credit">{html.escape(line)}</p>' for line in config.epub_title_page),
        '<p class="book-imprint">{}</p>'.format(
            html.escape(
                _("{publisher}, version {version}").format(
                    publisher=config.epub_publisher, version=config.version
                )
            )
        ),
    ]
    body = '<section class="book-titlepage" epub:type="titlepage">\n{}\n</section>\n'.format(
        "\n".join(lines)
    )
    builder.handle_page(TITLE_PAGE, {"title": config.epub_title, "body": body}, "page.html")
    written.append(TITLE_PAGE + builder.out_suffix)
    return written


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()


def _has_toctree_caption(section: nodes.section) -> bool:
    """Whether a toctree on the page has a caption, which the ePub writes as a
    heading one level below the titled sections around it (``a11y``).
    (At ``doctree-resolved`` the toctrees are not yet resolved.)"""
    return any(toctree.get("caption") for toctree in section.findall(addnodes.toctree))


def drop_repeated_title(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved`` (ePub only): leave out the root document's heading
    when it only repeats the title page's and a toctree caption can take its
    place as the page's first heading (a page needs one, and a subsection's
    would come first at the second level)."""
    config = app.config
    if docname != config.root_doc or not config.epub_drop_repeated_title:
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None or not section.children or not isinstance(section[0], nodes.title):
        return
    if _words(section[0].astext()) == _words(config.epub_title) and _has_toctree_caption(section):
        section.remove(section[0])


def landmarks(builder: Builder, glossaries: list[str]) -> list[Landmark]:
    suffix = builder.out_suffix
    found = []
    if cover_image(builder):
        found.append(Landmark("cover", "cover", COVER_PAGE + suffix, _("Cover")))
    found.append(Landmark("titlepage", "title-page", TITLE_PAGE + suffix, _("Title page")))
    start = builder.config.epub_bodymatter or builder.config.root_doc
    if start not in builder.env.all_docs:
        logger.warning(
            "epub_bodymatter %r is not a document of this project: set it in conf.py to "
            "the page where the text starts",
            start,
            type="epub",
            subtype="landmarks",
        )
    else:
        text = builder.get_target_uri(start)
        found.append(Landmark("bodymatter", "text", text, _("Start of text")))
    found += [
        Landmark("glossary", "glossary", builder.get_target_uri(doc), _("Glossary"))
        for doc in glossaries
    ]
    return found
