"""Labels in SQL: the classifier's labels and a researcher's corrections, in one table.

A label's `source` says who gave it. The classifier writes only where the source is
still "model" (the check is in the statement itself, so a correction made while
`classify` runs survives it); a correction replaces any label and is kept until the
researcher changes it again. Every reader of labels sees the corrected label.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from cqc_themes.corpus.findings_sql import FINDING_COLUMNS, FINDING_JOINS, stored_finding
from cqc_themes.domain import FINDING_LABELS
from cqc_themes.records import CorrectedFinding, Correction, Label, StoredFinding

SOURCE_MODEL = "model"
SOURCE_RESEARCHER = "researcher"
# What a correction records as its "model": it was no model's prediction.
RESEARCHER_MODEL_VERSION = "researcher"


def findings_to_label(
    connection: sqlite3.Connection, model_version: str | None, *, relabel: bool = False
) -> list[StoredFinding]:
    """Findings the classifier should label, in report and reading order: those without a
    label and those labelled by a model other than `model_version` (stale), or, with
    `relabel`, every finding the model labels. Corrected findings never appear."""
    if relabel:
        where, parameters = "l.finding_id IS NULL OR l.source = ?", [SOURCE_MODEL]
    else:
        where = "l.finding_id IS NULL OR (l.source = ? AND l.model_version != ?)"
        parameters = [SOURCE_MODEL, model_version or ""]
    rows = connection.execute(
        f"SELECT {FINDING_COLUMNS} {FINDING_JOINS} WHERE {where} ORDER BY f.report_id, f.id",
        parameters,
    )
    return [stored_finding(row) for row in rows]


def count_to_label(connection: sqlite3.Connection, model_version: str | None) -> tuple[int, int]:
    """(findings without a label, findings labelled by a model other than `model_version`),
    without reading any finding."""
    unlabelled = connection.execute(
        "SELECT count(*) FROM findings f LEFT JOIN labels l ON l.finding_id = f.id"
        " WHERE l.finding_id IS NULL"
    ).fetchone()[0]
    stale = connection.execute(
        "SELECT count(*) FROM labels WHERE source = ? AND model_version != ?",
        (SOURCE_MODEL, model_version or ""),
    ).fetchone()[0]
    return unlabelled, stale


def store_model_labels(
    connection: sqlite3.Connection, labels: Sequence[Label], labelled_at: str
) -> None:
    """Insert or replace the classifier's labels, leaving researchers' labels untouched."""
    connection.executemany(
        "INSERT INTO labels (finding_id, label, confidence, probabilities, model_version,"
        " labelled_at, source) VALUES (?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (finding_id) DO UPDATE SET label = excluded.label,"
        " confidence = excluded.confidence, probabilities = excluded.probabilities,"
        " model_version = excluded.model_version, labelled_at = excluded.labelled_at"
        " WHERE labels.source = ?",
        [
            (
                label.finding_id,
                label.label,
                label.confidence,
                json.dumps(label.probabilities),
                label.model_version,
                labelled_at,
                SOURCE_MODEL,
                SOURCE_MODEL,
            )
            for label in labels
        ],
    )


def store_corrections(
    connection: sqlite3.Connection, corrections: Sequence[Correction], corrected_at: str
) -> None:
    """Make each correction the finding's label, as the researcher's."""
    connection.executemany(
        "INSERT INTO labels (finding_id, label, confidence, probabilities, model_version,"
        " labelled_at, source, corrected_at) VALUES (?, ?, 1.0, ?, ?, ?, ?, ?)"
        " ON CONFLICT (finding_id) DO UPDATE SET label = excluded.label, confidence = 1.0,"
        " probabilities = excluded.probabilities, model_version = excluded.model_version,"
        " labelled_at = excluded.labelled_at, source = excluded.source,"
        " corrected_at = excluded.corrected_at",
        [
            (
                correction.finding_id,
                correction.label,
                json.dumps({label: float(label == correction.label) for label in FINDING_LABELS}),
                RESEARCHER_MODEL_VERSION,
                corrected_at,
                SOURCE_RESEARCHER,
                corrected_at,
            )
            for correction in corrections
        ],
    )


def corrected_findings(connection: sqlite3.Connection) -> list[CorrectedFinding]:
    """Every finding a researcher labelled, in report and reading order."""
    rows = connection.execute(
        f"SELECT {FINDING_COLUMNS}, l.corrected_at {FINDING_JOINS}"
        " WHERE l.source = ? ORDER BY f.report_id, f.id",
        (SOURCE_RESEARCHER,),
    )
    return [CorrectedFinding(stored_finding(row), row["corrected_at"]) for row in rows]


def label_counts(connection: sqlite3.Connection) -> dict[str, int]:
    """How many findings carry each label (labels never given are absent)."""
    rows = connection.execute("SELECT label, count(*) AS n FROM labels GROUP BY label")
    return {row["label"]: row["n"] for row in rows}
