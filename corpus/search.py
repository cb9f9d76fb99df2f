"""Keyword search over findings with SQLite FTS5 (porter stemming, bm25 ranking)."""

from __future__ import annotations

import sqlite3

from cqc_themes.corpus.findings_sql import (
    FINDING_COLUMNS,
    FINDING_JOINS,
    filter_sql,
    stored_finding,
)
from cqc_themes.errors import CorpusError, SearchQueryError
from cqc_themes.records import FindingFilter, SearchHit

# Words of context either side of a match in a snippet.
_SNIPPET_TOKENS = 24


def keyword_search(
    connection: sqlite3.Connection,
    query: str,
    filters: FindingFilter,
    limit: int,
    markers: tuple[str, str],
) -> list[SearchHit]:
    """Findings matching `query` (FTS5 syntax: words, "phrases", OR, NOT, prefix*)."""
    if not query.strip():
        raise SearchQueryError("the search query is empty")
    where, parameters = filter_sql(filters)
    sql = (
        f"SELECT {FINDING_COLUMNS},"
        f" snippet(findings_fts, 0, ?, ?, '…', {_SNIPPET_TOKENS}) AS snippet,"
        " bm25(findings_fts) AS rank"
        f" {FINDING_JOINS} JOIN findings_fts ON findings_fts.rowid = f.id"
        " WHERE findings_fts MATCH ?"
        + (f" AND {where}" if where else "")
        + " ORDER BY rank, f.id LIMIT ?"
    )
    try:
        rows = connection.execute(sql, [*markers, query, *parameters, limit]).fetchall()
    except sqlite3.DatabaseError as error:
        # A query FTS5 cannot parse is a plain SQLITE_ERROR; anything else (locked,
        # damaged, unreadable) is the corpus's problem, not the query's.
        if (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF != sqlite3.SQLITE_ERROR:
            raise CorpusError(f"the corpus could not be searched ({error})") from error
        raise SearchQueryError(
            f"cannot search for {query!r}: {error}. Put phrases in double quotes; "
            "AND, OR, NOT and NEAR are operators"
        ) from error
    # bm25 is lower-is-better; flip it so every score in the API is higher-is-better.
    return [
        SearchHit(finding=stored_finding(row), snippet=row["snippet"], score=-row["rank"])
        for row in rows
    ]
