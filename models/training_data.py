"""Labelled findings: the classifier's training set, and evaluation files in the same form.

Each line of a JSON-lines file is one sentence and its label:

    {"text": "...", "label": "improvement", "quality_statement": "Assessing needs",
     "subheading": "Key findings for this quality statement", "statement_score": 2}

Only `text` and `label` are required; other keys (e.g. "council") are ignored. The
training set in models/training_data/ is our own writing in CQC's register.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from cqc_themes.domain import FINDING_LABELS, MAX_STATEMENT_SCORE
from cqc_themes.errors import LabelledDataError

TRAINING_DATA_DIR = Path(__file__).resolve().parent / "training_data"


@dataclass(frozen=True)
class LabelledFinding:
    """A sentence with its place in a report and the label a person gave it."""

    text: str
    label: str
    quality_statement: str | None = None
    subheading: str | None = None
    statement_score: int | None = None


def read_labelled_findings(path: Path | str) -> list[LabelledFinding]:
    """Every labelled finding in one JSON-lines file; a bad line raises LabelledDataError
    naming the file and line."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise LabelledDataError(f"{path}: cannot read ({error.strerror})") from error
    except UnicodeDecodeError as error:
        raise LabelledDataError(f"{path}: not UTF-8 text") from error
    findings = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            findings.append(_parse_line(line))
        except ValueError as error:
            raise LabelledDataError(f"{path}:{number}: {error}") from None
    if not findings:
        raise LabelledDataError(f"{path}: holds no labelled findings")
    return findings


def _parse_line(line: str) -> LabelledFinding:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise ValueError(f"not valid JSON ({error.msg})") from None
    if not isinstance(record, dict):
        raise ValueError("expected a JSON object with text and label")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError('"text" must be a non-empty string')
    label = record.get("label")
    if label not in FINDING_LABELS:
        raise ValueError(f'"label" is {label!r}; expected one of {", ".join(FINDING_LABELS)}')
    score = record.get("statement_score")
    if score is not None and (
        isinstance(score, bool)
        or not isinstance(score, int)
        or not 1 <= score <= MAX_STATEMENT_SCORE
    ):
        raise ValueError(f'"statement_score" is {score!r}; expected 1 to {MAX_STATEMENT_SCORE}')
    return LabelledFinding(
        text=text.strip(),
        label=label,
        quality_statement=_optional_text(record, "quality_statement"),
        subheading=_optional_text(record, "subheading"),
        statement_score=score,
    )


def _optional_text(record: dict, key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f'"{key}" must be a string or null')
    return value.strip() or None


def load_training_data(directory: Path = TRAINING_DATA_DIR) -> list[LabelledFinding]:
    """The whole training set, file by file in name order."""
    files = sorted(directory.glob("*.jsonl"))
    if not files:
        raise LabelledDataError(f"{directory}: no *.jsonl training files")
    return [finding for path in files for finding in read_labelled_findings(path)]
