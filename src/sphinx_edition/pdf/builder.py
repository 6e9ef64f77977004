"""The ``pdf`` builder: Sphinx's single-page HTML, laid out by WeasyPrint.

It is the ``singlehtml`` builder with four changes, each at a point Sphinx
offers for it:

* its own theme (``get_theme_config``): the basic theme's templates with one
  print stylesheet and no scripts, and its own page template, chosen in
  ``handle_page`` so that no ``templates_path`` override of ``page.html``
  meant for the website reaches the PDF;
* no permalink anchors (``add_permalinks``), which would become empty links;
* term and section links that WeasyPrint can follow (``write_doc``, see
  :mod:`sphinx_edition.pdf.links`);
* at ``finish``, the page is rendered to ``<pdf_basename>.pdf`` in the output
  folder (:mod:`sphinx_edition.pdf.render`).

While the page is written, its translator notes what it loads
(``sphinx_edition.loads``, mixed in by ``setup``): a script, a frame or a
remote image is reported at its source line, as the ePub reports it.
"""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path
from typing import Any

import sphinx
from docutils import nodes
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.errors import ExtensionError
from sphinx.locale import __
from sphinx.util import logging

from sphinx_edition.loads import PageRecord, report_problems
from sphinx_edition.pdf import links, render, titlepage

logger = logging.getLogger(__name__)

HERE = Path(__file__).parent
THEME = "edition-pdf"
PAGE_TEMPLATE = "edition-pdf-page.html"
STYLESHEET = "_static/edition-pdf.css"


class PdfBuilder(SingleFileHTMLBuilder):
    name = "pdf"
    format = "html"
    epilog = __("The PDF is in %(outdir)s.")
    add_permalinks = False
    search = False
    copysource = False
    supported_remote_images = False

    def init(self) -> None:
        # WeasyPrint is an optional part of the package (it is large): say how
        # to get it before anything is read, not after.
        if find_spec("weasyprint") is None:
            raise ExtensionError(
                "the pdf builder (sphinx_edition.pdf) lays pages out with WeasyPrint, which "
                "is not installed: pip install 'sphinx-edition[pdf]'"
            )
        super().init()
        # Anchor -> a few words about it, for the PDF's link annotations.
        self.link_descriptions: dict[str, str] = {}
        self.page_record: PageRecord | None = None  # the translator notes into it

    def get_theme_config(self) -> tuple[str, dict[str, Any]]:
        return THEME, {}

    def init_js_files(self) -> None:
        # A PDF runs no scripts; none are linked or copied.
        pass

    @property
    def pdf_path(self) -> Path:
        return Path(self.outdir) / f"{self.config.pdf_basename}.pdf"

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        links.fix_links(doctree, self.config.root_doc)
        titles = {doc: title.astext() for doc, title in self.env.titles.items()}
        self.link_descriptions = links.describe_targets(doctree, self.config.root_doc, titles)
        self.page_record = PageRecord()
        try:
            super().write_doc(docname, doctree)
            report_problems(self.page_record, "the PDF", "pdf")
        finally:
            self.page_record = None

    def handle_page(
        self,
        pagename: str,
        addctx: dict[str, Any],
        templatename: str = "page.html",
        *,
        outfilename: Path | None = None,
        event_arg: Any = None,
    ) -> None:
        if templatename == "page.html":
            templatename = PAGE_TEMPLATE
            addctx = {**addctx, "pdf": self.pdf_context()}
        super().handle_page(
            pagename, addctx, templatename, outfilename=outfilename, event_arg=event_arg
        )

    def pdf_context(self) -> dict[str, Any]:
        page = titlepage.title_page(self.config)
        return {
            **page,
            "lang": (self.config.language or "en").replace("_", "-"),
            "generator": f"Sphinx {sphinx.__display_version__} (sphinx_edition.pdf)",
            "stylesheets": [STYLESHEET],
        }

    def finish(self) -> None:
        super().finish()
        index = Path(self.outdir) / (self.config.root_doc + self.out_suffix)
        render.write_pdf(index, self.pdf_path, self.link_descriptions)
