"""Our ePub 3 builder: Sphinx's, with the package completed where it falls short.

Registered under the standard name ``epub`` so ``sphinx-build -b epub`` uses
it. Each concern lives in its own module and this class wires them in at the
points Sphinx offers:

* ``a11y``: ``lang`` on every document, accessibility metadata;
* ``glossary``: glossary semantics (a translator mixin) and the search key map;
* ``frontmatter``: cover, title page, landmarks and guide;
* ``container``: a zip whose bytes depend only on its contents;
* ``order``: every page once in the reading order, every page reachable;
* ``links``: links to pages the book lacks go to the website, or are reported;
* ``records``: what each page loads, shows and links to, recorded by the
  translator (``sphinx_edition.loads``) while the page is written and kept
  between builds; the package's claims and the pruning of unused theme
  files come from these records, never from reading the pages back.

The package document, the navigation document and the NCX are rendered from
our own templates (``templates/``, set as ``template_dir``), which take what
Sphinx's take plus the context our methods add; nothing is edited after it is
written.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.builders.epub3 import Epub3Builder, NavPoint
from sphinx.util import logging

from sphinx_edition.cite import opf
from sphinx_edition.epub import a11y, container, frontmatter, glossary, links, order
from sphinx_edition.epub.records import PageRecords
from sphinx_edition.epub.styles import css_refs
from sphinx_edition.glossary.model import glossary_index
from sphinx_edition.loads import PageRecord, is_remote, local_target, report_problems
from sphinx_edition.messages import _

logger = logging.getLogger(__name__)

HERE = Path(__file__).parent
BOOK_CSS = "epub-book.css"


class BookEpubBuilder(Epub3Builder):
    name = "epub"
    template_dir = HERE / "templates"

    def init(self) -> None:
        super().init()
        # Sphinx's are English whatever the language (a class attribute, never
        # translated): the navigation's heading and the guide's entries.
        self.guide_titles = {
            **self.guide_titles,
            "toc": _("Table of Contents"),
            "cover": _("Cover"),
        }
        self.html_tag = a11y.html_tag(self.config.epub_language)
        self.add_css_file(BOOK_CSS)
        self.front_matter: list[str] = []
        self.search_key_map = False
        self.written: set[str] = set()  # pages written by this build
        # What each page loads, shows and links to, noted while it is written.
        self.records = PageRecords(Path(self.doctreedir) / "epub-pages")
        self.page_record: PageRecord | None = None
        self.missing_files: set[str] = set()  # missing files, reported once each
        self._book_pages: set[str] | None = None

    def get_outdated_docs(self) -> Iterator[str]:
        # A page whose record is missing (a build from before records were
        # kept, a record deleted) is written again to make one.
        outdated = list(super().get_outdated_docs())
        yield from outdated
        yield from sorted(self.records.missing(set(self.env.found_docs)) - set(outdated))

    def book_pages(self) -> set[str]:
        """The pages the book will hold, by output-relative name."""
        if self._book_pages is None:
            suffix = self.out_suffix
            pages = {self.get_target_uri(doc) for doc in self.env.found_docs}
            pages |= {name + suffix for name, *_ in self.domain_indices}
            if self.use_index:
                pages.add("genindex" + suffix)
            extra = [*self.config.epub_pre_files, *self.config.epub_post_files]
            pages |= {name for name, _text in extra if (self.outdir / name).is_file()}
            pages |= {f"{frontmatter.COVER_PAGE}{suffix}", f"{frontmatter.TITLE_PAGE}{suffix}"}
            self._book_pages = pages - set(self.config.epub_exclude_files)
        return self._book_pages

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        links.mend_links(self, docname, doctree, self.book_pages())
        self.page_record = PageRecord()  # the translator notes into it
        super().write_doc(docname, doctree)

    def handle_page(self, pagename: str, *args: Any, **kwargs: Any) -> None:
        self.written.add(pagename)
        if self.page_record is None:  # a page from a template: no doctree
            self.page_record = PageRecord()
        try:
            super().handle_page(pagename, *args, **kwargs)  # html-page-context notes more
            self.records.save(pagename, self.page_record)
        finally:
            self.page_record = None

    def remove_stale_files(self) -> None:
        """Drop what an earlier build left that this one would not make.

        The output folder is kept between builds so that an edit rewrites
        only the pages it affects, and Sphinx packs every file it finds
        there: a page since removed from the project, an image no page uses
        any more, Sphinx's backup of its build record, a book under an older
        name would all ride along. What stays is what a clean build writes:
        a page for every document, the pages written this time (indexes,
        front matter), the navigation document (rewritten later), the
        images documents use.
        """
        pages = {self.get_target_uri(doc) for doc in self.env.found_docs}
        pages |= {name + self.out_suffix for name in self.written}
        pages.add("nav" + self.out_suffix)
        for name in self.pages():
            if name not in pages:
                (self.outdir / name).unlink()
        images = {unique for _docs, unique in self.env.images.values()}
        for path in sorted((self.outdir / self.imagedir).glob("*")):
            if path.is_file() and path.name not in images:
                path.unlink()
        book = self.config.epub_basename + ".epub"
        for path in [self.outdir / ".buildinfo.bak", *self.outdir.glob("*.epub")]:
            if path.name != book:
                path.unlink(missing_ok=True)

    def copy_static_files(self) -> None:
        super().copy_static_files()
        target = self.outdir / "_static" / BOOK_CSS
        target.write_bytes((HERE / "static" / BOOK_CSS).read_bytes())

    def make_id(self, name: str) -> str:
        # Sphinx numbers manifest ids from a counter in the environment, which
        # an incremental build does not restart; derive them from the name.
        if name not in self.id_cache:
            base = "f-" + re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-")
            taken = set(self.id_cache.values())
            new, n = base, 1
            while new in taken:
                n += 1
                new = f"{base}-{n}"
            self.id_cache[name] = new
        return self.id_cache[name]

    def toc_metadata(self, level: int, navpoints: list[NavPoint]) -> dict[str, Any]:
        # Sphinx puts epub_uid (an XML id) in the NCX's dtb:uid; EPUBCheck
        # requires the book's identifier there (NCX-001).
        metadata = super().toc_metadata(level, navpoints)
        metadata["uid"] = self.config.epub_identifier
        return metadata

    def gen_additional_pages(self) -> None:
        # Sphinx's ePub builder would write html_additional_pages too: pages
        # the website's templates make for the website (a contents page, a
        # download page), which no toctree places in the book and whose links
        # expect the site. Links to them go to the site (links.py).
        self.front_matter = frontmatter.write_pages(self)
        self.search_key_map = bool(glossary_docs(self))
        if self.search_key_map:
            text = glossary.search_key_map(self)
            (self.outdir / glossary.SEARCH_KEY_MAP).write_text(text, encoding="utf-8")

    def toc_add_files(self, refnodes: list[dict[str, Any]]) -> None:
        # Every list the spine, nav and NCX are made from passes here: each
        # page once, at its first place (order.py), and no file of
        # epub_pre_files or epub_post_files the book does not have (the
        # spine would name an item the manifest lacks, OPF-049).
        super().toc_add_files(refnodes)
        refnodes[:] = order.first_places(refnodes)
        for name, _text in [*self.config.epub_pre_files, *self.config.epub_post_files]:
            if (self.outdir / name).is_file():
                continue
            refnodes[:] = [node for node in refnodes if node["refuri"] != name]
            if name not in self.missing_files:  # once per build
                self.missing_files.add(name)
                logger.warning(
                    "%s, in epub_pre_files or epub_post_files, is not a file of the book: "
                    "it is left out",
                    name,
                    type="epub",
                    subtype="missing_file",
                )

    def get_toc(self) -> None:
        # The spine follows these nodes: the cover and title page come first,
        # the pages nothing reaches last. (Nodes without text are in no toc.)
        # The first step of making the package: what an earlier build left goes.
        self.remove_stale_files()
        super().get_toc()
        front = [{"level": 1, "refuri": name, "text": ""} for name in self.front_matter]
        self.refnodes[:0] = front
        listed = {node["refuri"].split("#")[0] for node in self.refnodes}
        listed |= {name + self.out_suffix for name, *_ in self.domain_indices}
        listed.add("genindex" + self.out_suffix)
        linked = set()
        for page, record in self.page_records().items():
            linked |= {local_target(page, link) for link in record.links}
        for page in order.unreached(self.book_files(), listed, linked):
            self.refnodes.append({"level": 1, "refuri": page, "text": ""})

    def pages(self) -> list[str]:
        return sorted(
            p.relative_to(self.outdir).as_posix() for p in self.outdir.rglob("*" + self.out_suffix)
        )

    def book_files(self) -> list[str]:
        """The content documents build_content will list, by name."""
        left_out = {"nav.xhtml", *self.config.epub_exclude_files}
        if not self.use_index:
            left_out.add("genindex" + self.out_suffix)
        return [p for p in self.pages() if p not in left_out]

    def page_records(self) -> dict[str, PageRecord]:
        """The record of each page in the book, by file name."""
        records = {}
        for name in self.book_files():
            record = self.records.get(name.removesuffix(self.out_suffix))
            if record is not None:
                records[name] = record
        return records

    def pack_loaded_files(self) -> None:
        """Copy into the book the files its pages load that Sphinx does not
        copy: Sphinx copies images it knows (``.. image::``) and the static
        paths, but an image raw HTML takes from beside its page (a folder's
        own ``_static/``) would be referenced and missing (EPUBCheck
        RSC-007). A file it cannot find is reported at the page's source.
        What an earlier build copied and no page loads any more goes."""
        ledger = Path(self.doctreedir) / "epub-packed.json"
        before = set(read_json_list(ledger))
        packed: set[str] = set()
        for name, record in self.page_records().items():
            for found in record.found:
                target = local_target(name, found.url) if found.url else None
                if not target or target in packed or target.startswith(self.imagedir + "/"):
                    continue
                path = self.outdir / target
                if path.is_file() and target not in before:
                    continue  # Sphinx's
                if (self.srcdir / target).is_file():
                    path.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(self.srcdir / target, path)
                    packed.add(target)
                else:
                    logger.warning(
                        "%s loads %s, which is neither in the ePub nor in the project",
                        found.construct or name,
                        found.url,
                        location=found.location,
                        type="epub",
                        subtype="missing_file",
                    )
        for stale in before - packed:
            (self.outdir / stale).unlink(missing_ok=True)
        ledger.write_text(json.dumps(sorted(packed)), encoding="utf-8")

    def prune_static(self) -> None:
        """Drop theme files nothing in the book uses (Sphinx ships icons and
        scripts for the website that would otherwise ride along)."""
        used: set[str] = set()
        image = frontmatter.cover_image(self)
        if image:
            used.add(image)
        for name, record in self.page_records().items():
            used |= {local_target(name, url) or "" for url in record.loads()}
        pending = [u for u in used if u.endswith(".css")]
        while pending:
            css = pending.pop()
            path = self.outdir / css
            if not path.is_file():
                continue
            for ref in css_refs(path.read_text(encoding="utf-8")):
                target = local_target(css, ref)
                if target and target not in used:
                    used.add(target)
                    if target.endswith(".css"):
                        pending.append(target)
        for path in sorted((self.outdir / "_static").rglob("*")):
            if path.is_file() and path.relative_to(self.outdir).as_posix() not in used:
                path.unlink()

    def content_metadata(self) -> dict[str, Any]:
        """What the package template renders: Sphinx's metadata plus ours."""
        metadata = super().content_metadata()
        records = self.page_records()
        for record in records.values():
            report_problems(record, "the ePub", "epub")
        check_stylesheets(self.outdir)
        documents = {self.get_target_uri(doc) for doc in self.env.found_docs}
        found = a11y.survey(
            {name: r for name, r in records.items() if name in documents},
            cover=bool(frontmatter.cover_image(self)),
        )
        a11y.check(found)
        properties: dict[str, list[str]] = {}
        # What EPUB 3 asks the manifest to declare about a content document.
        # (Never remote-resources: the translator writes no remote load, see
        # xhtml.py; what would load one is reported instead.)
        for name, record in records.items():
            if record.scripted():
                properties.setdefault(name, []).append("scripted")
            if record.svg:
                properties.setdefault(name, []).append("svg")
        image = frontmatter.cover_image(self)
        if image:
            properties.setdefault(image, []).append("cover-image")
        for doc in glossary_docs(self):
            properties.setdefault(self.get_target_uri(doc), []).append("glossary")
        # Creators with roles, source, subjects and the edition's date, from
        # cite_metadata (None without it: Sphinx's own metadata stays).
        metadata["edition"] = opf.package_metadata(self.config)
        metadata["a11y_meta"] = a11y.metadata(self.config, found, self.use_index)
        metadata["item_properties"] = {href: " ".join(p) for href, p in properties.items()}
        metadata["landmarks"] = frontmatter.landmarks(self, glossary_docs(self))
        metadata["search_key_map"] = (
            {
                "href": glossary.SEARCH_KEY_MAP,
                "id": self.make_id(glossary.SEARCH_KEY_MAP),
                "media_type": glossary.SEARCH_KEY_MAP_TYPE,
            }
            if self.search_key_map
            else None
        )
        return metadata

    def build_content(self) -> None:
        self.pack_loaded_files()
        self.prune_static()
        super().build_content()
        if self.search_key_map:
            self.files.append(glossary.SEARCH_KEY_MAP)

    def navigation_doc_metadata(self, navlist: list[NavPoint]) -> dict[str, Any]:
        metadata = super().navigation_doc_metadata(navlist)
        metadata["landmarks"] = frontmatter.landmarks(self, glossary_docs(self))
        return metadata

    def build_epub(self) -> None:
        name = self.config.epub_basename + ".epub"
        logger.info("writing %s file...", name)
        members = ["mimetype", "META-INF/container.xml", "content.opf", "toc.ncx", *self.files]
        container.write_epub(self.outdir / name, self.outdir, members, container.build_epoch())


def glossary_docs(builder: Epub3Builder) -> list[str]:
    return glossary_index(builder.env).glossary_docs()


def read_json_list(path: Path) -> list[str]:
    with contextlib.suppress(OSError, ValueError):
        value = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(value, list):
            return [str(v) for v in value]
    return []


def check_stylesheets(outdir: Path) -> None:
    """Warn about remote resources the book's stylesheets load (a web font):
    the ePub must work offline. (Pages are checked as they are written.)"""
    for path in sorted(outdir.rglob("*.css")):
        name = path.relative_to(outdir).as_posix()
        for ref in css_refs(path.read_text(encoding="utf-8")):
            if is_remote(ref):
                logger.warning(
                    "the ePub must work offline, but the stylesheet %s loads %s: remove "
                    "it from the ePub's stylesheets (epub_css_files, the epub theme)",
                    name,
                    ref,
                    type="epub",
                    subtype="remote",
                )
