"""The corpus: one SQLite file of reports, findings, labels, embeddings and topics.

Only this package writes SQL. Each report goes in inside one transaction, so a crash
part-way leaves the corpus as it was; a file already stored (same sha256) is skipped.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from cqc_themes.corpus.connection import corpus_error, default_corpus_path, open_connection
from cqc_themes.corpus.findings_sql import (
    FINDING_COLUMNS,
    FINDING_JOINS,
    filter_sql,
    stored_finding,
)
from cqc_themes.corpus.search import keyword_search
from cqc_themes.errors import CorpusError
from cqc_themes.records import (
    FindingFilter,
    Report,
    ReportSummary,
    SearchHit,
    StoredFinding,
)


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Corpus:
    """A corpus file. Use as a context manager, or call `close()`."""

    def __init__(self, path: Path | str | None = None, *, create: bool = True) -> None:
        self.path = Path(path) if path else default_corpus_path()
        self.connection = open_connection(self.path, create=create)

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self.connection.close()

    def transaction(self) -> _Transaction:
        """`with corpus.transaction():` runs its block atomically (BEGIN IMMEDIATE)."""
        return _Transaction(self.connection, self.path)

    # Reports ------------------------------------------------------------------------

    def has_report(self, sha256: str) -> bool:
        row = self.connection.execute("SELECT 1 FROM reports WHERE sha256 = ?", (sha256,))
        return row.fetchone() is not None

    def add_report(self, report: Report) -> int | None:
        """Store a report and its findings; None if the same file is already stored."""
        with self.transaction():
            if self.has_report(report.sha256):
                return None
            cursor = self.connection.execute(
                "INSERT INTO reports (council, sha256, source_path, published, published_iso,"
                " rating, score_100, page_count, warnings, ingested_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    report.council, report.sha256, str(report.source_path), report.published,
                    report.published_iso, report.rating, report.score_100, report.page_count,
                    json.dumps(list(report.warnings)), _now(),
                ),
            )
            report_id = cursor.lastrowid
            self.connection.executemany(
                "INSERT INTO statement_scores VALUES (?, ?, ?)",
                [(report_id, name, score) for name, score in report.statement_scores.items()],
            )
            self.connection.executemany(
                "INSERT INTO paragraphs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (report_id, p.index, p.text, p.page, p.section, p.quality_statement,
                     p.subheading, p.finer_subheading, int(p.is_list_item))
                    for p in report.paragraphs
                ],
            )
            self.connection.executemany(
                "INSERT INTO findings (report_id, paragraph_index, char_start, char_end, page,"
                " section, quality_statement, theme, subheading, finer_subheading,"
                " statement_score, text, text_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (report_id, f.paragraph_index, f.char_start, f.char_end, f.page, f.section,
                     f.quality_statement, f.theme, f.subheading, f.finer_subheading,
                     f.statement_score, f.text, text_hash(f.text))
                    for f in report.findings
                ],
            )
            self.connection.execute(
                "INSERT INTO findings_fts (rowid, text)"
                " SELECT id, text FROM findings WHERE report_id = ?",
                (report_id,),
            )
        return report_id

    def reports(self) -> list[ReportSummary]:
        """Every stored report, by council then publication date."""
        scores: dict[int, dict[str, int]] = {}
        for row in self.connection.execute("SELECT * FROM statement_scores"):
            scores.setdefault(row["report_id"], {})[row["quality_statement"]] = row["score"]
        rows = self.connection.execute(
            "SELECT r.*, (SELECT count(*) FROM findings f WHERE f.report_id = r.id) AS n"
            " FROM reports r ORDER BY r.council, r.published_iso"
        )
        return [
            ReportSummary(
                report_id=row["id"], council=row["council"], rating=row["rating"],
                score_100=row["score_100"], published=row["published"],
                published_iso=row["published_iso"], statement_scores=scores.get(row["id"], {}),
                findings=row["n"], source_path=row["source_path"], sha256=row["sha256"],
                ingested_at=row["ingested_at"], warnings=tuple(json.loads(row["warnings"])),
            )
            for row in rows
        ]

    # Findings -----------------------------------------------------------------------

    def findings(self, filters: FindingFilter | None = None) -> Iterator[StoredFinding]:
        """Stored findings in report and reading order, with labels and topics if any."""
        where, parameters = filter_sql(filters or FindingFilter())
        sql = f"SELECT {FINDING_COLUMNS} {FINDING_JOINS}"
        if where:
            sql += f" WHERE {where}"
        sql += " ORDER BY f.report_id, f.id"
        for row in self.connection.execute(sql, parameters):
            yield stored_finding(row)

    def count_findings(self) -> int:
        return self.connection.execute("SELECT count(*) FROM findings").fetchone()[0]

    def search(
        self,
        query: str,
        filters: FindingFilter | None = None,
        *,
        limit: int = 20,
        markers: tuple[str, str] = ("**", "**"),
    ) -> list[SearchHit]:
        """Findings matching an FTS5 query, best first, with highlighted snippets."""
        return keyword_search(self.connection, query, filters or FindingFilter(), limit, markers)

    # Embeddings -----------------------------------------------------------------------

    def cached_embeddings(self, hashes: set[str], model_name: str) -> dict[str, np.ndarray]:
        """Stored vectors for these text hashes (those not stored are absent)."""
        found: dict[str, np.ndarray] = {}
        ordered = sorted(hashes)
        # SQLite limits bound parameters per statement; look up in chunks.
        for start in range(0, len(ordered), 500):
            chunk = ordered[start : start + 500]
            rows = self.connection.execute(
                f"SELECT text_hash, vector FROM embeddings WHERE model_name = ?"
                f" AND text_hash IN ({','.join('?' * len(chunk))})",
                [model_name, *chunk],
            )
            for row in rows:
                found[row["text_hash"]] = np.frombuffer(row["vector"], dtype="<f4")
        return found

    def store_embeddings(self, model_name: str, vectors: dict[str, np.ndarray]) -> None:
        with self.transaction():
            self.connection.executemany(
                "INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?, ?)",
                [
                    (key, model_name, len(vector), np.asarray(vector, dtype="<f4").tobytes())
                    for key, vector in vectors.items()
                ],
            )

    def paragraph_text(self, finding_id: int) -> str:
        """The paragraph a finding sits in, to show it in context."""
        row = self.connection.execute(
            "SELECT p.text FROM findings f JOIN paragraphs p"
            " ON p.report_id = f.report_id AND p.paragraph_index = f.paragraph_index"
            " WHERE f.id = ?",
            (finding_id,),
        ).fetchone()
        if row is None:
            raise CorpusError(f"no finding {finding_id} in {self.path}")
        return row["text"]


class _Transaction:
    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._connection = connection
        self._path = path

    def __enter__(self) -> None:
        self._connection.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: type | None, exc: BaseException | None, tb: object) -> None:
        if exc_type is None:
            try:
                self._connection.execute("COMMIT")
                return
            except sqlite3.Error as error:
                self._connection.execute("ROLLBACK")
                raise corpus_error(self._path, error) from error
        self._connection.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            # Disk full, read-only file, damaged page: say so in one line, state unchanged.
            raise corpus_error(self._path, exc) from exc
