"""Hostile search input: FTS5 syntax errors and SQL-looking text get a clear message or
results, never a traceback, and never change the corpus."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cqc_themes import Corpus, FindingFilter
from cqc_themes.errors import SearchQueryError
from reliability.harness import CliLauncher, check_corpus, copy_corpus

HOSTILE_QUERIES = [
    "'; DROP TABLE findings; --",
    "carers'); DELETE FROM reports; --",
    '" OR 1=1 --',
    "x' OR '1'='1",
    "1; ATTACH DATABASE '/tmp/evil.sqlite' AS evil; --",
    "findings_fts MATCH 'x') UNION SELECT sql FROM sqlite_master --",
    '"unterminated phrase',
    "carers OR",
    "AND",
    "NOT NOT",
    "NEAR(",
    "(((carers",
    "foo:bar",
    "rank:1",
    "*",
    "carers\x00support",
    "\ufffe\U0001f600",
    "'" * 2000,
]


def _schema(path: Path) -> list[tuple[str, str]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def hostile_corpus(ingested_samples: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_corpus(ingested_samples, tmp_path_factory.mktemp("hostile") / "corpus.sqlite")


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_a_hostile_query_gets_results_or_one_clear_line(hostile_corpus: Path, query: str) -> None:
    before = (_schema(hostile_corpus), check_corpus(hostile_corpus).reports)
    with Corpus(hostile_corpus) as corpus:
        try:
            hits = corpus.search(query)
        except SearchQueryError as error:
            assert "\n" not in str(error) and "cannot search for" in str(error)
        else:
            assert all(hit.finding.text for hit in hits)
    assert (_schema(hostile_corpus), check_corpus(hostile_corpus).reports) == before


@pytest.mark.parametrize(
    "value", ["x' OR 1=1 --", "%", "_", "\\", "'; DROP TABLE reports; --"]
)
def test_filter_values_are_matched_as_text_never_as_sql_or_wildcards(
    hostile_corpus: Path, value: str
) -> None:
    with Corpus(hostile_corpus) as corpus:
        assert corpus.search("carers", FindingFilter(council=value)) == []
        assert list(corpus.findings(FindingFilter(subheading=value, rating=value))) == []
    assert check_corpus(hostile_corpus).ok


def test_the_command_answers_hostile_queries_with_one_line_and_exit_1(
    launcher: CliLauncher, hostile_corpus: Path, keyword_only: list[str], tmp_path: Path
) -> None:
    before = (_schema(hostile_corpus), check_corpus(hostile_corpus).reports)
    for query in HOSTILE_QUERIES[:12]:
        result = launcher.run(
            ["--db", str(hostile_corpus), "search", query, *keyword_only, "--format", "json"],
            tmp_path / "search",
        )
        assert "Traceback" not in result.stderr, query
        if result.returncode:
            assert result.returncode == 1, (query, result.stderr)
            lines = result.stderr.strip().splitlines()
            assert len(lines) == 1 and lines[0].startswith("error: cannot search for"), lines
    assert (_schema(hostile_corpus), check_corpus(hostile_corpus).reports) == before
