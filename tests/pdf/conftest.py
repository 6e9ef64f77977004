"""The book's PDF, built once per session by ``sphinx-build -b pdf`` of docs/."""

from __future__ import annotations

import pikepdf
import pytest
from pdf_checks import BookPdf, build_pdf


@pytest.fixture(scope="session")
def book_pdf(tmp_path_factory: pytest.TempPathFactory) -> BookPdf:
    return build_pdf(tmp_path_factory.mktemp("pdf-book"))


@pytest.fixture(scope="session")
def pdf(book_pdf: BookPdf) -> pikepdf.Pdf:
    return pikepdf.open(book_pdf.path)
