"""Reports in SQL: store one whole, list them (current or all), remove them whole.

Everything derived from a report hangs off it by ON DELETE CASCADE foreign keys
(statement scores, paragraphs, findings, and through findings their labels, topic
assignments and any table a later schema step declares the same way), so removing the
report row removes it all; triggers take its findings out of the keyword index. Only the
embedding cache, keyed by text rather than by finding, is pruned here by hand.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from cqc_themes.records import RemovalSummary, Report, ReportSummary


def text_hash(text: str) -> str:
    """The key findings and cached embeddings share: sha1 of the UTF-8 text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def insert_report(connection: sqlite3.Connection, report: Report, ingested_at: str) -> int:
    """Insert a report with its scores, paragraphs and findings (in the caller's
    transaction); the findings reach the keyword index through its triggers."""
    cursor = connection.execute(
        "INSERT INTO reports (council, sha256, source_path, published, published_iso,"
        " rating, score_100, page_count, warnings, ingested_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            report.council,
            report.sha256,
            str(report.source_path),
            report.published,
            report.published_iso,
            report.rating,
            report.score_100,
            report.page_count,
            json.dumps(list(report.warnings)),
            ingested_at,
        ),
    )
    report_id = cursor.lastrowid
    assert report_id is not None
    connection.executemany(
        "INSERT INTO statement_scores (report_id, quality_statement, score) VALUES (?, ?, ?)",
        [(report_id, name, score) for name, score in report.statement_scores.items()],
    )
    connection.executemany(
        "INSERT INTO paragraphs (report_id, paragraph_index, text, page, section,"
        " quality_statement, subheading, finer_subheading, is_list_item)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                report_id,
                p.index,
                p.text,
                p.page,
                p.section,
                p.quality_statement,
                p.subheading,
                p.finer_subheading,
                int(p.is_list_item),
            )
            for p in report.paragraphs
        ],
    )
    connection.executemany(
        "INSERT INTO findings (report_id, paragraph_index, char_start, char_end, page,"
        " section, quality_statement, theme, subheading, finer_subheading,"
        " statement_score, text, text_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                report_id,
                f.paragraph_index,
                f.char_start,
                f.char_end,
                f.page,
                f.section,
                f.quality_statement,
                f.theme,
                f.subheading,
                f.finer_subheading,
                f.statement_score,
                f.text,
                text_hash(f.text),
            )
            for f in report.findings
        ],
    )
    return report_id


def report_summaries(
    connection: sqlite3.Connection, *, include_superseded: bool
) -> list[ReportSummary]:
    """Reports by council then publication date; superseded ones only if asked for.
    Run it inside a snapshot, so the scores read second belong to the reports read first."""
    rows = connection.execute(
        "SELECT r.*, (SELECT count(*) FROM findings f WHERE f.report_id = r.id) AS n,"
        " r.id IN (SELECT id FROM current_reports) AS is_current"
        " FROM reports r"
        + ("" if include_superseded else " WHERE r.id IN (SELECT id FROM current_reports)")
        + " ORDER BY r.council, r.published_iso, r.ingested_at, r.id"
    ).fetchall()
    scores: dict[int, dict[str, int]] = {}
    for row in connection.execute("SELECT * FROM statement_scores"):
        scores.setdefault(row["report_id"], {})[row["quality_statement"]] = row["score"]
    return [
        ReportSummary(
            report_id=row["id"],
            council=row["council"],
            rating=row["rating"],
            score_100=row["score_100"],
            published=row["published"],
            published_iso=row["published_iso"],
            statement_scores=scores.get(row["id"], {}),
            findings=row["n"],
            source_path=row["source_path"],
            sha256=row["sha256"],
            ingested_at=row["ingested_at"],
            warnings=tuple(json.loads(row["warnings"])),
            current=bool(row["is_current"]),
        )
        for row in rows
    ]


def reports_at_paths(
    connection: sqlite3.Connection, paths: Sequence[Path], sha256_by_path: dict[Path, str]
) -> dict[Path, list[int]]:
    """For each path, the ids of reports ingested from it (or from a folder under it,
    when it is a folder) or holding the same file as it."""
    found: dict[Path, list[int]] = {}
    for path in paths:
        folder = f"{str(path).rstrip('/')}/"
        rows = connection.execute(
            "SELECT id FROM reports WHERE source_path = ? OR sha256 = ?"
            " OR substr(source_path, 1, ?) = ? ORDER BY id",
            (str(path), sha256_by_path.get(path, ""), len(folder), folder),
        )
        found[path] = [row["id"] for row in rows]
    return found


def reports_of_council(connection: sqlite3.Connection, council: str) -> list[int]:
    """Ids of every report (current or superseded) of the council named, in any case."""
    rows = connection.execute(
        "SELECT id FROM reports WHERE council = ? COLLATE NOCASE ORDER BY id", (council.strip(),)
    )
    return [row["id"] for row in rows]


def delete_reports(connection: sqlite3.Connection, report_ids: Sequence[int]) -> RemovalSummary:
    """Delete the reports and all derived from them (in the caller's transaction)."""
    ids = sorted(set(report_ids))
    if not ids:
        return RemovalSummary(reports=(), findings=0, embeddings=0)
    connection.execute("CREATE TEMP TABLE IF NOT EXISTS removing (id INTEGER PRIMARY KEY)")
    connection.execute("DELETE FROM temp.removing")
    connection.executemany("INSERT INTO temp.removing (id) VALUES (?)", [(i,) for i in ids])
    councils = tuple(
        row["council"]
        for row in connection.execute(
            "SELECT council FROM reports WHERE id IN (SELECT id FROM temp.removing) ORDER BY id"
        )
    )
    findings = connection.execute(
        "SELECT count(*) FROM findings WHERE report_id IN (SELECT id FROM temp.removing)"
    ).fetchone()[0]
    # A vector is shared by every finding with the same text; it goes only with the last.
    embeddings = connection.execute(
        "DELETE FROM embeddings WHERE text_hash IN ("
        " SELECT text_hash FROM findings WHERE report_id IN (SELECT id FROM temp.removing)"
        " EXCEPT"
        " SELECT text_hash FROM findings WHERE report_id NOT IN (SELECT id FROM temp.removing))"
    ).rowcount
    connection.execute("DELETE FROM reports WHERE id IN (SELECT id FROM temp.removing)")
    # Topic sizes count their findings; a topic whose findings are all gone is gone too.
    connection.execute(
        "UPDATE topics SET size = (SELECT count(*) FROM finding_topics ft"
        " WHERE ft.run_id = topics.run_id AND ft.topic_id = topics.topic_id)"
    )
    connection.execute("DELETE FROM topics WHERE size = 0")
    connection.execute("DELETE FROM temp.removing")
    return RemovalSummary(reports=councils, findings=findings, embeddings=embeddings)
