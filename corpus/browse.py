"""The corpus as a browser reads it: opened read-only, summed up, and asked canned questions.

`cqc-themes serve` hands the corpus to Datasette; this module owns the SQL it needs (the
canned queries, the summary for the home page) and decides how SQLite may open the file
without writing to it or its folder.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from cqc_themes.corpus.connection import SCHEMA_VERSION, corpus_error, open_connection
from cqc_themes.domain import HIGHER_RATINGS, LABEL_IMPROVEMENT, LABEL_STRENGTH, THEMES
from cqc_themes.errors import CorpusError

# The browsing views that migration 0005_browse.sql creates.
FINDINGS_VIEW = "council_findings"
REPORTS_VIEW = "council_reports"
# The full-text index over findings.text; its rowid is findings.id (the view's finding_id).
FINDINGS_FTS_TABLE = "findings_fts"


class ReadMode(Enum):
    """How SQLite opens the corpus for reading."""

    # mode=ro: sees what ingest commits while serving; SQLite needs the folder writable
    # for the write-ahead log's shared-memory file (never the corpus itself).
    READ_ONLY = "read-only"
    # immutable=1: no locks and no side files, for a folder nobody can write to. Only safe
    # when nothing sits in a write-ahead log, which immutable mode would not read.
    IMMUTABLE = "immutable"


@dataclass(frozen=True)
class CorpusOverview:
    """What the home page says about the corpus, and whether it can be browsed."""

    schema_version: int
    browsable: bool  # holds the browsing views of 0005_browse.sql
    reports: int  # current ones: a council's reassessment supersedes its earlier report
    councils: int
    findings: int
    labelled_findings: int | None  # None before the browsing views exist
    first_published: str | None  # published_iso of the oldest report
    last_published: str | None
    example_council: str | None  # for the example links; None in an empty corpus


def read_mode(path: Path) -> ReadMode:
    """READ_ONLY where SQLite can keep its side files beside the corpus, else IMMUTABLE."""
    wal = path.with_name(path.name + "-wal")
    if os.access(path.parent, os.W_OK) or (wal.exists() and wal.stat().st_size):
        # A pending log in a read-only folder: mode=ro still reads it through the
        # existing side files, where immutable mode would silently miss it.
        return ReadMode.READ_ONLY
    return ReadMode.IMMUTABLE


def read_only_uri(path: Path, mode: ReadMode) -> str:
    """The SQLite URI that opens `path` without any right to write."""
    query = "mode=ro" if mode is ReadMode.READ_ONLY else "immutable=1"
    return f"{path.resolve().as_uri()}?{query}"


def corpus_overview(path: Path) -> CorpusOverview:
    """Counts, date range and schema of the corpus, read without writing a byte."""
    path = Path(path)
    if not path.is_file():
        raise CorpusError(f"{path}: no corpus here yet; run `cqc-themes ingest` first")
    try:
        connection = sqlite3.connect(read_only_uri(path, read_mode(path)), uri=True)
    except sqlite3.Error as error:
        raise corpus_error(path, error) from error
    try:
        connection.execute("PRAGMA query_only = ON")
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:
            raise CorpusError(f"{path}: not a cqc-themes corpus")
        if version > SCHEMA_VERSION:
            raise CorpusError(
                f"{path}: corpus schema version {version} is newer than this cqc-themes "
                f"understands ({SCHEMA_VERSION}); upgrade cqc-themes"
            )
        browsable = connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'view' AND name = ?",
            (FINDINGS_VIEW,),
        ).fetchone()[0]
        # What the findings view shows: each council's current report (a corpus that
        # predates the views may predate current_reports too).
        reports_table = "current_reports" if browsable else "reports"
        reports, councils, first, last, example = connection.execute(
            "SELECT count(*), count(DISTINCT council), min(published_iso),"
            f" max(published_iso), min(council) FROM {reports_table}"
        ).fetchone()
        findings, labelled = connection.execute(
            f"SELECT count(*), count(label) FROM {FINDINGS_VIEW}"
            if browsable
            else "SELECT count(*), NULL FROM findings"
        ).fetchone()
    except sqlite3.Error as error:
        raise corpus_error(path, error) from error
    finally:
        connection.close()
    return CorpusOverview(
        schema_version=version,
        browsable=bool(browsable),
        reports=reports,
        councils=councils,
        findings=findings,
        labelled_findings=labelled,
        first_published=first,
        last_published=last,
        example_council=example,
    )


def read_only_copy(path: Path, destination: Path) -> Path:
    """A consistent copy of the corpus made without writing to it, for library code that
    opens a corpus read-write (the digest) when the corpus itself cannot be opened so."""
    try:
        source = sqlite3.connect(read_only_uri(path, read_mode(path)), uri=True)
        try:
            with sqlite3.connect(destination) as copy:
                source.backup(copy)
            copy.close()
        finally:
            source.close()
    except sqlite3.Error as error:
        raise corpus_error(path, error) from error
    return destination


def prepare_for_browsing(path: Path) -> CorpusOverview:
    """The corpus's overview once its schema has the browsing views.

    A corpus from an older cqc-themes gets its missing schema steps first, as any command
    would give it (views and columns only; no finding changes). One that cannot be written
    is browsed as it is if it has the views, and refused in one line if not."""
    overview = corpus_overview(path)
    if overview.schema_version >= SCHEMA_VERSION:
        return overview
    try:
        open_connection(path, create=False).close()
    except CorpusError:
        if overview.browsable:
            return overview
        raise CorpusError(
            f"{path}: this corpus predates the browsing views and cannot be upgraded "
            "here; run any cqc-themes command on a writable copy first"
        ) from None
    return corpus_overview(path)


@dataclass(frozen=True)
class CannedQuery:
    """A named question with its SQL; `:name` parameters are left blank to mean "all"."""

    name: str
    title: str
    description: str
    sql: str
    parameters: tuple[str, ...]
    example: dict[str, str]  # parameter values for the link the home page shows


def _matches(column: str, parameter: str) -> str:
    # A blank parameter means "any"; otherwise the value must match exactly.
    return f"(:{parameter} = '' OR {column} = :{parameter})"


_HIGHER = ", ".join(f"'{rating}'" for rating in sorted(HIGHER_RATINGS))

_SHORTFALLS = f"""
SELECT theme, quality_statement, council, rating, count(*) AS shortfalls,
       group_concat(page, ', ') AS pages
