"""Our ePub 3 builder: Sphinx's, with the package fixed where it falls short.

Registered under the standard name ``epub`` so ``sphinx-build -b epub`` uses
it. Each concern lives in its own module and this class only wires them in
at the points Sphinx offers:

* ``epub_a11y``: ``lang`` on every document, accessibility metadata;
* ``epub_glossary``: glossary semantics and the search key map;
* ``epub_frontmatter``: cover, title page, landmarks and guide;
* ``epub_zip``: a container whose bytes depend only on its contents.

Sphinx's templates are used as they ship; what they lack is added to the
files they write (the package document and the nav), at anchors that are
checked, so a change in Sphinx fails loudly instead of silently.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit
from xml.etree import ElementTree

import epub_a11y
import epub_frontmatter
import epub_glossary
import epub_zip
from sphinx.application import Sphinx
from sphinx.builders.epub3 import Epub3Builder, NavPoint
from sphinx.util import logging
from sphinx.writers.html5 import HTML5Translator

logger = logging.getLogger(__name__)

BOOK_CSS = "epub-book.css"
# Styles for the pages this builder adds; the rest is the epub theme's.
BOOK_CSS_TEXT = """\
/* Cover and title page of the ePub (written by docs/_ext/epub_book.py). */
div.book-cover { margin: 0; padding: 0; text-align: center; }
div.book-cover img { max-width: 100%; height: auto; }
section.book-titlepage { margin-top: 15%; text-align: center; }
section.book-titlepage h1 { font-size: 2em; margin-bottom: 1.5em; }
p.book-author { font-size: 1.4em; margin-bottom: 2em; }
p.book-credit, p.book-imprint { font-style: italic; }
"""
CSS_REF = re.compile(r"""url\(\s*['"]?([^'")]+)|@import\s+['"]([^'"]+)""")
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def css_refs(text: str) -> list[str]:
    """What a stylesheet loads (commented-out rules load nothing)."""
    return [m.group(1) or m.group(2) for m in CSS_REF.finditer(CSS_COMMENT.sub("", text))]


class BookEpubTranslator(epub_glossary.GlossaryMarkup, epub_a11y.AccessibleMarkup, HTML5Translator):
    """Sphinx's HTML translator with the ePub's semantics and ARIA fixes."""


def _anchor(text: str, old: str, new: str) -> str:
    """Replace ``old`` once; a missing anchor means Sphinx's output changed."""
    if old not in text:
        raise RuntimeError(f"epub_book: {old!r} not found in Sphinx's output")
    return text.replace(old, new, 1)


def _local(base: str, ref: str) -> str | None:
    """The output-relative path ``ref`` points to from file ``base``, if local."""
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), unquote(parts.path)))


