"""One exception family, so callers catch `CqcThemesError` and show its one-line message."""

from __future__ import annotations

from pathlib import Path


class CqcThemesError(Exception):
    """Base class: the message is one line a researcher can act on."""


class InputFileError(CqcThemesError):
    """A file that could not be read as a CQC report; the message names the file."""

    reason = "could not be read"

    def __init__(self, path: Path | str, detail: str | None = None) -> None:
        self.path = Path(path)
        self.detail = detail
        message = f"{self.path}: {self.reason}"
        if detail:
            message += f" ({detail})"
        super().__init__(message)


class MissingFileError(InputFileError):
    reason = "no such file or folder"


class NotAPdfError(InputFileError):
    reason = "not a PDF file"


class TruncatedPdfError(InputFileError):
    reason = "the PDF is damaged or truncated"


class EncryptedPdfError(InputFileError):
    reason = "the PDF is encrypted; save an unprotected copy and try again"


class NoTextLayerError(InputFileError):
    reason = "the PDF has no text layer (scanned images?); run OCR on it first"


class NotACqcReportError(InputFileError):
    reason = "not a CQC local authority assessment report"


class EmptyFolderError(InputFileError):
    reason = "the folder holds no PDF files"


class CorpusError(CqcThemesError):
    """The corpus file is unusable: not SQLite, damaged, from a newer version, read-only."""


class SearchQueryError(CqcThemesError):
    """A search query FTS5 cannot parse."""


class LabelledDataError(CqcThemesError):
    """A labelled-findings file (training data or an evaluation set) that cannot be used."""


class TopicModelError(CqcThemesError):
    """Topics cannot be found: too few findings, or no topic run to show yet."""


class OutputPathError(CqcThemesError):
    """An output path that cannot be written: a folder where a file is wanted (or the
    other way round), or a folder that cannot be created."""
