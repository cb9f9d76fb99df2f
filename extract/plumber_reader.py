"""The reference reader: pdfplumber (pdfminer.six) lines with font size and weight."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from cqc_themes.errors import EncryptedPdfError, TruncatedPdfError
from cqc_themes.extract.fonts import is_bold_font
from cqc_themes.records import Line, Page


def read_pages_pdfplumber(path: Path) -> list[Page]:
    """Every page's lines, top to bottom; running headers are still in."""
    try:
        with pdfplumber.open(path) as pdf:
            return [_read_page(index, page) for index, page in enumerate(pdf.pages)]
    except PDFPasswordIncorrect as error:
        raise EncryptedPdfError(path) from error
    except PDFSyntaxError as error:
        raise TruncatedPdfError(path, str(error)) from error
    except PdfminerException as error:
        # pdfplumber wraps pdfminer's own exceptions; unwrap to say which problem it was.
        cause = error.args[0] if error.args else None
        if isinstance(cause, PDFPasswordIncorrect):
            raise EncryptedPdfError(path) from error
        raise TruncatedPdfError(path, str(cause or error)) from error


def _read_page(index: int, page: pdfplumber.page.Page) -> Page:
    lines = []
    for text_line in page.extract_text_lines(return_chars=True):
        chars = [c for c in text_line["chars"] if not c["text"].isspace()]
        if not chars:
            continue
        bold_chars = sum(is_bold_font(c["fontname"]) for c in chars)
        lines.append(
            Line(
                text=text_line["text"],
                top=float(text_line["top"]),
                x0=float(text_line["x0"]),
                font_size=round(float(chars[0]["size"]), 1),
                bold=bold_chars * 2 > len(chars),
            )
        )
    return Page(
        index=index,
        number=index + 1,
        width=float(page.width),
        height=float(page.height),
        lines=tuple(sorted(lines, key=lambda line: (round(line.top), line.x0))),
    )