class BookEpubBuilder(Epub3Builder):
    name = "epub"
    default_translator_class = BookEpubTranslator

    def init(self) -> None:
        super().init()
        self.html_tag = epub_a11y.html_tag(self.config.epub_language)
        self.add_css_file(BOOK_CSS)
        self.front_matter: list[str] = []
        self.search_key_map = False
        # Sphinx creates translators from its registry, so register the mix.
        self._registry.translators[self.name] = self.get_translator_class()

    def get_translator_class(self) -> type[Any]:
        # Another extension may register its own translator for "epub"
        # (app.set_translator); ours is then mixed into it, not dropped.
        base = super().get_translator_class()
        if issubclass(base, epub_glossary.GlossaryMarkup):
            return base
        mixins = (epub_glossary.GlossaryMarkup, epub_a11y.AccessibleMarkup)
        return type(f"Book{base.__name__}", (*mixins, base), {})

    def copy_static_files(self) -> None:
        super().copy_static_files()
        (self.outdir / "_static" / BOOK_CSS).write_text(BOOK_CSS_TEXT, encoding="utf-8")

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
        self.front_matter = epub_frontmatter.write_pages(self)
        self.search_key_map = bool(epub_glossary.glossary_docs(self))
        if self.search_key_map:
            text = epub_glossary.search_key_map(self)
            (self.outdir / epub_glossary.SEARCH_KEY_MAP).write_text(text, encoding="utf-8")

    def get_toc(self) -> None:
        # The spine follows these nodes: the cover and title page come first.
        # (The nav and NCX are built from the toctree, so they do not list them.)
        super().get_toc()
        front = [{"level": 1, "refuri": name, "text": ""} for name in self.front_matter]
        self.refnodes[:0] = front

    def prune_static(self) -> None:
        """Drop theme files nothing in the book uses (Sphinx ships icons and
        scripts for the website that would otherwise ride along)."""
        used: set[str] = set()
        for page in self.outdir.rglob("*" + self.out_suffix):
            name = page.relative_to(self.outdir).as_posix()
            for el in ElementTree.parse(page).getroot().iter():
                for attr in ("href", "src"):
                    target = _local(name, el.get(attr, ""))
                    if target:
                        used.add(target)
        pending = [u for u in used if u.endswith(".css")]
        while pending:
            css = pending.pop()
            path = self.outdir / css
            if not path.is_file():
                continue
            for ref in css_refs(path.read_text(encoding="utf-8")):
                target = _local(css, ref)
                if target and target not in used:
                    used.add(target)
                    if target.endswith(".css"):
                        pending.append(target)
        for path in sorted((self.outdir / "_static").rglob("*")):
            if path.is_file() and path.relative_to(self.outdir).as_posix() not in used:
                path.unlink()

    def build_content(self) -> None:
        self.prune_static()
        super().build_content()
        pages = [f for f in self.files if f.endswith(self.out_suffix)]
        check_self_contained(self.outdir, [*pages, *(f for f in self.files if f.endswith(".css"))])
        found = epub_a11y.survey(self.outdir, pages, set(self.front_matter))
        epub_a11y.check(found)
        glossaries = epub_glossary.glossary_docs(self)

        opf = self.outdir / "content.opf"
        text = opf.read_text(encoding="utf-8")
        meta = epub_a11y.metadata_xml(self.config, found, self.use_index)
        text = _anchor(text, "\n  </metadata>", meta + "\n  </metadata>")
        image = epub_frontmatter.cover_image(self)
        if image:
            text = add_property(text, image, "cover-image")
        for doc in glossaries:
            text = add_property(text, self.get_target_uri(doc), "glossary")
        if self.search_key_map:
            name = epub_glossary.SEARCH_KEY_MAP
            item = (
                f'\n    <item id="{self.make_id(name)}" href="{name}" '
                f'media-type="{epub_glossary.SEARCH_KEY_MAP_TYPE}" '
                'properties="glossary search-key-map" />'
            )
            text = _anchor(text, "\n  </manifest>", item + "\n  </manifest>")
            self.files.append(name)
        marks = epub_frontmatter.landmarks(self, glossaries)
        text = re.sub(r"<guide>.*?</guide>", epub_frontmatter.guide(marks), text, flags=re.S)
        opf.write_text(text, encoding="utf-8")

    def build_navigation_doc(self) -> None:
        super().build_navigation_doc()
        nav = self.outdir / "nav.xhtml"
        text = nav.read_text(encoding="utf-8")
        text = _anchor(
            text, '<nav epub:type="toc">', '<nav epub:type="toc" id="toc" role="doc-toc">'
        )
        marks = epub_frontmatter.landmarks(self, epub_glossary.glossary_docs(self))
        text = _anchor(text, "  </body>", epub_frontmatter.landmarks_nav(marks) + "  </body>")
        nav.write_text(text, encoding="utf-8")

    def build_epub(self) -> None:
        name = self.config.epub_basename + ".epub"
        logger.info("writing %s file...", name)
        members = ["mimetype", "META-INF/container.xml", "content.opf", "toc.ncx", *self.files]
        epub_zip.write_epub(self.outdir / name, self.outdir, members, epub_zip.build_epoch())


def add_property(opf: str, href: str, prop: str) -> str:
    """Add ``prop`` to the manifest item for ``href``."""
    pattern = re.compile(rf'(<item id="[^"]*" href="{re.escape(quote(href))}" media-type="[^"]*")')
    if not pattern.search(opf):
        raise RuntimeError(f"epub_book: no manifest item for {href}")
    return pattern.sub(rf'\1 properties="{prop}"', opf, count=1)


def check_self_contained(outdir: Path, names: list[str]) -> None:
    """Warn about scripts and remote resources: the ePub must work offline."""
    for name in names:
        text = (outdir / name).read_text(encoding="utf-8")
        problems = []
        if name.endswith(".css"):
            problems = [ref for ref in css_refs(text) if urlsplit(ref).scheme]
        else:
            for el in ElementTree.fromstring(text).iter():
                tag = el.tag.rsplit("}", 1)[-1]
                if tag == "script":
                    problems.append("<script>")
                ref = el.get("src") if tag != "a" else None
                ref = ref or (el.get("href") if tag == "link" else None)
                if ref and urlsplit(ref).scheme:
                    problems.append(ref)
        for problem in problems:
            logger.warning(
                "the ePub must work offline, but %s uses %s",
                name,
                problem,
                type="epub",
                subtype="remote",
            )


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx.builders.epub3")
    for module in ("epub_a11y", "epub_frontmatter", "epub_glossary", "epub_zip"):
        app.setup_extension(module)
    app.add_builder(BookEpubBuilder, override=True)
    return {"version": "1.1", "parallel_read_safe": True, "parallel_write_safe": True}
