"""SQL shared by every query that returns findings: columns, joins and filters."""

from __future__ import annotations

import sqlite3

from cqc_themes.records import FindingFilter, StoredFinding

FINDING_COLUMNS = """
    f.id AS finding_id, r.council, r.rating, r.published_iso, f.theme, f.quality_statement,
    f.section, f.subheading, f.finer_subheading, f.page, f.statement_score, f.text,
    l.label, l.confidence AS label_confidence, ft.topic_id AS topic, t.label AS topic_label,
    f.report_id
"""
FINDING_JOINS = """
    FROM findings f
    JOIN reports r ON r.id = f.report_id
    LEFT JOIN labels l ON l.finding_id = f.id
    LEFT JOIN topic_runs tr ON tr.is_current = 1
    LEFT JOIN finding_topics ft ON ft.run_id = tr.id AND ft.finding_id = f.id
    LEFT JOIN topics t ON t.run_id = tr.id AND t.topic_id = ft.topic_id
"""

# The default of every finding query: only each council's current report.
CURRENT_REPORTS_ONLY = "r.id IN (SELECT id FROM current_reports)"


def filter_sql(filters: FindingFilter) -> tuple[str, list[object]]:
    """A WHERE clause (possibly empty) and its parameters; values are always bound."""
    clauses: list[str] = []
    parameters: list[object] = []
    partial = {
        "r.council": filters.council,
        "f.quality_statement": filters.quality_statement,
        "f.theme": filters.theme,
        "r.rating": filters.rating,
        "f.subheading": filters.subheading,
    }
    for column, value in partial.items():
        if value:
            clauses.append(f"{column} LIKE ? ESCAPE '\\'")
            escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            parameters.append(f"%{escaped}%")
    if filters.label:
        clauses.append("l.label = ?")
        parameters.append(filters.label)
    if filters.published_since:
        clauses.append("r.published_iso >= ?")
        parameters.append(filters.published_since)
    if not filters.include_superseded:
        clauses.append(CURRENT_REPORTS_ONLY)
    return (" AND ".join(clauses), parameters)


def stored_finding(row: sqlite3.Row) -> StoredFinding:
    # sqlite3.Row iterates over values, so its keys() are needed here.
    columns = row.keys()  # noqa: SIM118
    return StoredFinding(**{key: row[key] for key in columns if key in _STORED_FIELDS})


_STORED_FIELDS = set(StoredFinding.__dataclass_fields__)
