"""Topic runs in SQL: store a fit atomically, read the current run's topics back.

A run is written inside the caller's transaction and becomes current in the same
commit, replacing the previous run; a fit that fails never reaches here, so the
previous topics stay as they were.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime

from cqc_themes.corpus.findings_sql import (
    CURRENT_REPORTS_ONLY,
    FINDING_COLUMNS,
    FINDING_JOINS,
    stored_finding,
)
from cqc_themes.records import FittedTopic, StoredFinding, Topic, TopicAssignment, TopicRun


def insert_topic_run(
    connection: sqlite3.Connection,
    *,
    method: str,
    settings: dict[str, object],
    model_version: str,
    corpus_fingerprint: str,
    topics: Sequence[FittedTopic],
    assignments: Sequence[TopicAssignment],
) -> int:
    """Insert a run, its topics and assignments, make it current and drop older runs."""
    cursor = connection.execute(
        "INSERT INTO topic_runs (created_at, settings, model_version, corpus_fingerprint,"
        " method, is_current) VALUES (?, ?, ?, ?, ?, 0)",
        (
            datetime.now(UTC).isoformat(timespec="seconds"), json.dumps(settings, sort_keys=True),
            model_version, corpus_fingerprint, method,
        ),
    )
    run_id = cursor.lastrowid
    connection.executemany(
        "INSERT INTO topics (run_id, topic_id, label, keywords, size) VALUES (?, ?, ?, ?, ?)",
        [
            (run_id, topic.topic_id, topic.label, json.dumps(list(topic.keywords)), topic.size)
            for topic in topics
        ],
    )
    connection.executemany(
        "INSERT INTO finding_topics (run_id, finding_id, topic_id, probability)"
        " VALUES (?, ?, ?, ?)",
        [(run_id, a.finding_id, a.topic_id, a.typicality) for a in assignments],
    )
    connection.execute("UPDATE topic_runs SET is_current = (id = ?)", (run_id,))
    # Superseded runs only take space; their topics and assignments cascade away.
    connection.execute("DELETE FROM topic_runs WHERE id != ?", (run_id,))
    return run_id


def current_topic_run(connection: sqlite3.Connection) -> TopicRun | None:
    row = connection.execute(
        "SELECT tr.*,"
        " (SELECT count(*) FROM finding_topics ft WHERE ft.run_id = tr.id) AS fitted,"
        " (SELECT count(*) FROM finding_topics ft WHERE ft.run_id = tr.id AND ft.topic_id < 0)"
        "   AS outliers,"
        " (SELECT count(*) FROM topics t WHERE t.run_id = tr.id AND t.topic_id >= 0) AS n"
        " FROM topic_runs tr WHERE tr.is_current = 1"
    ).fetchone()
    if row is None:
        return None
    return TopicRun(
        run_id=row["id"], created_at=row["created_at"], method=row["method"],
        model_version=row["model_version"], corpus_fingerprint=row["corpus_fingerprint"],
        settings=json.loads(row["settings"]), findings_fitted=row["fitted"],
        outliers=row["outliers"], topic_count=row["n"],
    )


def run_topics(connection: sqlite3.Connection, run_id: int) -> list[Topic]:
    """The run's topics (outliers excluded), largest first, with councils, statements,
    themes and classifier labels counted from their current reports' findings."""
    councils = _grouped(connection, run_id, "r.council")
    statements = _grouped(connection, run_id, "coalesce(f.quality_statement, f.section)")
    themes = _grouped(connection, run_id, "f.theme")
    labels = _grouped(connection, run_id, "l.label")
    rows = connection.execute(
        "SELECT topic_id, label, keywords, size FROM topics WHERE run_id = ? AND topic_id >= 0"
        " ORDER BY size DESC, topic_id",
        (run_id,),
    )
    return [
        Topic(
            topic_id=row["topic_id"], label=row["label"],
            keywords=tuple(json.loads(row["keywords"])), size=row["size"],
            councils=tuple(sorted(councils.get(row["topic_id"], {}))),
            statements=statements.get(row["topic_id"], {}),
            themes=themes.get(row["topic_id"], {}),
            label_counts=labels.get(row["topic_id"], {}),
        )
        for row in rows
    ]


def current_topic_members(connection: sqlite3.Connection) -> dict[int, list[StoredFinding]]:
    """`current_topic_findings` of every topic at once: one scan instead of one a topic."""
    rows = connection.execute(
        f"SELECT {FINDING_COLUMNS} {FINDING_JOINS} WHERE ft.topic_id IS NOT NULL"
        f" AND {CURRENT_REPORTS_ONLY} ORDER BY ft.topic_id, ft.probability DESC, f.id"
    )
    members: dict[int, list[StoredFinding]] = {}
    for row in rows:
        members.setdefault(row["topic"], []).append(stored_finding(row))
    return members


def current_topic_findings(connection: sqlite3.Connection, topic_id: int) -> list[StoredFinding]:
    """The current run's findings in a topic, most typical first (current reports only:
    until the next fit, a superseded report's findings drop out of the run's topics)."""
    rows = connection.execute(
        f"SELECT {FINDING_COLUMNS} {FINDING_JOINS} WHERE ft.topic_id = ? AND {CURRENT_REPORTS_ONLY}"
        " ORDER BY ft.probability DESC, f.id",
        (topic_id,),
    )
    return [stored_finding(row) for row in rows]


def _grouped(
    connection: sqlite3.Connection, run_id: int, expression: str
) -> dict[int, dict[str, int]]:
    """topic_id -> {value of `expression`: findings}, most findings first; NULLs skipped."""
    rows = connection.execute(
        f"SELECT ft.topic_id, {expression} AS value, count(*) AS n"
        " FROM finding_topics ft"
        " JOIN findings f ON f.id = ft.finding_id"
        " JOIN reports r ON r.id = f.report_id"
        " LEFT JOIN labels l ON l.finding_id = f.id"
        f" WHERE ft.run_id = ? AND {expression} IS NOT NULL AND {CURRENT_REPORTS_ONLY}"
        " GROUP BY ft.topic_id, value ORDER BY ft.topic_id, n DESC, value",
        (run_id,),
    )
    grouped: dict[int, dict[str, int]] = {}
    for row in rows:
        grouped.setdefault(row["topic_id"], {})[row["value"]] = row["n"]
    return grouped
