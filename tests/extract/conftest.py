"""Extracted sample documents, read once per session by each engine that needs them."""

from __future__ import annotations

from pathlib import Path

import pytest

from cqc_themes.extract import extract_document
from cqc_themes.records import ExtractedDocument


@pytest.fixture(scope="session")
def extracted_samples(sample_pdfs: list[Path]) -> dict[str, ExtractedDocument]:
    """Every sample report through the default (PDFium) engine, keyed by file name."""
    return {path.name: extract_document(path) for path in sample_pdfs}
