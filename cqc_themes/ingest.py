"""Ingest: PDF files and folders -> extract -> nlp -> corpus, one report per transaction.

Parsing is CPU-bound and independent per file, so it runs in a process pool; only the
parent process writes to the corpus, which keeps SQLite's single writer happy. A file
that fails gets a one-line error naming it and the rest carry on.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from cqc_themes.corpus import Corpus
from cqc_themes.errors import (
    CorpusError,
    CqcThemesError,
    EmptyFolderError,
    InputFileError,
    MissingFileError,
)
from cqc_themes.extract import Engine, extract_document
from cqc_themes.extract.pdf_file import sha256_of
from cqc_themes.nlp import parse_report
from cqc_themes.records import Report

Status = Literal["added", "already present", "failed"]


@dataclass(frozen=True)
class IngestOutcome:
    path: Path
    status: Status
    council: str | None = None
    findings: int = 0
    pages: int = 0
    error: str | None = None  # one line, naming the file
    warnings: tuple[str, ...] = ()


@dataclass
class IngestSummary:
    outcomes: list[IngestOutcome] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(outcome.status == status for outcome in self.outcomes)

    @property
    def failed(self) -> list[IngestOutcome]:
        return [outcome for outcome in self.outcomes if outcome.status == "failed"]


def find_pdfs(paths: Iterable[Path | str]) -> tuple[list[Path], list[InputFileError]]:
    """The files to ingest: named files as given, folders searched for *.pdf recursively."""
    files: list[Path] = []
    errors: list[InputFileError] = []
    for path in map(Path, paths):
        if not path.exists():
            errors.append(MissingFileError(path))
        elif path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() == ".pdf" and p.is_file())
            if not found:
                errors.append(EmptyFolderError(path))
            files.extend(found)
        else:
            files.append(path)
    unique = list(dict.fromkeys(p.resolve() for p in files))
    return unique, errors


def parse_pdf(path: Path | str, engine: Engine = "pdfium") -> Report:
    """Extract and parse one report PDF (no corpus involved)."""
    return parse_report(extract_document(Path(path), engine=engine))


def _parse_for_pool(path: Path, engine: Engine) -> Report | str:
    """Runs in a worker: a Report, or a one-line error message naming the file."""
    try:
        return parse_pdf(path, engine)
    except CqcThemesError as error:
        return str(error)
    except Exception as error:  # noqa: BLE001 - a malformed PDF can break a library anywhere
        return f"{path}: could not be read ({type(error).__name__}: {error})".splitlines()[0]


def ingest(
    paths: Iterable[Path | str],
    corpus: Corpus,
    *,
    workers: int | None = None,
    engine: Engine = "pdfium",
    on_outcome: Callable[[IngestOutcome, int], None] | None = None,
) -> IngestSummary:
    """Add every report under `paths` to `corpus`; never raises for a bad file.

    `on_outcome(outcome, total)` is called once per file as it finishes (for progress).
    """
    files, path_errors = find_pdfs(paths)
    summary = IngestSummary()

    def record(outcome: IngestOutcome) -> None:
        summary.outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome, total)

    to_parse: list[Path] = []
    total = len(files) + len(path_errors)
    for error in path_errors:
        record(IngestOutcome(error.path, "failed", error=str(error)))
    for path in files:
        # Hash first: a file already in the corpus costs a read, not a parse.
        try:
            sha256 = sha256_of(path.read_bytes())
        except OSError as error:
            record(IngestOutcome(path, "failed", error=f"{path}: cannot read ({error.strerror})"))
            continue
        if corpus.has_report(sha256):
            record(IngestOutcome(path, "already present"))
        else:
            to_parse.append(path)

    for path, parsed in _parse_all(to_parse, engine, workers):
        if isinstance(parsed, str):
            record(IngestOutcome(path, "failed", error=parsed))
            continue
        try:
            report_id = corpus.add_report(parsed)
        except CorpusError as error:
            record(IngestOutcome(path, "failed", error=f"{path}: {error}"))
            continue
        record(
            IngestOutcome(
                path,
                "added" if report_id is not None else "already present",
                council=parsed.council,
                findings=len(parsed.findings),
                pages=parsed.page_count,
                warnings=parsed.warnings,
            )
        )
    return summary


def _parse_all(paths: list[Path], engine: Engine, workers: int | None):
    """(path, Report or error message) for each path, in the order given: the workers
    parse side by side, but reports are numbered in input order, so ingesting the same
    files twice gives the same report ids (and the same topics)."""
    workers = workers or min(os.cpu_count() or 1, len(paths))
    if workers <= 1 or len(paths) <= 1:
        for path in paths:
            yield path, _parse_for_pool(path, engine)
        return
    remaining = set(paths)
    try:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(_parse_for_pool, path, engine): path for path in paths}
            for future, path in futures.items():
                remaining.discard(path)
                yield path, future.result()
    except BrokenProcessPool:
        # A file crashed the PDF library itself; retry the rest one at a time in-process
        # would risk the same crash, so each gets its own single-use worker.
        for path in sorted(remaining):
            yield path, _parse_isolated(path, engine)


def _parse_isolated(path: Path, engine: Engine) -> Report | str:
    try:
        with ProcessPoolExecutor(max_workers=1) as pool:
            return pool.submit(_parse_for_pool, path, engine).result()
    except BrokenProcessPool:
        return f"{path}: the PDF crashed the reader (damaged file?)"
