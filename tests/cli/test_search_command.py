"""`cqc-themes search --keyword`: a table for people, JSON and CSV for scripts, clear errors.

Keyword mode only: the default (hybrid) mode loads the embedding model, which these
fast tests must not do; tests/models covers searching by meaning.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from run_cli import run_cli

from cqc_themes import Corpus


def test_table_shows_rank_council_statement_page_and_the_match(sample_corpus_path: Path) -> None:
    result = run_cli("search", "--keyword", "telecare", "--council", "oakhurst",
                     db=sample_corpus_path)
    assert result.exit_code == 0, result.stderr
    for column in ("#", "council", "statement", "page", "finding"):
        assert column in result.stdout
    assert "Oakhurst Metropolitan Borough Council" in result.stdout
    assert "Telecare" in result.stdout


def test_no_match_says_so(sample_corpus_path: Path) -> None:
    result = run_cli("search", "--keyword", "zeppelin", db=sample_corpus_path)
    assert result.exit_code == 0
    assert "No findings match." in result.stdout


def test_json_is_a_list_of_objects_with_council_statement_page_and_snippet(
    sample_corpus_path: Path,
) -> None:
    result = run_cli("search", "--keyword", '"unpaid carers"', "--format", "json",
                     "--limit", "5", db=sample_corpus_path)
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert isinstance(rows, list) and len(rows) == 5
    for row in rows:
        assert {"council", "quality_statement", "page", "snippet"} <= row.keys()
        assert isinstance(row["page"], int)
        assert "**unpaid carers**" in row["snippet"].lower()


def test_csv_has_a_header_and_one_row_per_hit(sample_corpus_path: Path) -> None:
    result = run_cli("search", "--keyword", "safeguarding", "--format", "csv",
                     "--limit", "7", "--statement", "safeguarding", db=sample_corpus_path)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 7
    assert {"council", "quality_statement", "page", "snippet"} <= rows[0].keys()
    assert {row["quality_statement"] for row in rows} == {"Safeguarding"}


@pytest.mark.parametrize(
    ("option", "value", "field", "expected"),
    [
        ("--council", "eastmere", "council", {"London Borough of Eastmere"}),
        ("--theme", "leadership", "theme", {"Leadership"}),
        ("--rating", "outstanding", "council",
         {"Kestrel Vale County Council", "Thornbury Heath Council"}),
        ("--subheading", "what people expect", "subheading", {"What people expect"}),
    ],
)
def test_filter_options_narrow_the_hits(
    sample_corpus_path: Path, option: str, value: str, field: str, expected: set[str]
) -> None:
    result = run_cli("search", "--keyword", "people", option, value, "--format", "json",
                     "--limit", "500", db=sample_corpus_path)
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows and {row[field] for row in rows} <= expected


def test_a_query_fts_cannot_parse_is_one_error_line(sample_corpus_path: Path) -> None:
    result = run_cli("search", "--keyword", '"unpaid carers', db=sample_corpus_path)
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: cannot search for") and "double quotes" in line


def test_a_sql_looking_query_leaves_the_corpus_intact(sample_corpus_path: Path) -> None:
    with Corpus(sample_corpus_path) as corpus:
        before = corpus.count_findings()
    result = run_cli("search", "--keyword", "'; DROP TABLE findings; --", db=sample_corpus_path)
    assert result.exit_code in (0, 1)
    assert "Traceback" not in result.stdout + result.stderr
    with Corpus(sample_corpus_path) as corpus:
        assert corpus.count_findings() == before


def test_an_unknown_label_is_refused(sample_corpus_path: Path) -> None:
    result = run_cli("search", "--keyword", "people", "--label", "great", db=sample_corpus_path)
    assert result.exit_code == 2
    assert "strength, improvement or context" in result.stderr
