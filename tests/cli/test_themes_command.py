"""`cqc-themes themes` and `themes show`; `search` by meaning. Runs on the samples corpus
fitted once per session, so listing never refits."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from run_cli import run_cli, run_cli_process

from cqc_themes import Corpus

pytestmark = pytest.mark.slow


def test_json_lists_topics_with_label_size_councils_and_split(fitted_corpus_path: Path) -> None:
    result = run_cli("themes", "--format", "json", db=fitted_corpus_path)
    assert result.exit_code == 0, result.stderr
    topics = json.loads(result.stdout)
    assert len(topics) >= 8
    for topic in topics:
        assert {"topic", "label", "findings", "councils", "strength", "improvement",
                "keywords", "council_names", "statements"} <= topic.keys()
        assert topic["councils"] == len(topic["council_names"])


def test_min_councils_keeps_only_topics_found_in_that_many(fitted_corpus_path: Path) -> None:
    result = run_cli("themes", "--min-councils", "5", "--format", "csv", db=fitted_corpus_path)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and all(int(row["councils"]) >= 5 for row in rows)


def test_the_table_names_its_columns_and_the_run(fitted_corpus_path: Path) -> None:
    result = run_cli("themes", db=fitted_corpus_path)
    assert result.exit_code == 0, result.stderr
    for column in ("theme", "findings", "councils", "strength / improvement"):
        assert column in result.stdout
    assert "(bertopic)" in result.stdout


def test_show_gives_keywords_councils_and_findings_with_pages(fitted_corpus_path: Path) -> None:
    result = run_cli("themes", "show", "0", "--format", "json", "--examples", "3",
                     db=fitted_corpus_path)
    assert result.exit_code == 0, result.stderr
    [topic] = json.loads(result.stdout)
    assert topic["topic"] == 0 and topic["keywords"]
    examples = topic["representative_findings"]
    assert len(examples) == 3
    assert all(example["council"] and example["page"] >= 1 for example in examples)

    table = run_cli("themes", "show", "0", db=fitted_corpus_path)
    assert "Keywords:" in table.stdout and "Representative findings" in table.stdout


def test_show_an_unknown_topic_is_one_error_line(fitted_corpus_path: Path) -> None:
    result = run_cli("themes", "show", "999", db=fitted_corpus_path)
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: no topic 999")


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
