"""`cqc-themes export findings`: every finding with its place in the report, for other tools."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from run_cli import run_cli, run_cli_process

from cqc_themes import Corpus

# The output contract's finding keys (README "Output contract"), in order.
CONTRACT_KEYS = [
    "finding_id", "report_id", "council", "rating", "published", "theme", "quality_statement",
    "section", "subheading", "finer_subheading", "page", "statement_score", "text", "label",
    "label_confidence", "theme_id", "theme_name",
]


@pytest.fixture
def finding_count(sample_corpus_path: Path) -> int:
    with Corpus(sample_corpus_path) as corpus:
        return corpus.count_findings()


def test_jsonl_is_one_object_per_finding(sample_corpus_path: Path, finding_count: int) -> None:
    result = run_cli("export", "findings", "--format", "jsonl", db=sample_corpus_path)
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == finding_count
    assert all(list(record) == CONTRACT_KEYS for record in records)
    assert len({record["finding_id"] for record in records}) == finding_count
    scored = [r for r in records if r["quality_statement"]]
    assert scored and all(r["statement_score"] in (1, 2, 3, 4) for r in scored)
    assert all(isinstance(r["page"], int) and r["text"] for r in records)


def test_csv_has_a_header_and_one_row_per_finding(
    sample_corpus_path: Path, finding_count: int, tmp_path: Path
) -> None:
    out = tmp_path / "findings.csv"
    result = run_cli("export", "findings", "--format", "csv", "--out", out, db=sample_corpus_path)
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(b"\xef\xbb\xbf"), "Excel needs the byte-order mark"
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == finding_count
    assert list(rows[0]) == CONTRACT_KEYS
    assert "wrote" in result.stderr and result.stdout == ""


def test_filters_apply_to_the_export(sample_corpus_path: Path) -> None:
    result = run_cli("export", "findings", "--format", "csv", "--council", "marshbury",
                     "--statement", "safeguarding", db=sample_corpus_path)
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert rows
    assert {(r["council"], r["quality_statement"], r["statement_score"]) for r in rows} == {
        ("Marshbury City Council", "Safeguarding", "1")
    }


def test_text_beyond_ascii_survives_the_csv_as_excel_reads_it(
    sample_corpus_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "findings.csv"
    run_cli("export", "findings", "--format", "csv", "-o", out, db=sample_corpus_path)
    with Corpus(sample_corpus_path) as corpus:
        beyond_ascii = [f.text for f in corpus.findings() if not f.text.isascii()]
    assert beyond_ascii, "the samples print pound signs"
    # Excel decodes a file as UTF-8 only when it starts with a byte-order mark.
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert beyond_ascii[0] in data.decode("utf-8-sig")


def test_missing_folders_of_the_output_file_are_created(
    sample_corpus_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "missing" / "dir" / "f.csv"
    result = run_cli_process("export", "findings", "--format", "csv", "-o", out,
                             db=sample_corpus_path)
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 1000


@pytest.mark.parametrize("where", ["a folder", "inside a file"])
def test_an_output_path_that_cannot_be_a_file_is_one_error_line(
    sample_corpus_path: Path, tmp_path: Path, where: str
) -> None:
    (tmp_path / "plain.txt").write_text("keep me", encoding="utf-8")
    out = tmp_path if where == "a folder" else tmp_path / "plain.txt" / "f.csv"
    result = run_cli_process("export", "findings", "-o", out, db=sample_corpus_path)
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: ") and str(tmp_path) in line
    assert (tmp_path / "plain.txt").read_text(encoding="utf-8") == "keep me"
