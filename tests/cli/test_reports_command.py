"""`cqc-themes reports`: one row per stored report, as a table, JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path

from run_cli import run_cli

from cqc_themes.domain import STATEMENT_NAMES


def _iso(printed: str) -> str:
    return datetime.strptime(printed, "%d %B %Y").date().isoformat()


def test_json_has_the_headline_facts_and_all_nine_statement_scores(
    sample_corpus_path: Path, sample_truth: dict[str, dict[str, str]]
) -> None:
    result = run_cli("reports", "--format", "json", db=sample_corpus_path)
    assert result.exit_code == 0, result.stderr
    rows = {row["council"]: row for row in json.loads(result.stdout)}
    assert len(rows) == len(sample_truth)
    for truth in sample_truth.values():
        row = rows[truth["council"]]
        assert {"report_id", "council", "rating", "score_100", "published", "published_text",
                "finding_count", "statement_scores"} <= row.keys()
        assert row["rating"] == truth["overall_rating"]
        assert row["score_100"] == int(truth["overall_score_100"])
        assert row["published_text"] == truth["published"]
        assert row["published"] == _iso(truth["published"])
        assert row["finding_count"] > 100
        assert row["statement_scores"] == {name: int(truth[name]) for name in STATEMENT_NAMES}


def test_csv_has_one_column_per_statement(sample_corpus_path: Path) -> None:
    result = run_cli("reports", "--format", "csv", db=sample_corpus_path)
    assert result.exit_code == 0
    assert result.stdout.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert len(rows) == 9
    assert list(rows[0])[:3] == ["report_id", "council", "rating"]
    assert set(STATEMENT_NAMES) <= rows[0].keys()
    oakhurst = next(row for row in rows if row["council"].startswith("Oakhurst"))
    assert oakhurst["Safe pathways, systems and transitions"] == "2"


def test_table_lists_every_council(sample_corpus_path: Path, sample_truth) -> None:
    result = run_cli("reports", db=sample_corpus_path)
    assert result.exit_code == 0
    assert "9 report(s)" in result.stdout
    for truth in sample_truth.values():
        assert truth["council"] in result.stdout


def test_a_missing_corpus_is_one_error_line_and_is_not_created(tmp_path: Path) -> None:
    db = tmp_path / "nothing.sqlite"
    result = run_cli("reports", db=db)
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert str(db) in line and "cqc-themes ingest" in line
    assert not db.exists()
