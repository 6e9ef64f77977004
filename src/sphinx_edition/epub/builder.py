"""Our ePub 3 builder: Sphinx's, with the package completed where it falls short.

Registered under the standard name ``epub`` so ``sphinx-build -b epub`` uses
it. Each concern lives in its own module and this class wires them in at the
points Sphinx offers:

* ``a11y``: ``lang`` on every document, accessibility metadata;
* ``glossary``: glossary semantics (a translator mixin) and the search key map;
* ``frontmatter``: cover, title page, landmarks and guide;
* ``container``: a zip whose bytes depend only on its contents.

The package document, the navigation document and the NCX are rendered from
our own templates (``templates/``, set as ``template_dir``), which take what
Sphinx's take plus the context our methods add; nothing is edited after it is
written.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sphinx.builders.epub3 import Epub3Builder, NavPoint
from sphinx.util import logging

from sphinx_edition.cite import opf
from sphinx_edition.epub import a11y, container, frontmatter, glossary
from sphinx_edition.epub.pages import PageScans, css_refs, is_remote, local_target
from sphinx_edition.glossary.model import glossary_index
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
        # What the pages hold, kept by size and time between builds.
        self.scans = PageScans(Path(self.doctreedir) / "epub-page-scans.json")

    def handle_page(self, pagename: str, *args: Any, **kwargs: Any) -> None:
        self.written.add(pagename)
        super().handle_page(pagename, *args, **kwargs)

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
        super().gen_additional_pages()
        self.front_matter = frontmatter.write_pages(self)
        self.search_key_map = bool(glossary_docs(self))
        if self.search_key_map:
            text = glossary.search_key_map(self)
            (self.outdir / glossary.SEARCH_KEY_MAP).write_text(text, encoding="utf-8")

    def get_toc(self) -> None:
        # The spine follows these nodes: the cover and title page come first.
        # (The nav and NCX are built from the toctree, so they do not list them.)
        super().get_toc()
        front = [{"level": 1, "refuri": name, "text": ""} for name in self.front_matter]
        self.refnodes[:0] = front

    def pages(self) -> list[str]:
        return sorted(
            p.relative_to(self.outdir).as_posix() for p in self.outdir.rglob("*" + self.out_suffix)
        )

    def prune_static(self) -> None:
        """Drop theme files nothing in the book uses (Sphinx ships icons and
        scripts for the website that would otherwise ride along)."""
        used: set[str] = set()
        for name in self.pages():
            for ref in self.scans.get(self.outdir / name).refs:
                target = local_target(name, ref)
                if target:
                    used.add(target)
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
        # The pages build_content will list (it decides that after this call).
        left_out = {"nav.xhtml", *self.config.epub_exclude_files}
        if not self.use_index:
            left_out.add("genindex" + self.out_suffix)
        pages = [p for p in self.pages() if p not in left_out]
        check_self_contained(self.outdir, pages, self.scans)
        found = a11y.survey(self.outdir, pages, set(self.front_matter), self.scans)
        a11y.check(found)
        properties: dict[str, list[str]] = {}
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
        self.remove_stale_files()
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
        self.scans.save()


def glossary_docs(builder: Epub3Builder) -> list[str]:
    return glossary_index(builder.env).glossary_docs()


def check_self_contained(outdir: Path, pages: list[str], scans: PageScans) -> None:
    """Warn about scripts and remote resources: the ePub must work offline."""
    stylesheets = sorted(p.relative_to(outdir).as_posix() for p in outdir.rglob("*.css"))
    for name in [*pages, *stylesheets]:
        if name.endswith(".css"):
            text = (outdir / name).read_text(encoding="utf-8")
            problems = [r for r in css_refs(text) if is_remote(r)]
        else:
            page = scans.get(outdir / name)
            problems = ["<script>"] * min(page.scripts, 1)
            problems += [r for r in page.loads if is_remote(r)]
        for problem in problems:
            logger.warning(
                "the ePub must work offline, but %s uses %s: remove it, or keep it out "
                "of the ePub (epub_exclude_files, or an 'only' block)",
                name,
                problem,
                type="epub",
                subtype="remote",
            )
