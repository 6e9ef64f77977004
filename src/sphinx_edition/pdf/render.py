"""From the single HTML page to a tagged PDF, with WeasyPrint's Python API.

* ``pdf_variant="pdf/ua-1"`` makes WeasyPrint write a structure tree (tags),
  ``/Lang`` from ``<html lang>``, ``DisplayDocTitle``, ``MarkInfo`` and XMP
  metadata with the title and authors. It also writes a PDF/UA
  identification (``pdfuaid:part``), a claim of conformance that no full
  validator has checked here, so the finisher takes it out again (the XMP is
  rewritten by WeasyPrint's own metadata code, without a version). See
  CONTRIBUTING.md ("What the tests check") for what our tests do check.
* Nothing is fetched from the network: only ``file:`` and ``data:`` URLs.
* WeasyPrint's warnings (a link to no anchor, a stylesheet it cannot read)
  are re-issued as Sphinx warnings, so a ``-W`` build fails on them.
* Running heads and page numbers, which WeasyPrint keeps out of the
  structure tree, are marked as artifacts (:mod:`.artifacts`), in the
  finisher WeasyPrint calls before writing.
* Same input, same bytes: WeasyPrint writes no date of its own (the title
  page's ``dcterms`` dates come from ``SOURCE_DATE_EPOCH``), and the file
  identifier is a hash of the content.
"""

from __future__ import annotations

import logging as std_logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sphinx.util import logging

from sphinx_edition.pdf import artifacts

logger = logging.getLogger(__name__)


class _Collect(std_logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=std_logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: std_logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def weasyprint_messages(source: Path) -> Iterator[None]:
    """Report WeasyPrint's warnings and errors as Sphinx warnings at ``source``.

    Nothing else it logs reaches the console: its progress messages (logger
    ``weasyprint.progress``, some of them sent while it is imported) would
    print wherever another package has configured the root logger."""
    weasy = std_logging.getLogger("weasyprint")
    handler = _Collect()
    weasy.addHandler(handler)
    propagate = weasy.propagate
    weasy.propagate = False
    try:
        yield
    finally:
        weasy.removeHandler(handler)
        weasy.propagate = propagate
        for message in handler.messages:
            logger.warning(
                "WeasyPrint, laying out %s: %s",
                source,
                message,
                type="pdf",
                subtype="weasyprint",
            )


LOCAL = ("file", "data")


def url_fetcher() -> Any:
    """A fetcher that reads local files and data URLs, and nothing else."""
    try:
        from weasyprint import URLFetcher
    except ImportError:  # older WeasyPrint: a fetcher is a function
        from weasyprint import default_url_fetcher

        def fetch(url: str, *args: Any, **kwargs: Any) -> Any:
            if url.split(":", 1)[0].lower() not in LOCAL:
                raise ValueError(f"not fetched, the PDF uses local files only: {url}")
            return default_url_fetcher(url, *args, **kwargs)

        return fetch
    return URLFetcher(allowed_protocols=set(LOCAL))


def describe_links(pdf: Any, descriptions: dict[str, str]) -> None:
    """Give each internal link annotation a description of where it goes."""
    import pydyf

    for obj in pdf.objects:
        if not isinstance(obj, pydyf.Dictionary) or obj.get("Subtype") != "/Link":
            continue
        dest = obj.get("Dest")
        text = descriptions.get(getattr(dest, "string", None) or "")
        if text:
            obj["Contents"] = pydyf.String(text)


def drop_conformance_claim(document: Any, pdf: Any) -> None:
    """Rewrite the XMP metadata without the PDF/UA identification."""
    import pydyf

    ref = pdf.catalog.get("Metadata")
    if ref is None:
        return
    scratch = pydyf.PDF()
    document.metadata.include_in_pdf(scratch, "ua", None, None, compress=False)
    fresh = artifacts.resolve(scratch, scratch.catalog["Metadata"])
    artifacts.resolve(pdf, ref).stream = fresh.stream


def finisher(descriptions: dict[str, str]) -> Callable[[Any, Any], None]:
    """WeasyPrint's finisher: the last changes to the PDF before it is written."""

    def finish(document: Any, pdf: Any) -> None:
        describe_links(pdf, descriptions)
        mark_artifacts(pdf)
        drop_conformance_claim(document, pdf)

    return finish


def mark_artifacts(pdf: Any) -> None:
    marked, missed = artifacts.mark_margins(pdf)
    if missed:
        logger.warning(
            "%d runs of text in the PDF are neither in its structure tree nor marked as "
            "artifacts (%d were marked): a screen reader may skip or misplace them",
            missed,
            marked,
            type="pdf",
            subtype="tags",
        )


def write_pdf(index: Path, target: Path, descriptions: dict[str, str]) -> None:
    logger.info("writing %s...", target.name)
    with weasyprint_messages(index):
        import weasyprint

        document = weasyprint.HTML(filename=index, url_fetcher=url_fetcher())
        document.write_pdf(
            target, pdf_variant="pdf/ua-1", pdf_identifier=True, finisher=finisher(descriptions)
        )
