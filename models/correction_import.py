"""Reads a researcher's corrections (CSV or JSON lines) and stores them, all or nothing.

Each row names a finding, by `finding_id` or by `council` plus `text`, and gives a label
in `correct_label` (as `labels review` writes it) or `label`. In a file with a
`correct_label` column, a row whose `correct_label` is empty was not reviewed and is
skipped. A malformed row or an unknown label stops the import with one
line naming the row, before anything is stored; rows that match no finding are named and
the rest are stored.

Text is matched the way a researcher pastes it out of a PDF viewer or our own export:
case, spacing, quote marks and a leading list bullet are set aside, and the text may
cross our sentence boundaries. A pasted passage of two sentences we split in two labels
both; a part of a finding (we joined two of the report's sentences into one) labels that
finding, if that part occurs only there.
"""

from __future__ import annotations

import bisect
import csv
import io
import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cqc_themes.corpus import Corpus
from cqc_themes.domain import FINDING_LABELS
from cqc_themes.errors import CorrectionsFileError
from cqc_themes.records import Correction, StoredFinding


@dataclass(frozen=True)
class CorrectionRow:
    """One row of a corrections file, as read (before it is matched to a finding)."""

    line: int  # line number in the file (CSV: the row's first line)
    label: str
    finding_id: int | None
    council: str | None
    text: str | None

    def describe(self) -> str:
        if self.finding_id is not None:
            return f"line {self.line}: finding_id {self.finding_id}"
        return f"line {self.line}: {self.council}: {(self.text or '')[:60]!r}"


@dataclass(frozen=True)
class ImportSummary:
    """What `import_corrections` did."""

    rows: int  # rows with a label to import
    skipped: int  # rows with an empty correct_label (not reviewed)
    matched: int  # rows that named a stored finding
    changed: int  # findings whose label the import changed
    already_right: int  # findings that already had the row's label (now the researcher's)
    unmatched: tuple[CorrectionRow, ...]  # rows that named no stored finding


def import_corrections(corpus: Corpus, path: Path | str) -> ImportSummary:
    """Store the corrections in `path` as the researcher's labels, in one transaction."""
    path = Path(path)
    rows, skipped = read_correction_rows(path)
    findings = list(corpus.findings())
    by_id = {finding.finding_id: finding for finding in findings}
    councils = _council_texts(findings)
    chosen: dict[int, tuple[str, CorrectionRow]] = {}
    unmatched = []
    for row in rows:
        if row.finding_id is not None:
            ids = [row.finding_id] if row.finding_id in by_id else []
        else:
            council = councils.get(_match_key(row.council or ""))
            ids = council.findings_overlapping(row.text or "") if council else []
        if not ids:
            unmatched.append(row)
        for finding_id in ids:
            earlier = chosen.get(finding_id)
            if earlier and earlier[0] != row.label:
                raise CorrectionsFileError(
                    f"{path}:{row.line}: finding {finding_id} is labelled {row.label!r} here "
                    f"but {earlier[0]!r} on line {earlier[1].line}; nothing was imported"
                )
            chosen[finding_id] = (row.label, row)
    changed = sum(by_id[finding_id].label != label for finding_id, (label, _) in chosen.items())
    corpus.store_corrections(
        [Correction(finding_id, label) for finding_id, (label, _) in sorted(chosen.items())]
    )
    return ImportSummary(
        rows=len(rows),
        skipped=skipped,
        matched=len(rows) - len(unmatched),
        changed=changed,
        already_right=len(chosen) - changed,
        unmatched=tuple(unmatched),
    )


def read_correction_rows(path: Path) -> tuple[list[CorrectionRow], int]:
    """The file's rows with a label, and how many rows were skipped as not reviewed;
    raises CorrectionsFileError naming the first bad row."""
    try:
        content = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise CorrectionsFileError(f"{path}: cannot read ({error.strerror})") from error
    except UnicodeDecodeError:
        raise CorrectionsFileError(
            f'{path}: not UTF-8 text (in Excel, save as "CSV UTF-8")'
        ) from None
    is_json = path.suffix.lower() in {".jsonl", ".json", ".ndjson"} or (
        path.suffix.lower() != ".csv" and content.lstrip().startswith("{")
    )
    records = _json_records(path, content) if is_json else _csv_records(path, content)
    rows, skipped = [], 0
    for line, record in records:
        try:
            row = _row(line, record)
        except ValueError as error:
            raise CorrectionsFileError(f"{path}:{line}: {error}; nothing was imported") from None
        if row is None:
            skipped += 1
        else:
            rows.append(row)
    if not rows and not skipped:
        raise CorrectionsFileError(f"{path}: holds no corrections")
    return rows, skipped


