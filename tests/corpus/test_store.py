"""The corpus file: re-ingesting is free and a report goes in whole or not at all.

Files that are not a corpus this version understands are refused: see
tests/reliability/test_corpus_files.py, which checks the library and every command."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from tiny_reports import tiny_report

from cqc_themes import Corpus, ingest, parse_pdf
from cqc_themes.errors import CorpusError


def snapshot(corpus: Corpus) -> tuple[dict[str, int], int]:
    """What a user sees of the corpus: findings per council, and the total."""
    return {r.council: r.findings for r in corpus.reports()}, corpus.count_findings()


def test_reingesting_the_same_file_is_a_no_op(
    sample_corpus: Corpus, sample_pdfs: list[Path], tmp_path: Path
) -> None:
    before = snapshot(sample_corpus)
    renamed = tmp_path / "same-report-new-name.pdf"
    shutil.copy(sample_pdfs[0], renamed)

    summary = ingest([sample_pdfs[0], renamed], sample_corpus, workers=1)

    assert [o.status for o in summary.outcomes] == ["already present", "already present"]
    assert snapshot(sample_corpus) == before


def test_adding_a_stored_report_again_returns_none(
    sample_corpus: Corpus, sample_pdfs: list[Path]
) -> None:
    before = snapshot(sample_corpus)
    assert sample_corpus.add_report(parse_pdf(sample_pdfs[0])) is None
    assert snapshot(sample_corpus) == before


def test_a_report_breaking_a_constraint_early_leaves_no_trace(sample_corpus: Corpus) -> None:
    before = snapshot(sample_corpus)
    bad_score = tiny_report("Fenwick Council", ["Fenwick waits were short."],
                            statement_scores={"Assessing needs": 7})
    with pytest.raises(CorpusError):
        sample_corpus.add_report(bad_score)
    assert snapshot(sample_corpus) == before
    assert sample_corpus.search("Fenwick") == []


def test_a_report_failing_on_its_last_finding_leaves_no_trace(sample_corpus: Corpus) -> None:
    before = snapshot(sample_corpus)
    report = tiny_report("Fenwick Council", ["Fenwick waits were short.", "Fenwick is small."])
    broken = replace(report, findings=(*report.findings[:-1],
                                       replace(report.findings[-1], page=None)))
    with pytest.raises(CorpusError):
        sample_corpus.add_report(broken)
    assert snapshot(sample_corpus) == before
    assert sample_corpus.search("Fenwick") == []


class _FailingConnection:
    """A connection that fails the way a full disk would, at the report's last step
    (its findings, which also fill the search index)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def executemany(self, sql: str, *args: object):
        if sql.startswith("INSERT INTO findings "):
            raise sqlite3.OperationalError("database or disk is full")
        return self._connection.executemany(sql, *args)

    def __getattr__(self, name: str):
        return getattr(self._connection, name)


def test_a_failure_mid_ingest_is_one_error_line_and_the_corpus_is_as_it_was(
    sample_pdfs: list[Path], tmp_path: Path
) -> None:
    with Corpus(tmp_path / "corpus.sqlite") as corpus:
        ingest([sample_pdfs[0]], corpus, workers=1)
        before = snapshot(corpus)
        real = corpus.connection
        corpus.connection = _FailingConnection(real)
        try:
            summary = ingest([sample_pdfs[1]], corpus, workers=1)
        finally:
            corpus.connection = real

        [failure] = summary.failed
        assert sample_pdfs[1].name in failure.error and "disk is full" in failure.error
        assert "\n" not in failure.error
        assert snapshot(corpus) == before
        # The file was not recorded as present, so a retry adds it.
        assert ingest([sample_pdfs[1]], corpus, workers=1).count("added") == 1


def test_corpus_runs_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    with Corpus(path) as corpus:
        assert corpus.connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with sqlite3.connect(path) as plain:
        assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    plain.close()


def test_opening_without_create_does_not_make_a_file(tmp_path: Path) -> None:
    path = tmp_path / "nothing-here.sqlite"
    with pytest.raises(CorpusError, match="ingest"):
        Corpus(path, create=False)
    assert not path.exists()


def test_a_folder_is_not_a_corpus(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="folder"):
        Corpus(tmp_path)