FROM {FINDINGS_VIEW}
WHERE label = '{LABEL_IMPROVEMENT}'
  AND {_matches("theme", "theme")}
  AND {_matches("council", "council")}
  AND {_matches("quality_statement", "statement")}
GROUP BY theme, quality_statement, council
ORDER BY theme, quality_statement, shortfalls DESC, council
"""

# Per recurring theme (topic), the share of higher-rated councils with a strength in it
# against the share of lower-rated councils with one: what the better councils have.
_HIGHER_VERSUS_LOWER = f"""
WITH councils AS (
    SELECT DISTINCT council, rating IN ({_HIGHER}) AS higher
    FROM {FINDINGS_VIEW} WHERE rating IS NOT NULL
),
groups AS (SELECT higher, count(*) AS size FROM councils GROUP BY higher),
strengths AS (
    SELECT DISTINCT f.topic, f.council, c.higher
    FROM {FINDINGS_VIEW} f JOIN councils c ON c.council = f.council
    WHERE f.label = '{LABEL_STRENGTH}' AND f.topic IS NOT NULL
      AND {_matches("f.quality_statement", "statement")}
      AND {_matches("f.theme", "theme")}
)
SELECT s.topic,
       sum(s.higher) AS higher_rated_councils,
       round(100.0 * sum(s.higher) / coalesce((SELECT size FROM groups WHERE higher), 1))
           AS higher_rated_percent,
       sum(1 - s.higher) AS lower_rated_councils,
       round(100.0 * sum(1 - s.higher) / coalesce((SELECT size FROM groups WHERE NOT higher), 1))
           AS lower_rated_percent
