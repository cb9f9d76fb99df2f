"""extract/: PDF pages to lines with layout (font size, weight, position, page number).

Only this stage touches PDF libraries. pdfplumber is the reference reader; PDFium is the
fast default, and tests check the two agree on real reports.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from cqc_themes.errors import NoTextLayerError
from cqc_themes.extract.pdf_file import check_pdf_file, sha256_of
from cqc_themes.extract.pdfium_reader import read_pages_pdfium
from cqc_themes.extract.plumber_reader import read_pages_pdfplumber
from cqc_themes.extract.running_headers import strip_running_headers
from cqc_themes.records import ExtractedDocument

Engine = Literal["pdfium", "pdfplumber"]
ENGINES: tuple[str, ...] = ("pdfium", "pdfplumber")

# Fewer printed characters than this over the whole file means no usable text layer.
_MIN_TEXT_CHARACTERS = 40


def extract_document(path: Path, engine: Engine = "pdfium") -> ExtractedDocument:
    """Read a PDF's pages with layout and strip its running headers and footers."""
    path = Path(path)
    data = check_pdf_file(path)
    reader = read_pages_pdfium if engine == "pdfium" else read_pages_pdfplumber
    pages = reader(path)
    characters = sum(len(line.text) for page in pages for line in page.lines)
    if characters < _MIN_TEXT_CHARACTERS:
        raise NoTextLayerError(path)
    stripped_pages, removed = strip_running_headers(pages)
    return ExtractedDocument(
        path=path,
        sha256=sha256_of(data),
        pages=tuple(stripped_pages),
        engine=engine,
        stripped_lines=removed,
    )


__all__ = ["ENGINES", "Engine", "extract_document"]
