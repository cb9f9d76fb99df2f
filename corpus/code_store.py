"""Codebook codes in SQL: which codebook coded the corpus, and each finding's codes.

    store = CodeStore(corpus)
    store.current_coding()            # CodingRecord, or None before the first coding
    store.coded_findings(["unpaid_carers"])

A coding is saved in one transaction: a changed codebook replaces every code at once, so
a reader never sees codes from two codebooks mixed.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import UTC, datetime

from cqc_themes.corpus.findings_sql import FINDING_COLUMNS, FINDING_JOINS, stored_finding
from cqc_themes.corpus.store import Corpus
from cqc_themes.records import (
    Codebook,
    CodebookTheme,
    CodedFinding,
    CodingRecord,
    FindingCode,
)


class CodeStore:
    """The codes table of one corpus."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus

    @property
    def _connection(self) -> sqlite3.Connection:
        return self.corpus.connection

    def current_coding(self) -> CodingRecord | None:
        row = self._connection.execute(
            "SELECT c.*, (SELECT count(*) FROM coded_findings) AS coded,"
            " (SELECT count(DISTINCT finding_id) FROM finding_codes) AS with_codes"
            " FROM coding_runs c"
        ).fetchone()
        if row is None:
            return None
        return CodingRecord(
            codebook_name=row["codebook_name"],
            codebook_source=row["codebook_source"],
            codebook_fingerprint=row["codebook_fingerprint"],
            method=row["method"],
            coded_at=row["coded_at"],
            findings_coded=row["coded"],
            findings_with_codes=row["with_codes"],
        )

    def coding_settings(self) -> dict[str, object] | None:
        """The coder's settings the stored codes were made with."""
        row = self._connection.execute("SELECT settings FROM coding_runs").fetchone()
        return json.loads(row["settings"]) if row else None

    def coded_themes(self) -> tuple[CodebookTheme, ...]:
        """The themes of the codebook that coded the corpus, as it was then."""
        row = self._connection.execute("SELECT codebook_themes FROM coding_runs").fetchone()
        if row is None:
            return ()
        return tuple(
            CodebookTheme(
                **{**theme, "seeds": tuple(theme["seeds"]), "keywords": tuple(theme["keywords"])}
            )
            for theme in json.loads(row["codebook_themes"])
        )

    def coded_finding_ids(self) -> set[int]:
        """Findings the current codebook has been applied to (with or without codes)."""
        return {row[0] for row in self._connection.execute("SELECT finding_id FROM coded_findings")}

    def covered_finding_ids(self) -> set[int]:
        """Findings with at least one code."""
        rows = self._connection.execute("SELECT DISTINCT finding_id FROM finding_codes")
        return {row[0] for row in rows}

    def save_coding(
        self,
        *,
        codebook: Codebook,
        method: str,
        settings: dict[str, object],
        coded_ids: Sequence[int],
        codes: Sequence[FindingCode],
        replace_all: bool,
        forget_ids: Iterable[int] = (),
    ) -> None:
        """Record that `coded_ids` were coded with `codebook` giving `codes`, in one
        transaction. `replace_all` first drops every earlier code (a changed codebook);
        `forget_ids` drops the codes of findings that should no longer be coded."""
        forget = [(finding_id,) for finding_id in forget_ids]
        with self.corpus.transaction():
            if replace_all:
                self._connection.execute("DELETE FROM finding_codes")
                self._connection.execute("DELETE FROM coded_findings")
            self._connection.executemany("DELETE FROM finding_codes WHERE finding_id = ?", forget)
            self._connection.executemany("DELETE FROM coded_findings WHERE finding_id = ?", forget)
            self._connection.executemany(
                "DELETE FROM finding_codes WHERE finding_id = ?", [(i,) for i in coded_ids]
            )
            self._connection.executemany(
                "INSERT OR IGNORE INTO coded_findings (finding_id) VALUES (?)",
                [(i,) for i in coded_ids],
            )
            self._connection.executemany(
                "INSERT INTO finding_codes (finding_id, theme_id, score, reason)"
                " VALUES (?, ?, ?, ?)",
                [(c.finding_id, c.theme_id, c.score, c.reason) for c in codes],
            )
            self._connection.execute(
                "INSERT OR REPLACE INTO coding_runs (id, codebook_name, codebook_source,"
                " codebook_fingerprint, codebook_themes, method, settings, coded_at)"
                " VALUES (1, ?, ?, ?, ?, ?, ?, ?)",
                (
                    codebook.name,
                    codebook.source,
                    codebook.fingerprint,
                    json.dumps([asdict(t) for t in codebook.themes], ensure_ascii=False),
                    method,
                    json.dumps(settings, sort_keys=True),
                    datetime.now(UTC).isoformat(timespec="seconds"),
                ),
            )

    def finding_codes(self, finding_ids: Iterable[int] | None = None) -> list[FindingCode]:
        """Stored codes (of these findings, or all), by finding then best score first."""
        sql = "SELECT finding_id, theme_id, score, reason FROM finding_codes"
        rows = self._connection.execute(sql + " ORDER BY finding_id, score DESC, theme_id")
        wanted = None if finding_ids is None else set(finding_ids)
        return [
            FindingCode(row[0], row[1], row[2], row[3])
            for row in rows
            if wanted is None or row[0] in wanted
        ]

    def coded_findings(self, theme_ids: Sequence[str] | None = None) -> list[CodedFinding]:
        """Each code with its finding and label, in report and reading order."""
        source = "l.source" if self._labels_have_source() else "NULL"
        sql = (
            f"SELECT {FINDING_COLUMNS}, fc.theme_id, fc.score AS code_score,"
            f" fc.reason AS code_reason, l.probabilities AS label_probabilities,"
            f" {source} AS label_source"
            f" {FINDING_JOINS} JOIN finding_codes fc ON fc.finding_id = f.id"
        )
        parameters: list[object] = []
        if theme_ids is not None:
            sql += f" WHERE fc.theme_id IN ({','.join('?' * len(theme_ids))})"
            parameters.extend(theme_ids)
        sql += " ORDER BY f.report_id, f.id, fc.theme_id"
        return [
            CodedFinding(
                finding=stored_finding(row),
                code=FindingCode(
                    row["finding_id"], row["theme_id"], row["code_score"], row["code_reason"]
                ),
                label_probabilities=json.loads(row["label_probabilities"] or "{}"),
                label_source=row["label_source"] or "model",
            )
            for row in self._connection.execute(sql, parameters)
        ]

    def _labels_have_source(self) -> bool:
        # Researchers' corrections add labels.source (a later schema step, 0004); corpora
        # without it hold only the classifier's labels.
        columns = self._connection.execute("PRAGMA table_info(labels)").fetchall()
        return any(column["name"] == "source" for column in columns)
