"""The book's PDF in each edition that makes one, built once per session by
``sphinx-build -b pdf`` of docs/ (with ``-D language=...`` for a translation)."""

from __future__ import annotations

import pikepdf
import pytest
from pdf_checks import BookPdf, build_pdf, pdf_languages


@pytest.fixture(scope="session", params=pdf_languages())
def book_pdf(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> BookPdf:
    return build_pdf(tmp_path_factory.mktemp(f"pdf-book-{request.param}"), language=request.param)


@pytest.fixture(scope="session")
def pdf(book_pdf: BookPdf) -> pikepdf.Pdf:
    return pikepdf.open(book_pdf.path)
