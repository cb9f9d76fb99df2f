"""A corpus made by an older cqc-themes opens, migrates step by step, and keeps every
report, finding id, label, topic and cached embedding it held.

tests/fixtures/corpus_v1.sqlite was written by schema version 1 (see its README)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from tiny_reports import tiny_report

from cqc_themes import Corpus
from cqc_themes.corpus.connection import SCHEMA_VERSION, migrations

V1_FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "corpus_v1.sqlite"

# What a user's data is made of, table by table, in a form two corpora can be compared in.
CONTENT = {
    "reports": "SELECT id, council, sha256, published_iso, rating, score_100 FROM reports",
    "statement_scores": "SELECT * FROM statement_scores",
    "paragraphs": "SELECT report_id, paragraph_index, text FROM paragraphs",
    "findings": "SELECT id, report_id, paragraph_index, page, text, text_hash FROM findings",
    "labels": "SELECT finding_id, label, confidence, model_version FROM labels",
    "embeddings": "SELECT text_hash, model_name, vector FROM embeddings",
    "topic_runs": "SELECT id, corpus_fingerprint, method, is_current FROM topic_runs",
    "topics": "SELECT * FROM topics",
    "finding_topics": "SELECT * FROM finding_topics",
}


def content(connection: sqlite3.Connection) -> dict[str, list[tuple]]:
    return {
        table: sorted(tuple(row) for row in connection.execute(sql))
        for table, sql in CONTENT.items()
    }


def schema(connection: sqlite3.Connection) -> list[tuple[str, str, str]]:
    rows = connection.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name"
    )
    return [(kind, name, " ".join(sql.split())) for kind, name, sql in rows]


@pytest.fixture
def v1_corpus(tmp_path: Path) -> Path:
    return Path(shutil.copy(V1_FIXTURE, tmp_path / "corpus.sqlite"))


def test_the_fixture_is_a_version_1_corpus_with_labels_topics_and_embeddings() -> None:
    connection = sqlite3.connect(f"file:{V1_FIXTURE}?mode=ro&immutable=1", uri=True)
    try:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 1
        held = content(connection)
    finally:
        connection.close()
    assert all(held[table] for table in CONTENT), [t for t in CONTENT if not held[t]]


def test_a_version_1_corpus_migrates_keeping_everything_it_held(v1_corpus: Path) -> None:
    with sqlite3.connect(v1_corpus) as plain:
        before = content(plain)
    plain.close()

    with Corpus(v1_corpus) as corpus:
        connection = corpus.connection
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert content(connection) == before
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        connection.execute(
            "INSERT INTO findings_fts (findings_fts, rank) VALUES ('integrity-check', 1)"
        )
        # Labels and topics still belong to the findings they were given to.
        assert sum(corpus.label_counts().values()) == len(before["labels"])
        assert len(corpus.topics()) == sum(1 for t in before["topics"] if t[1] >= 0)


def test_a_migrated_corpus_has_the_schema_of_a_new_one(v1_corpus: Path, tmp_path: Path) -> None:
    with Corpus(v1_corpus) as migrated, Corpus(tmp_path / "new.sqlite") as new:
        assert schema(migrated.connection) == schema(new.connection)


def test_after_migrating_removed_findings_leave_the_index_and_their_ids_stay_unused(
    v1_corpus: Path,
) -> None:
    with Corpus(v1_corpus) as corpus:
        highest = max(f.finding_id for f in corpus.findings())
        last = max(corpus.reports(), key=lambda report: report.report_id)
        place = last.council.split()[0]
        corpus.remove_reports([last.report_id])
        assert all(hit.finding.council != last.council for hit in corpus.search(place))

        corpus.add_report(tiny_report("Fenwick Council", ["Fenwick carers waited."]))
        [added] = corpus.search("Fenwick")
        assert added.finding.finding_id > highest
        corpus.connection.execute(
            "INSERT INTO findings_fts (findings_fts, rank) VALUES ('integrity-check', 1)"
        )


def test_every_step_is_numbered_in_order_from_one() -> None:
    assert [step.version for step in migrations()] == list(range(1, SCHEMA_VERSION + 1))
