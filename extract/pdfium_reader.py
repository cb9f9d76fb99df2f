"""The fast reader: PDFium's text stream, split into lines and sampled for font facts.

pdfplumber builds a Python object per glyph, which costs about 0.1-0.3 s a page.
PDFium (already a pdfplumber dependency, via pypdfium2) returns a page's text in one
call with its own line breaks, so only a few C calls per line are needed for position
and font. PDFium joins a line that ends in a hyphen with the next one (marking a soft
hyphen as U+FFFE), so those joins are split again by comparing baselines.
"""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

from cqc_themes.errors import EncryptedPdfError, TruncatedPdfError
from cqc_themes.extract.fonts import is_bold_font
from cqc_themes.records import Line, Page

_SOFT_HYPHEN_MARK = "\ufffe"
_LINE_BREAK = "\r\n"
# Baselines closer than this (points) belong to the same printed line.
_SAME_LINE_TOLERANCE = 2.0
# Ascent of common text faces as a share of the font size.
_ASCENT = 0.89


def _printable(code_point: int) -> str:
    """One character for a PDFium code point; halves of surrogate pairs cannot be stored
    as UTF-8, so they (and nulls) become U+FFFD."""
    if code_point == 0 or 0xD800 <= code_point <= 0xDFFF or code_point > 0x10FFFF:
        return "\ufffd"
    return chr(code_point)


def read_pages_pdfium(path: Path) -> list[Page]:
    """Every page's lines, top to bottom; running headers are still in."""
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise EncryptedPdfError(path) from error
        raise TruncatedPdfError(path, str(error)) from error
    try:
        return [_read_page(index, document[index]) for index in range(len(document))]
    finally:
        document.close()


def _read_page(index: int, page: pdfium.PdfPage) -> Page:
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        reader = _TextPageReader(textpage, height)
        lines = [line for span in reader.line_spans() if (line := reader.line(*span))]
    finally:
        textpage.close()
        page.close()
    return Page(
        index=index,
        number=index + 1,
        width=float(width),
        height=float(height),
        lines=tuple(sorted(lines, key=lambda line: (round(line.top), line.x0))),
    )


class _TextPageReader:
    """Line spans and per-line font facts for one PDFium text page."""

    def __init__(self, textpage: pdfium.PdfTextPage, page_height: float) -> None:
        self._textpage = textpage
        self._raw = textpage.raw
        self._page_height = page_height
        self._count = textpage.count_chars()
        text = textpage.get_text_range(0, self._count) if self._count else ""
        if len(text) != self._count:
            # Characters outside the BMP come back as surrogate pairs, so text offsets
            # drift from character indices; rebuild the text one character per index.
            text = "".join(
                _printable(pdfium_raw.FPDFText_GetUnicode(self._raw, index))
                for index in range(self._count)
            )
        self.text = text
        self._x = ctypes.c_double()
        self._y = ctypes.c_double()

    def line_spans(self) -> list[tuple[int, int]]:
        """(start, end) character indices of each printed line."""
        spans: list[tuple[int, int]] = []
        start = 0
        text = self.text
        while start < len(text):
            end = text.find(_LINE_BREAK, start)
            end = len(text) if end == -1 else end
            spans.extend(self._split_joined_lines(start, end))
            start = end + len(_LINE_BREAK)
        return spans

    def _baseline(self, index: int) -> float:
        pdfium_raw.FPDFText_GetCharOrigin(self._raw, index, self._x, self._y)
        return self._y.value

    def _split_joined_lines(self, start: int, end: int) -> list[tuple[int, int]]:
        """PDFium's lines may hold several printed lines; split where the baseline moves."""
        text = self.text
        last = end - 1
        while last > start and text[last].isspace():
            last -= 1
        if last <= start:
            return [(start, end)]
        if abs(self._baseline(start) - self._baseline(last)) < _SAME_LINE_TOLERANCE:
            return [(start, end)]
        spans = []
        line_start = start
        line_baseline = self._baseline(start)
        for index in range(start + 1, end):
            if text[index].isspace():
                continue
            baseline = self._baseline(index)
            if abs(baseline - line_baseline) >= _SAME_LINE_TOLERANCE:
                spans.append((line_start, index))
                line_start, line_baseline = index, baseline
        spans.append((line_start, end))
        return spans

    def line(self, start: int, end: int) -> Line | None:
        raw_text = self.text[start:end]
        text = " ".join(raw_text.replace(_SOFT_HYPHEN_MARK, "-").split())
        if not text:
            return None
        first = start + (len(raw_text) - len(raw_text.lstrip()))
        font_size = self._font_size(first)
        baseline = self._baseline(first)
        return Line(
            text=text,
            # Glyph boxes vary with letter height; the baseline less a typical ascent
            # matches pdfplumber's font-box top to within a point.
            top=round(self._page_height - baseline - _ASCENT * font_size, 1),
            x0=round(self._x.value, 1),
            font_size=font_size,
            bold=self._is_bold(first),
        )

    def _font_size(self, index: int) -> float:
        # PDFium reports the nominal size; the text matrix scales it to what is printed.
        size = pdfium_raw.FPDFText_GetFontSize(self._raw, index)
        matrix = pdfium_raw.FS_MATRIX()
        if pdfium_raw.FPDFText_GetMatrix(self._raw, index, matrix):
            scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
            if scale > 0:
                size *= scale
        return round(size, 1)

    def _is_bold(self, index: int) -> bool:
        buffer = ctypes.create_string_buffer(256)
        flags = ctypes.c_int()
        length = pdfium_raw.FPDFText_GetFontInfo(self._raw, index, buffer, 256, flags)
        name = buffer.value.decode("utf-8", "replace") if length else ""
        force_bold = bool(flags.value & (1 << 18))
        return force_bold or is_bold_font(name)
