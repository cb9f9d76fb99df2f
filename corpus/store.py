"""The corpus: one SQLite file of reports, findings, labels, embeddings and topics.

Only this package writes SQL. Each report goes in inside one transaction, so a crash
part-way leaves the corpus as it was; a file already stored (same sha256) is skipped.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, suppress
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from cqc_themes.corpus import label_store
from cqc_themes.corpus.connection import default_corpus_path, open_connection
from cqc_themes.corpus.content_state import content_state
from cqc_themes.corpus.findings_sql import (
    FINDING_COLUMNS,
    FINDING_JOINS,
    filter_sql,
    stored_finding,
)
from cqc_themes.corpus.report_store import (
    delete_reports,
    insert_report,
    report_summaries,
    reports_at_paths,
    reports_of_council,
    text_hash,
)
from cqc_themes.corpus.search import (
    effective_filter,
    has_superseded_reports,
    keyword_pool_query,
    keyword_ranking,
    keyword_search,
    keyword_snippets,
)
from cqc_themes.corpus.topic_store import (
    current_topic_findings,
    current_topic_members,
    current_topic_run,
    insert_topic_run,
    run_topics,
)
from cqc_themes.corpus.transactions import TransactionState
from cqc_themes.errors import CorpusError
from cqc_themes.records import (
    CorrectedFinding,
    Correction,
    FindingFilter,
    FittedTopic,
    Label,
    RemovalSummary,
    Report,
    ReportSummary,
    SearchHit,
    StoredFinding,
    Topic,
    TopicAssignment,
    TopicRun,
)

# text_hash is the key models/ caches embeddings under; it is re-exported from here.
__all__ = ["Corpus", "text_hash"]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Corpus:
    """A corpus file. Use as a context manager, or call `close()`."""

    def __init__(self, path: Path | str | None = None, *, create: bool = True) -> None:
        self.path = Path(path) if path else default_corpus_path()
        self.connection = open_connection(self.path, create=create)
        self._transactions = TransactionState(self.connection, self.path)

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

    def transaction(self) -> AbstractContextManager[None]:
        """`with corpus.transaction():` runs its block atomically. Blocks nest: an inner
        block that raises undoes only its own writes (a savepoint) and re-raises."""
        return self._transactions.transaction()

    def snapshot(self) -> AbstractContextManager[None]:
        """`with corpus.snapshot():` every read in the block sees the same committed
        corpus, whatever other processes write meanwhile; writing inside one is refused."""
        return self._transactions.snapshot()

    # Reports ------------------------------------------------------------------------

    def has_report(self, sha256: str) -> bool:
        row = self.connection.execute("SELECT 1 FROM reports WHERE sha256 = ?", (sha256,))
        return row.fetchone() is not None

    def add_report(self, report: Report) -> int | None:
        """Store a report and its findings; None if the same file is already stored.

        An earlier report of the same council stays, superseded: see `reports()`."""
        with self.transaction():
            if self.has_report(report.sha256):
                return None
            return insert_report(self.connection, report, _now())

    def reports(self, *, include_superseded: bool = False) -> list[ReportSummary]:
        """Each council's current report (every report if `include_superseded`), by
        council then publication date."""
        with self.snapshot():
            return report_summaries(self.connection, include_superseded=include_superseded)

    def has_superseded_reports(self) -> bool:
        """Whether some council has an older report beside its current one."""
        return has_superseded_reports(self.connection)

    def effective_filter(self, filters: FindingFilter) -> FindingFilter:
        """`filters` as they apply here: without the current-reports rule when no report
        is superseded (the same findings, found without a join)."""
        return effective_filter(self.connection, filters)

    def report_ids_at(self, paths: Sequence[Path | str]) -> dict[Path, list[int]]:
        """For each path (a PDF or a folder of them, present or since deleted), the ids of
        the reports ingested from it or holding the same file; [] when there are none."""
        resolved = [Path(path).expanduser().resolve() for path in paths]
        sha256_by_path = {}
        for path in resolved:
            # A file that cannot be read now is still matched by where it was ingested from.
            with suppress(OSError):
                if path.is_file():
                    sha256_by_path[path] = hashlib.sha256(path.read_bytes()).hexdigest()
        return reports_at_paths(self.connection, resolved, sha256_by_path)

    def report_ids_of_council(self, council: str) -> list[int]:
        """Ids of the council's reports, current and superseded (exact name, any case)."""
        return reports_of_council(self.connection, council)

    def remove_reports(self, report_ids: Sequence[int]) -> RemovalSummary:
        """Remove the reports and everything derived from them, in one transaction:
        findings, paragraphs, scores, labels, codes, topic assignments, and cached
        embeddings no remaining finding uses. Ids not in the corpus are ignored."""
        with self.transaction():
            return delete_reports(self.connection, report_ids)

    # Findings -----------------------------------------------------------------------

    def findings(self, filters: FindingFilter | None = None) -> Iterator[StoredFinding]:
        """Stored findings in report and reading order, with labels and topics if any;
        only each council's current report unless `filters.include_superseded`."""
        where, parameters = filter_sql(filters or FindingFilter())
        sql = f"SELECT {FINDING_COLUMNS} {FINDING_JOINS}"
        if where:
            sql += f" WHERE {where}"
        sql += " ORDER BY f.report_id, f.id"
        for row in self.connection.execute(sql, parameters):
            yield stored_finding(row)

    def count_findings(self) -> int:
        return self.connection.execute("SELECT count(*) FROM findings").fetchone()[0]

    def content_state(self) -> str:
        """A fingerprint of the findings, current reports, labels, codes and current
        topics: while it stays the same, anything built from them would come out the same."""
        with self.snapshot():
            return content_state(self.connection)

    def search(
        self,
        query: str,
        filters: FindingFilter | None = None,
        *,
        limit: int = 20,
        markers: tuple[str, str] = ("**", "**"),
        snippets: bool = True,
    ) -> list[SearchHit]:
        """Findings matching an FTS5 query, best first, with highlighted snippets (or,
        without `snippets`, their plain text: see `search_snippets`)."""
        return keyword_search(
            self.connection, query, filters or FindingFilter(), limit, markers, snippets
        )

    def keyword_ranking(
        self, query: str, filters: FindingFilter | None = None, *, limit: int = 20
    ) -> list[tuple[int, float]]:
        """`search`'s order as (finding id, score) pairs, best first, reading no finding."""
        return keyword_ranking(self.connection, query, filters or FindingFilter(), limit)

    def keyword_pool_query(self, query: str) -> str:
        """The OR of `query`'s words a hybrid search ranks by keyword: the commonest
        words drop out in a large corpus (see corpus/search.py)."""
        return keyword_pool_query(self.connection, query)

    def search_snippets(
        self, query: str, finding_ids: list[int], markers: tuple[str, str] = ("**", "**")
    ) -> dict[int, str]:
        """`search`'s highlighted snippets of these findings for `query`, by finding id."""
        return keyword_snippets(self.connection, query, finding_ids, markers)

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

    # Settings -------------------------------------------------------------------------

    def setting(self, name: str) -> str | None:
        """A choice stored for this corpus (see 0007_settings.sql), or None if never made."""
        row = self.connection.execute(
            "SELECT value FROM corpus_settings WHERE name = ?", (name,)
        ).fetchone()
        return None if row is None else row["value"]

    def set_setting(self, name: str, value: str | None) -> None:
        """Store a choice for this corpus; None removes it."""
        with self.transaction():
            self.connection.execute("DELETE FROM corpus_settings WHERE name = ?", (name,))
            if value is not None:
                self.connection.execute(
                    "INSERT INTO corpus_settings (name, value) VALUES (?, ?)", (name, value)
                )

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
                self.connection,
                method=method,
                settings=settings,
                model_version=model_version,
                corpus_fingerprint=corpus_fingerprint,
                topics=topics,
                assignments=assignments,
            )
            # Read back before the commit: a refit elsewhere cannot slip in between.
            run = self.current_topic_run()
        assert run is not None
        return run

    def current_topic_run(self) -> TopicRun | None:
        """The run commands show, or None before the first fit."""
        return current_topic_run(self.connection)

    def topics(self) -> list[Topic]:
        """The current run's topics, largest first (empty before the first fit)."""
        # One snapshot for the run and its five queries: a refit committing meanwhile
        # cannot hand back an empty or mixed run.
        with self.snapshot():
            run = self.current_topic_run()
            return run_topics(self.connection, run.run_id) if run else []

    def topic_findings(self, topic_id: int) -> list[StoredFinding]:
        """The current run's findings in a topic, most typical first."""
        return current_topic_findings(self.connection, topic_id)

    def topic_members(self) -> dict[int, list[StoredFinding]]:
        """Every topic's `topic_findings`, by topic id, read at once."""
        with self.snapshot():
            return current_topic_members(self.connection)

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