def _json_records(path: Path, content: str) -> Iterator[tuple[int, dict]]:
    for line, text in enumerate(content.splitlines(), 1):
        if not text.strip():
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as error:
            raise CorrectionsFileError(
                f"{path}:{line}: not valid JSON ({error.msg}); nothing was imported"
            ) from None
        if not isinstance(record, dict):
            raise CorrectionsFileError(
                f"{path}:{line}: expected a JSON object; nothing was imported"
            )
        yield line, record


def _csv_records(path: Path, content: str) -> Iterator[tuple[int, dict]]:
    reader = csv.DictReader(io.StringIO(content, newline=""))
    if not reader.fieldnames or not {"correct_label", "label"} & set(reader.fieldnames):
        raise CorrectionsFileError(
            f"{path}:1: the header needs a correct_label or label column; nothing was imported"
        )
    line = reader.line_num
    for record in reader:
        if None in record or None in record.values():
            raise CorrectionsFileError(
                f"{path}:{line + 1}: has {'more' if None in record else 'fewer'} cells than "
                "the header; nothing was imported"
            )
        if any(value.strip() for value in record.values()):
            yield line + 1, record
        line = reader.line_num


def _row(line: int, record: dict) -> CorrectionRow | None:
    if "correct_label" in record:
        label = _text(record.get("correct_label"))
        if not label:
            return None
    else:
        label = _text(record.get("label"))
    label = (label or "").lower()
    if label not in FINDING_LABELS:
        raise ValueError(f"label {label!r} is not one of {', '.join(FINDING_LABELS)}")
    finding_id = record.get("finding_id")
    if isinstance(finding_id, str):
        finding_id = finding_id.strip() or None
        if finding_id is not None and not finding_id.isdigit():
            raise ValueError(f"finding_id {finding_id!r} is not a whole number")
        finding_id = int(finding_id) if finding_id is not None else None
    elif finding_id is not None and (
        isinstance(finding_id, bool) or not isinstance(finding_id, int)
    ):
        raise ValueError(f"finding_id {finding_id!r} is not a whole number")
    council, text = _text(record.get("council")), _text(record.get("text"))
    if finding_id is None and not (council and text):
        raise ValueError("needs a finding_id, or a council and the finding's text")
    return CorrectionRow(line, label, finding_id, council, text)


def _text(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"expected text, found {value!r}")
    return value.strip() or None


# A passage that is not findings' whole text matches only if it occurs once in its
# council's report and is at least this long (a few words could sit anywhere).
MIN_PARTIAL_MATCH = 30

_BULLET = re.compile(r"^\W*?[-•●◦▪‣∙·○■□–—*]\s+")
_IGNORED = re.compile(r"[\s'\"‘’‚‛“”„‟`´]+")
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-"})


def _match_key(text: str) -> str:
    """Text as matching sees it: no leading bullet, case, spaces or quote marks (PDF
    viewers and our sentence splitter each move quotes and spaces about)."""
    return _IGNORED.sub("", _BULLET.sub("", text.strip()).translate(_DASHES)).casefold()


@dataclass(frozen=True)
class _CouncilText:
    """One council's findings in reading order, their match keys laid end to end."""

    text: str
    starts: tuple[int, ...]  # where each finding's key starts in `text`
    finding_ids: tuple[int, ...]

    def findings_overlapping(self, passage: str) -> list[int]:
        """The findings `passage` covers: wherever it is their whole text, else the ones
        it overlaps at the one place it occurs, if it is long enough to be unambiguous."""
        key = _match_key(passage)
        whole: list[int] = []
        partial: list[list[int]] = []
        start = self.text.find(key) if key else -1
        while start >= 0:
            end = start + len(key)
            first = bisect.bisect_right(self.starts, start) - 1
            last = bisect.bisect_left(self.starts, end) - 1
            covered = list(self.finding_ids[first : last + 1])
            next_start = self.starts[last + 1] if last + 1 < len(self.starts) else len(self.text)
            if self.starts[first] == start and next_start == end:
                whole += [finding_id for finding_id in covered if finding_id not in whole]
            else:
                partial.append(covered)
            start = self.text.find(key, start + 1)
        if whole:
            return whole
        if len(partial) == 1 and len(key) >= MIN_PARTIAL_MATCH:
            return partial[0]
        return []


def _council_texts(findings: list[StoredFinding]) -> dict[str, _CouncilText]:
    keys: dict[str, list[tuple[str, int]]] = {}
    for finding in findings:  # in report and reading order
        keys.setdefault(_match_key(finding.council), []).append(
            (_match_key(finding.text), finding.finding_id)
        )
    councils = {}
    for council, parts in keys.items():
        starts = tuple(itertools.accumulate((len(key) for key, _ in parts[:-1]), initial=0))
        councils[council] = _CouncilText(
            "".join(key for key, _ in parts), starts, tuple(i for _, i in parts)
        )
    return councils
