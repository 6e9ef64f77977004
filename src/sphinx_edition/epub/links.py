"""Links to pages the ePub does not have.

A website has pages a book leaves out: the search page (Sphinx's ePub builder
writes none, yet resolves ``:ref:`search``` to it), the general index when
``epub_use_index`` is off, pages in ``epub_exclude_files``, and pages an
author links to by their site address (``contents.html``, made by
``html_additional_pages``). A link to any of them is a reference to a
resource missing from the book (EPUBCheck RSC-007), and readers fail on it in
their own ways. Before a page is written, each such link in its doctree

* goes to the same page on the hosted site, when ``html_baseurl`` says where
  that is, or
* is reported at its source line and left out, its text kept.

A link by site address (``name.html``) to a page the book has is pointed at
the book's page.
"""

from __future__ import annotations

import posixpath
from urllib.parse import unquote, urljoin, urlsplit

from docutils import nodes
from sphinx.builders import Builder
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from sphinx_edition.loads import is_remote, local_target

logger = logging.getLogger(__name__)

PAGE_SUFFIXES = (".xhtml", ".html")


def site_address(builder: Builder, target: str) -> str | None:
    """Where ``target`` (output-relative; a page's without suffix) is on the
    hosted site, if ``html_baseurl`` says."""
    base = builder.config.html_baseurl
    if not base:
        return None
    stem, suffix = posixpath.splitext(target)
    if suffix in PAGE_SUFFIXES or not suffix:
        target = stem + (builder.config.html_file_suffix or ".html")
    return urljoin(base.rstrip("/") + "/", target)


def mend_links(builder: Builder, docname: str, doctree: nodes.document, pages: set[str]) -> None:
    """Point each link to what the book lacks at the site, or drop it.

    ``pages`` are the output-relative names of the pages the book holds. A
    link may go to another page of the book and nowhere else in it: a link to
    any other file in the book would be to a resource outside the reading
    order (EPUBCheck RSC-011), to a file the book lacks a missing resource
    (RSC-007), and a ``file:`` URL names a file on the reader's own machine
    (RSC-030), so that one only loses its link, as does a link to a place on
    its own page that is not there (RSC-012).
    """
    here = builder.get_target_uri(docname)
    ids = {id_ for node in doctree.findall(nodes.Element) for id_ in node["ids"]}
    for ref in list(doctree.findall(nodes.reference)):
        uri = ref.get("refuri", "")
        if uri and not ref.astext().strip() and not list(ref.findall(nodes.image)):
            ref += nodes.Text(uri)  # a link with no text says where it goes
        nowhere = uri[:1] == "#" and uri != "#" and unquote(uri[1:]) not in ids
        nowhere = nowhere or ("refid" in ref and ref["refid"] not in ids)
        if urlsplit(uri).scheme == "file" or nowhere:
            # A file: URL; or a place on this page that is not there (MyST
            # writes a reference it could not resolve so, and has said so
            # at its line): RSC-012.
            ref.replace_self(nodes.inline("", "", *ref.children))
            continue
        if not uri or uri.startswith("#") or is_remote(uri):
            continue
        target = local_target(here, uri)
        if target is None or target in pages:
            continue
        stem, suffix = posixpath.splitext(target)
        fragment = urlsplit(uri).fragment
        anchor = f"#{fragment}" if fragment else ""
        if suffix in PAGE_SUFFIXES and stem + builder.out_suffix in pages:
            ref["refuri"] = relative_uri(here, stem + builder.out_suffix) + anchor
            continue
        address = site_address(builder, target)
        if address:
            ref["refuri"] = address + anchor
            ref["internal"] = False
            continue
        logger.warning(
            "the ePub links only to its own pages and has no %r, which this link (%r, "
            "to %s) goes to: the link is left out and its text kept; set html_baseurl to "
            "link to the website's copy, or link to a page the book has",
            target,
            ref.astext(),
            uri,
            location=ref,
            type="epub",
            subtype="missing_page",
        )
        ref.replace_self(nodes.inline("", "", *ref.children))
