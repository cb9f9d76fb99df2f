"""Checks a path is a readable PDF before any parser sees it, so failures name the cause."""

from __future__ import annotations

import hashlib
from pathlib import Path

from cqc_themes.errors import MissingFileError, NotAPdfError, TruncatedPdfError

# A PDF may carry junk before its header; the spec lets readers look this far for it.
_HEADER_WINDOW = 1024
# Incremental saves and trailing whitespace put %%EOF a little before the end, never far.
_TRAILER_WINDOW = 2048


def check_pdf_file(path: Path) -> bytes:
    """Return the file's bytes, or raise an InputFileError saying why it is not a PDF."""
    if not path.exists():
        raise MissingFileError(path)
    if not path.is_file():
        raise NotAPdfError(path, "not a regular file")
    data = path.read_bytes()
    if not data:
        raise NotAPdfError(path, "the file is empty")
    if b"%PDF-" not in data[:_HEADER_WINDOW]:
        raise NotAPdfError(path, "no %PDF header")
    if b"%%EOF" not in data[-_TRAILER_WINDOW:]:
        raise TruncatedPdfError(path, "no end-of-file marker")
    return data


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
