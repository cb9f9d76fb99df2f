"""Small PDFs built in tests: a hand-written text PDF, plus broken copies of a real one.

`text_pdf` writes the file format by hand (catalog, page tree, pages, one Helvetica font,
a content stream per page, an exact cross-reference table), so a test can make a valid
PDF whose text layer says whatever the test needs without any PDF library.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import pypdfium2 as pdfium

from cqc_themes.errors import (
    EmptyFolderError,
    EncryptedPdfError,
    InputFileError,
    MissingFileError,
    NotACqcReportError,
    NotAPdfError,
    NoTextLayerError,
    TruncatedPdfError,
)

_PAGE_WIDTH = 595
_PAGE_HEIGHT = 842
_LEFT_MARGIN = 72
_FIRST_BASELINE = 770
_LINE_PITCH = 16


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _content_stream(lines: Sequence[str], font_size: float) -> bytes:
    operations = [f"BT /F1 {font_size} Tf {_LINE_PITCH} TL {_LEFT_MARGIN} {_FIRST_BASELINE} Td"]
    for line in lines:
        operations.append(f"({_escape(line)}) Tj T*")
    operations.append("ET")
    return "\n".join(operations).encode("latin-1")


def text_pdf(pages: Sequence[Sequence[str]], font_size: float = 11) -> bytes:
    """A valid PDF: one page per item of `pages`, each a list of lines in Helvetica."""
    page_ids = [4 + 2 * n for n in range(len(pages))]
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: (
            f"<< /Type /Pages /Kids [{' '.join(f'{i} 0 R' for i in page_ids)}]"
            f" /Count {len(pages)} >>"
        ).encode(),
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    }
    for page_id, lines in zip(page_ids, pages, strict=True):
        stream = _content_stream(lines, font_size)
        objects[page_id] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {_PAGE_WIDTH} {_PAGE_HEIGHT}]"
            f" /Resources << /Font << /F1 3 0 R >> >> /Contents {page_id + 1} 0 R >>"
        ).encode()
        objects[page_id + 1] = (
            f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream"
        )

    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = out.tell()
        out.write(f"{number} 0 obj\n".encode() + objects[number] + b"\nendobj\n")
    xref_at = out.tell()
    size = max(objects) + 1
    out.write(f"xref\n0 {size}\n".encode())
    out.write(b"0000000000 65535 f \n")
    for number in range(1, size):
        out.write(f"{offsets[number]:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n".encode())
    return out.getvalue()


def image_only_pdf(pages: int = 2) -> bytes:
    """A PDF like a scan: each page holds a grey picture and no text layer at all."""
    document = pdfium.PdfDocument.new()
    try:
        for _ in range(pages):
            page = document.new_page(_PAGE_WIDTH, _PAGE_HEIGHT)
            bitmap = pdfium.PdfBitmap.new_native(200, 280, pdfium.raw.FPDFBitmap_BGR)
            bitmap.fill_rect((180, 180, 180, 255), 0, 0, 200, 280)
            image = pdfium.PdfImage.new(document)
            image.set_bitmap(bitmap)
            image.set_matrix(pdfium.PdfMatrix().scale(_PAGE_WIDTH - 100, _PAGE_HEIGHT - 100)
                             .translate(50, 50))
            page.insert_obj(image)
            page.gen_content()
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()
    finally:
        document.close()


def encrypted_copy(source: Path, user_password: str = "letmein") -> bytes:
    """The same report, protected with a password needed to open it."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(source).pages:
        writer.add_page(page)
    writer.encrypt(user_password=user_password, owner_password=user_password + "-owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def truncated_copy(source: Path) -> bytes:
    """The first half of a real PDF, as an interrupted download leaves it."""
    data = source.read_bytes()
    return data[: len(data) // 2]


# Every kind of input a researcher might hand `ingest` that is not a usable report, and
# the error it must be reported with.
BAD_INPUTS: dict[str, type[InputFileError]] = {
    "not-a-pdf": NotAPdfError,
    "truncated": TruncatedPdfError,
    "encrypted": EncryptedPdfError,
    "scanned": NoTextLayerError,
    "not-a-report": NotACqcReportError,
    "empty-folder": EmptyFolderError,
    "missing": MissingFileError,
}

# A short letter that is a valid text PDF but nothing like an assessment report.
_LETTER = (
    ("Minutes of the allotment society meeting",),
    (
        "Members agreed to repaint the shared shed before the spring open day.",
        "The treasurer reported that plot fees had been collected from all but two members.",
    ),
)


def write_bad_input(kind: str, folder: Path, sample: Path) -> Path:
    """Create the bad input `kind` (a key of BAD_INPUTS) in `folder`; return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{kind}-input.pdf"
    if kind == "not-a-pdf":
        path.write_text("Meeting notes saved with the wrong extension.\n", encoding="utf-8")
    elif kind == "truncated":
        path.write_bytes(truncated_copy(sample))
    elif kind == "encrypted":
        path.write_bytes(encrypted_copy(sample))
    elif kind == "scanned":
        path.write_bytes(image_only_pdf())
    elif kind == "not-a-report":
        path.write_bytes(text_pdf([_LETTER[0] + _LETTER[1]]))
    elif kind == "empty-folder":
        path = folder / "empty-folder"
        path.mkdir()
        (path / "readme.txt").write_text("no reports here\n", encoding="utf-8")
    elif kind == "missing":
        path = folder / "missing-report.pdf"
    else:
        raise ValueError(f"unknown bad input {kind!r}")
    return path
