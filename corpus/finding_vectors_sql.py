"""The queries a vector index over findings needs: its rows, its freshness, and the
findings it points at, fetched by id."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from cqc_themes.corpus.findings_sql import (
    FINDING_COLUMNS,
    FINDING_JOINS,
    filter_sql,
    stored_finding,
)
from cqc_themes.records import FindingFilter, StoredFinding

# SQLite's limit on bound parameters per statement is 999 in older builds.
_IDS_PER_QUERY = 900


def finding_rows(connection: sqlite3.Connection) -> list[tuple[int, str, str]]:
    """(finding id, text hash, text) for every finding, by id."""
    return [
        (row[0], row[1], row[2])
        for row in connection.execute("SELECT id, text_hash, text FROM findings ORDER BY id")
    ]


def findings_fingerprint(connection: sqlite3.Connection) -> str:
    """Changes whenever a finding is added or removed, so an index built from other rows
    is seen as stale. Finding ids are never reused (AUTOINCREMENT), so an addition raises
    the largest id and a removal lowers the count. Both are read from the table's b-tree
    without a scan: microseconds, where a sum of ids took 25 ms at 86,000 findings."""
    count, largest = connection.execute(
        "SELECT (SELECT count(*) FROM findings), (SELECT coalesce(max(id), 0) FROM findings)"
    ).fetchone()
    return f"{count}:{largest}"


def matching_finding_ids(connection: sqlite3.Connection, filters: FindingFilter) -> list[int]:
    """Ids of the findings `filters` lets through."""
    where, parameters = filter_sql(filters)
    sql = f"SELECT f.id {FINDING_JOINS}" + (f" WHERE {where}" if where else "")
    return [row[0] for row in connection.execute(sql, parameters)]


def findings_by_id(connection: sqlite3.Connection, ids: Sequence[int]) -> list[StoredFinding]:
    """The stored findings with these ids, in the order given (missing ids are skipped)."""
    found: dict[int, StoredFinding] = {}
    for start in range(0, len(ids), _IDS_PER_QUERY):
        chunk = list(ids[start : start + _IDS_PER_QUERY])
        rows = connection.execute(
            f"SELECT {FINDING_COLUMNS} {FINDING_JOINS}"
            f" WHERE f.id IN ({','.join('?' * len(chunk))})",
            chunk,
        )
        for row in rows:
            finding = stored_finding(row)
            found[finding.finding_id] = finding
    return [found[finding_id] for finding_id in ids if finding_id in found]
