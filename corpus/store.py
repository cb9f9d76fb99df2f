"""The corpus: one SQLite file of reports, findings, labels, embeddings and topics.

Only this package writes SQL. Each report goes in inside one transaction, so a crash
part-way leaves the corpus as it was; a file already stored (same sha256) is skipped.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from cqc_themes.corpus import label_store
from cqc_themes.corpus.connection import corpus_error, default_corpus_path, open_connection
from cqc_themes.corpus.findings_sql import (
    FINDING_COLUMNS,
    FINDING_JOINS,
    filter_sql,
    stored_finding,
)
from cqc_themes.corpus.search import keyword_search
from cqc_themes.corpus.topic_store import (
    current_topic_findings,
    current_topic_run,
    insert_topic_run,
    run_topics,
)
from cqc_themes.errors import CorpusError
from cqc_themes.records import (
    CorrectedFinding,
    Correction,
    FindingFilter,
    FittedTopic,
    Label,
    Report,
    ReportSummary,
    SearchHit,
    StoredFinding,
    Topic,
    TopicAssignment,
    TopicRun,
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

    def backup(self, destination: Path | str) -> Path:
        """A consistent copy of the corpus at `destination`, safe while others write."""
        destination = Path(destination)
        target = sqlite3.connect(destination)
        try:
            self.connection.backup(target)
        finally:
            target.close()
        return destination

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
        # Reports before scores: while ingest writes, a report committed between the two
        # reads is then left out, rather than listed without its scores.
        rows = self.connection.execute(
            "SELECT r.*, (SELECT count(*) FROM findings f WHERE f.report_id = r.id) AS n"
            " FROM reports r ORDER BY r.council, r.published_iso"
        ).fetchall()
        scores: dict[int, dict[str, int]] = {}
        for row in self.connection.execute("SELECT * FROM statement_scores"):
            scores.setdefault(row["report_id"], {})[row["quality_statement"]] = row["score"]
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

    def count_unembedded(self, model_name: str) -> int:
        """Findings whose text has no cached vector from `model_name` yet."""
        return self.connection.execute(
            "SELECT count(DISTINCT f.text_hash) FROM findings f LEFT JOIN embeddings e"
            " ON e.text_hash = f.text_hash AND e.model_name = ? WHERE e.text_hash IS NULL",
            (model_name,),
        ).fetchone()[0]

    def store_embeddings(self, model_name: str, vectors: dict[str, np.ndarray]) -> None:
        with self.transaction():
            self.connection.executemany(
                "INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?, ?)",
                [
                    (key, model_name, len(vector), np.asarray(vector, dtype="<f4").tobytes())
                    for key, vector in vectors.items()
                ],
            )

    def drop_embeddings(self, name_prefix: str, keep: str) -> int:
        """Delete cached vectors of every model whose name starts with `name_prefix`,
        except `keep`: a retrained classifier's encoder never reads its predecessor's
        vectors again. Returns how many were deleted."""
        with self.transaction():
            cursor = self.connection.execute(
                "DELETE FROM embeddings WHERE substr(model_name, 1, ?) = ? AND model_name != ?",
                (len(name_prefix), name_prefix, keep),
            )
        return cursor.rowcount

    # Labels ---------------------------------------------------------------------------

    def unlabelled_findings(self) -> list[StoredFinding]:
        """Findings the classifier has not labelled yet, in report and reading order."""
        rows = self.connection.execute(
            f"SELECT {FINDING_COLUMNS} {FINDING_JOINS}"
            " WHERE l.finding_id IS NULL ORDER BY f.report_id, f.id"
        )
        return [stored_finding(row) for row in rows]

    def count_unlabelled(self) -> int:
        """How many findings have no label yet (cheap: no finding is read)."""
        return self.connection.execute(
            "SELECT count(*) FROM findings f LEFT JOIN labels l ON l.finding_id = f.id"
            " WHERE l.finding_id IS NULL"
        ).fetchone()[0]

    def store_labels(self, labels: Sequence[Label]) -> None:
        """Store the classifier's labels in one transaction, replacing its earlier labels;
        a researcher's correction is never replaced."""
        with self.transaction():
            label_store.store_model_labels(self.connection, labels, _now())

    def label_counts(self) -> dict[str, int]:
        """How many findings carry each label (labels never given are absent)."""
        return label_store.label_counts(self.connection)

    def findings_to_label(
        self, model_version: str | None, *, relabel: bool = False
    ) -> list[StoredFinding]:
        """Unlabelled findings and those a model other than `model_version` labelled (all
        the model's findings if `relabel`); corrected findings never."""
        return label_store.findings_to_label(self.connection, model_version, relabel=relabel)

    def count_to_label(self, model_version: str | None) -> tuple[int, int]:
        """(unlabelled findings, findings labelled by a model other than `model_version`)."""
        return label_store.count_to_label(self.connection, model_version)

    def store_corrections(self, corrections: Sequence[Correction]) -> None:
        """Make each correction its finding's label, as the researcher's, all or none."""
        with self.transaction():
            label_store.store_corrections(self.connection, corrections, _now())

    def corrected_findings(self) -> list[CorrectedFinding]:
        """Every finding a researcher labelled, with the time of the correction."""
        return label_store.corrected_findings(self.connection)

    # Topics ---------------------------------------------------------------------------

    def save_topic_run(
        self,
        *,
        method: str,
        settings: dict[str, object],
        model_version: str,
        corpus_fingerprint: str,
        topics: Sequence[FittedTopic],
        assignments: Sequence[TopicAssignment],
    ) -> TopicRun:
        """Store a fit and make it the current run, all in one transaction."""
        with self.transaction():
            insert_topic_run(
                self.connection, method=method, settings=settings, model_version=model_version,
                corpus_fingerprint=corpus_fingerprint, topics=topics, assignments=assignments,
            )
        run = self.current_topic_run()
        assert run is not None
        return run

    def current_topic_run(self) -> TopicRun | None:
        """The run commands show, or None before the first fit."""
        return current_topic_run(self.connection)

    def topics(self) -> list[Topic]:
        """The current run's topics, largest first (empty before the first fit)."""
        run = self.current_topic_run()
        return run_topics(self.connection, run.run_id) if run else []

    def topic_findings(self, topic_id: int) -> list[StoredFinding]:
        """The current run's findings in a topic, most typical first."""
        return current_topic_findings(self.connection, topic_id)

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
                self._rollback()
                raise corpus_error(self._path, error) from error
        self._rollback()
        if isinstance(exc, sqlite3.Error):
            # Disk full, read-only file, damaged page: say so in one line, state unchanged.
            raise corpus_error(self._path, exc) from exc

    def _rollback(self) -> None:
        # SQLite has already rolled back after some errors (a full disk, an I/O error).
        if self._connection.in_transaction:
            self._connection.execute("ROLLBACK")