FROM strengths s
GROUP BY s.topic
ORDER BY higher_rated_percent - lower_rated_percent DESC, s.topic
"""

_COUNCIL_IN_REPORT_ORDER = f"""
SELECT finding_id, page, quality_statement, subheading, label, confidence, text
FROM {FINDINGS_VIEW}
WHERE council = :council AND {_matches("label", "label")}
ORDER BY published, finding_id
"""


def _matrix_sql() -> str:
    # One column per CQC theme, in the framework's order, counting findings of one label
    # (improvement unless asked otherwise).
    columns = ",\n       ".join(f"sum(theme = '{theme}') AS \"{theme}\"" for theme in THEMES)
    return f"""
SELECT council, rating,
       {columns},
       count(*) AS total
FROM {FINDINGS_VIEW}
WHERE label = coalesce(nullif(:label, ''), '{LABEL_IMPROVEMENT}')
  AND {_matches("quality_statement", "statement")}
GROUP BY council, rating
ORDER BY total DESC, council
"""


# Council by recurring theme, one row per pair: how many of the council's findings the
# codebook coded with the theme, and how many of those are shortfalls and strengths.
_RECURRING_THEME_MATRIX = f"""
SELECT f.council, f.rating, coded.value AS recurring_theme, count(*) AS findings,
       sum(f.label = '{LABEL_IMPROVEMENT}') AS shortfalls,
       sum(f.label = '{LABEL_STRENGTH}') AS strengths
FROM {FINDINGS_VIEW} f, json_each(f.recurring_themes) coded
WHERE {_matches("coded.value", "theme")}
  AND {_matches("f.council", "council")}
GROUP BY f.council, f.rating, coded.value
ORDER BY coded.value, shortfalls DESC, f.council
"""

CANNED_QUERIES: tuple[CannedQuery, ...] = (
    CannedQuery(
        name="shortfalls_by_theme_and_council",
        title="Shortfalls by theme and council",
        description="Findings labelled improvement, counted per CQC theme, quality "
        "statement and council, with the pages they are on. Leave a box blank for all.",
        sql=_SHORTFALLS,
        parameters=("theme", "statement", "council"),
        example={"theme": THEMES[0], "statement": "", "council": ""},
    ),
    CannedQuery(
        name="higher_rated_strengths",
        title="What higher-rated councils have that lower-rated ones lack",
        description="For each recurring theme, the share of councils rated Outstanding or "
        "Good with a strength in it against the share rated Requires improvement or "
        "Inadequate; the themes that separate them most come first.",
        sql=_HIGHER_VERSUS_LOWER,
        parameters=("theme", "statement"),
        example={"theme": "", "statement": ""},
    ),
    CannedQuery(
        name="council_findings_in_report_order",
        title="One council's findings in report order",
        description="Every finding of one council's reports as the report reads, with its "
        "label; give a label (strength, improvement, context) to see only those.",
        sql=_COUNCIL_IN_REPORT_ORDER,
        parameters=("council", "label"),
        example={"council": "", "label": ""},
    ),
    CannedQuery(
        name="council_theme_matrix",
        title="Council by theme matrix",
        description="Per council, how many findings with one label (improvement unless "
        "you choose strength or context) fall under each CQC theme.",
        sql=_matrix_sql(),
        parameters=("label", "statement"),
        example={"label": LABEL_IMPROVEMENT, "statement": ""},
    ),
    CannedQuery(
        name="council_recurring_theme_matrix",
        title="Council by recurring theme",
        description="For each council and each recurring theme of the codebook, how many "
        "of its findings are coded with the theme, and how many of those are shortfalls and "
        "strengths (`cqc-themes themes matrix` gives the judged verdict per cell).",
        sql=_RECURRING_THEME_MATRIX,
        parameters=("theme", "council"),
        example={"theme": "", "council": ""},
    ),
)
