"""EPUB Accessibility 1.1: the package metadata, and the markup that earns it.

The conformance claim and the summary are the editors' to make, so they come
from ``conf.py``. The access modes and features are not: they are worked out
from the content documents as written, so the package never claims alt text
for an image that has none or an index the book does not have. They are
worked out from what the builder recorded while writing each page
(``sphinx_edition.loads``). The conformance claim is made only when the
book's own checks pass: an image without alt text is a warning at its source
line (which fails a ``-W`` build), and without ``-W`` the book keeps its
metadata but makes no claim.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging

from sphinx_edition.loads import Found, PageRecord

logger = logging.getLogger(__name__)


def html_tag(language: str) -> str:
    """The root element of every content document, with its language declared.

    Sphinx's epub3 builder writes ``<html>`` with no language; reading systems
    then guess the voice and hyphenation, and Ace fails every page.
    """
    lang = html.escape(language)
    return (
        '<html xmlns="http://www.w3.org/1999/xhtml" '
        f'xmlns:epub="http://www.idpf.org/2007/ops" lang="{lang}" xml:lang="{lang}">'
    )


class AccessibleMarkup:
    """Translator mixin: fixes to Sphinx's HTML that assistive technology needs."""

    body: list[str]
    context: list[str]

    def visit_title(self, node: nodes.title) -> None:
        # Sphinx writes a toctree caption as <p role="heading"> without the
        # aria-level that role requires (Ace: aria-required-attr, critical),
        # and reading systems show it as body text. Here it is a real heading,
        # one level below the sections around it (so the first heading of a
        # page whose title the ePub leaves out, see frontmatter.py).
        parent = node.parent
        if isinstance(parent, addnodes.compact_paragraph) and parent.get("toctree"):
            tag = f"h{min(caption_level(node), 6)}"
            record = getattr(self.builder, "page_record", None)  # type: ignore[attr-defined]
            if record is not None:
                record.headings += 1
            self.body.append(self.starttag(node, tag, "", CLASS="caption"))  # type: ignore[attr-defined]
            self.body.append('<span class="caption-text">')
            self.context.append(f"</span></{tag}>\n")
            return
        super().visit_title(node)  # type: ignore[misc]


def caption_level(node: nodes.Node) -> int:
    """One more than the number of titled sections around ``node``."""
    level = 1
    parent = node.parent
    while parent is not None:
        if (
            isinstance(parent, nodes.section)
            and parent.children
            and isinstance(parent[0], nodes.title)
        ):
            level += 1
        parent = parent.parent
    return level


@dataclass
class ContentSurvey:
    """What the content documents contain, as far as the metadata cares."""

    images: int = 0
    images_without_alt: list[Found] = field(default_factory=list)
    pages_without_heading: list[str] = field(default_factory=list)


def has_alt(image: Found) -> bool:
    # Docutils fills a missing :alt: with the image's path: no help either.
    alt = (image.alt or "").strip()
    return bool(alt) and alt not in {image.url, image.url.rsplit("/", 1)[-1]}


def survey(records: dict[str, PageRecord], cover: bool) -> ContentSurvey:
    """From the records of the documents' pages (the front matter and Sphinx's
    index pages are written from templates that give each a heading, or, for
    the cover, need none), and whether the book has a cover image."""
    found = ContentSurvey(images=1 if cover else 0)
    for name, record in records.items():
        for image in record.images():
            found.images += 1
            if not has_alt(image):
                found.images_without_alt.append(image)
        if not record.headings:
            found.pages_without_heading.append(name)
    return found


def features(found: ContentSurvey, has_index: bool) -> list[str]:
    """The accessibility features the book really has."""
    result = [
        # The nav document's toc, and a spine in the toc's order.
        "tableOfContents",
        "readingOrder",
        # Reflowable text with no fixed layout: the reader sets size and face.
        "displayTransformability",
    ]
    if not found.pages_without_heading:
        result.append("structuralNavigation")
    if found.images and not found.images_without_alt:
        result.append("alternativeText")
    if has_index:
        result.append("index")
    return sorted(result)


def metadata(config: Any, found: ContentSurvey, has_index: bool) -> list[tuple[str, str]]:
    """(property, value) of each ``<meta>`` the package's ``<metadata>`` gains."""
    # Only a cover counts as an image here, and it repeats the title page's
    # words; images that carry content would make the book visual too.
    content_images = found.images - (1 if config.epub_cover else 0)
    modes = ["textual", "visual"] if content_images > 0 else ["textual"]
    # With a text alternative for every image, text alone suffices.
    if len(modes) > 1 and not found.images_without_alt:
        sufficient = [",".join(modes), "textual"]
    else:
        sufficient = [",".join(modes)]
    pairs = [
        *(("schema:accessMode", mode) for mode in modes),
        *(("schema:accessModeSufficient", value) for value in sufficient),
        *(("schema:accessibilityFeature", f) for f in features(found, has_index)),
        *(("schema:accessibilityHazard", h) for h in config.epub_a11y_hazards),
        ("schema:accessibilitySummary", config.epub_a11y_summary),
    ]
    # The claim, and who checked it, only when the book's own checks pass.
    if conforms(found):
        pairs += [
            ("dcterms:conformsTo", config.epub_a11y_conforms_to),
            ("a11y:certifiedBy", config.epub_a11y_certified_by),
        ]
    return [(prop, value) for prop, value in pairs if value]


def conforms(found: ContentSurvey) -> bool:
    """Whether the book passes the checks its conformance claim rests on."""
    return not found.images_without_alt


def check(found: ContentSurvey) -> None:
    for image in found.images_without_alt:
        logger.warning(
            "%s has no alt text: the ePub claims conformance to an accessibility "
            "standard only when every image has a text alternative; give it one",
            image.construct or f"the image {image.url}",
            location=image.location,
            type="epub",
            subtype="a11y",
        )
