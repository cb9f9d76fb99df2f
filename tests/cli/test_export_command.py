"""`cqc-themes export findings`: every finding with its place in the report, for other tools."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from run_cli import run_cli

from cqc_themes import Corpus

REQUIRED_KEYS = {
    "council", "theme", "quality_statement", "subheading", "page", "statement_score", "text",
    "label", "label_confidence", "topic",
}


@pytest.fixture
def finding_count(sample_corpus_path: Path) -> int:
    with Corpus(sample_corpus_path) as corpus:
        return corpus.count_findings()


def test_jsonl_is_one_object_per_finding(sample_corpus_path: Path, finding_count: int) -> None:
    result = run_cli("export", "findings", "--format", "jsonl", db=sample_corpus_path)
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == finding_count
    assert all(record.keys() >= REQUIRED_KEYS for record in records)
    scored = [r for r in records if r["quality_statement"]]
    assert scored and all(r["statement_score"] in (1, 2, 3, 4) for r in scored)
    assert all(isinstance(r["page"], int) and r["text"] for r in records)


def test_csv_has_a_header_and_one_row_per_finding(
    sample_corpus_path: Path, finding_count: int, tmp_path: Path
) -> None:
    out = tmp_path / "findings.csv"
    result = run_cli("export", "findings", "--format", "csv", "--out", out, db=sample_corpus_path)
    assert result.exit_code == 0, result.stderr
    with open(out, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == finding_count
    assert rows[0].keys() >= REQUIRED_KEYS


def test_filters_apply_to_the_export(sample_corpus_path: Path) -> None:
    result = run_cli("export", "findings", "--format", "csv", "--council", "marshbury",
                     "--statement", "safeguarding", db=sample_corpus_path)
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows
    assert {(r["council"], r["quality_statement"], r["statement_score"]) for r in rows} == {
        ("Marshbury City Council", "Safeguarding", "1")
    }
