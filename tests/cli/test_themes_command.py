"""`cqc-themes themes`, `themes show` and `codebook add`; `search` by meaning. Runs on the
samples corpus coded and discovered once per session, so listing never refits."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from run_cli import run_cli, run_cli_process

from cqc_themes import Corpus

pytestmark = pytest.mark.slow


@pytest.fixture
def discovered_corpus_path(discovered_samples: Path, tmp_path: Path) -> Path:
    with Corpus(discovered_samples) as corpus:
        return corpus.backup(tmp_path / "discovered.sqlite")


def test_json_lists_codebook_then_discovered_themes_with_councils_and_split(
    discovered_corpus_path: Path,
) -> None:
    result = run_cli("themes", "--format", "json", db=discovered_corpus_path)
    assert result.exit_code == 0, result.stderr
    themes = json.loads(result.stdout)
    kinds = [theme["kind"] for theme in themes]
    assert kinds[0] == "codebook" and "discovered" in kinds
    assert kinds == sorted(kinds, key=lambda kind: kind != "codebook")
    for theme in themes:
        assert {"theme_id", "theme_name", "kind", "keywords", "councils", "council_count",
                "shortfall_councils", "strength_councils", "finding_count",
                "label_counts"} <= theme.keys()
        assert theme["council_count"] == len(theme["councils"])
        assert set(theme["shortfall_councils"]) <= set(theme["councils"])
    assert any(t["candidate"] and "veterans" in t["keywords"] for t in themes)


def test_min_councils_keeps_only_themes_raised_in_that_many(discovered_corpus_path: Path) -> None:
    result = run_cli("themes", "--min-councils", "5", "--format", "csv",
                     db=discovered_corpus_path)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and all(int(row["council_count"]) >= 5 for row in rows)
    assert all(len(row["councils"].split("; ")) == int(row["council_count"]) for row in rows)


def test_the_table_marks_candidate_codes(discovered_corpus_path: Path) -> None:
    result = run_cli("themes", db=discovered_corpus_path)
    assert result.exit_code == 0, result.stderr
    for column in ("theme", "councils", "shortfall", "strength"):
        assert column in result.stdout
    assert "unpaid_carers" in result.stdout and "(candidate code)" in result.stdout


def test_show_gives_each_council_its_polarity_and_findings(discovered_corpus_path: Path) -> None:
    result = run_cli("themes", "show", "unpaid_carers", "--format", "json", "--examples", "2",
                     db=discovered_corpus_path)
    assert result.exit_code == 0, result.stderr
    [theme] = json.loads(result.stdout)
    assert theme["theme_id"] == "unpaid_carers" and theme["definition"]
    assert [j["council"] for j in theme["judgements"]] == theme["councils"]
    for judgement in theme["judgements"]:
        assert judgement["polarity"] in ("shortfall", "strength", "both", "descriptive")
        assert 1 <= len(judgement["findings"]) <= 2
        assert all(f["council"] == judgement["council"] and f["page"] >= 1
                   for f in judgement["findings"])

    by_name = run_cli("themes", "show", "carers", db=discovered_corpus_path)
    assert by_name.exit_code == 0 and "Support for unpaid carers" in by_name.stdout


def test_show_an_unknown_theme_is_one_error_line(discovered_corpus_path: Path) -> None:
    result = run_cli("themes", "show", "999", db=discovered_corpus_path)
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: no theme")


def test_codebook_add_makes_a_candidate_a_code(
    discovered_corpus_path: Path, tmp_path: Path
) -> None:
    listed = json.loads(run_cli("themes", "--format", "json", db=discovered_corpus_path).stdout)
    [veterans] = [t for t in listed if t["candidate"] and "veterans" in t["keywords"]]
    codebook = tmp_path / "mine.toml"
    added = run_cli("codebook", "add", veterans["theme_id"], "--codebook", codebook,
                    db=discovered_corpus_path)
    assert added.exit_code == 0, added.stderr
    assert "Added" in added.stdout and codebook.exists()
    again = run_cli("codebook", "add", veterans["theme_id"], "--codebook", codebook,
                    db=discovered_corpus_path)
    assert again.exit_code == 1
    [line] = again.stderr.strip().splitlines()
    assert line.startswith("error:") and "already" in line


def test_themes_on_an_empty_corpus_is_one_error_line(tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite"
    Corpus(empty, create=True).close()  # a corpus that exists but holds no findings
    result = run_cli_process("themes", db=empty)
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: ") and "no findings" in line


def test_search_finds_a_paraphrase_by_default_and_with_semantic(fitted_corpus_path: Path) -> None:
    for mode in ([], ["--semantic"]):
        result = run_cli("search", "hiring difficulties", *mode, "--format", "json",
                         "--limit", "3", db=fitted_corpus_path)
        assert result.exit_code == 0, result.stderr
        texts = [row["text"].lower() for row in json.loads(result.stdout)]
        assert len(texts) == 3
        assert all("workforce" in text or "recruit" in text for text in texts)


def test_hybrid_search_notes_a_misused_operator_and_carries_on(
    fitted_corpus_path: Path,
) -> None:
    result = run_cli("search", "carers OR", "--format", "json", db=fitted_corpus_path)
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows and all(row["keyword_rank"] is None for row in rows)
    assert "note:" in result.stderr and "meaning only" in result.stderr


def test_a_long_plain_question_still_gets_keyword_hits_in_hybrid_search(
    fitted_corpus_path: Path,
) -> None:
    # No finding has every word of the question; the keyword half matches any of them.
    result = run_cli("search", "what did carers' respite and short breaks look like",
                     "--format", "json", db=fitted_corpus_path)
    assert result.exit_code == 0, result.stderr
    assert "note:" not in result.stderr
    rows = json.loads(result.stdout)
    keyword_matched = [row for row in rows if row["keyword_rank"] is not None]
    assert keyword_matched and all(row["similarity"] is not None for row in rows[:3])
    assert all(row["hybrid_score"] > 0 for row in rows)


def test_semantic_and_keyword_together_are_refused(fitted_corpus_path: Path) -> None:
    result = run_cli("search", "carers", "--semantic", "--keyword", db=fitted_corpus_path)
    assert result.exit_code == 2
