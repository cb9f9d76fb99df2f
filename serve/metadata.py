"""What Datasette shows a person: title, description, licence, the findings view's columns,
facets and search, and the canned questions, as Datasette's own metadata."""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

from cqc_themes.corpus.browse import (
    CANNED_QUERIES,
    FINDINGS_FTS_TABLE,
    FINDINGS_VIEW,
    REPORTS_VIEW,
    CannedQuery,
    CorpusOverview,
)

# Datasette names the corpus by this, whatever the file is called, so links are stable.
DATABASE_NAME = "corpus"
DIGEST_PATH = "/digest"

TITLE = "CQC local authority assessments: what the reports find"
LICENSE = "Open Government Licence v3.0"
LICENSE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
SOURCE = "Care Quality Commission assessment reports"
SOURCE_URL = "https://www.cqc.org.uk/care-services/local-authority-assessment-reports"

FACETS = ("council", "rating", "theme", "quality_statement", "label", "label_source")
# A finding can carry several recurring themes: Datasette counts each one of the list.
ARRAY_FACETS = ("recurring_themes",)

FINDING_COLUMNS: dict[str, str] = {
    "finding_id": "The finding's number in this corpus; the digest links to it.",
    "council": "The local authority the report assessed.",
    "text": "The finding: one sentence of the report, as printed.",
    "label": "What the finding does, as the classifier (or a researcher) judged it: "
    "strength, improvement (a shortfall, risk or gap) or context.",
    "confidence": "The classifier's probability for that label, 0 to 1.",
    "label_source": "Who gave the label: model (the classifier) or researcher (a correction).",
    "recurring_themes": "The codebook's recurring themes the finding is coded with (a list).",
    "topic": "The recurring theme (topic) the finding falls in, when topics are fitted.",
    "rating": "The council's overall rating: Outstanding, Good, Requires improvement "
    "or Inadequate.",
    "theme": "The CQC theme the finding sits under (four themes group the nine "
    "quality statements).",
    "quality_statement": "The CQC quality statement the finding sits under, if any.",
    "statement_score": "The report's score for that quality statement, 1 (significant "
    "shortfalls) to 4 (exceptional standard).",
    "section": "The report section the finding is in.",
    "subheading": "The sub-heading above the finding within its section.",
    "page": "The page of the report the finding starts on.",
    "published": "When CQC published the report (year, month and day where printed).",
}

REPORT_COLUMNS: dict[str, str] = {
    "council": "The local authority the report assessed.",
    "rating": "The council's overall rating.",
    "score_100": "The overall score out of 100, where the report prints one.",
    "published": "The publication date as printed.",
    "published_iso": "The publication date, sortable.",
    "pages": "Pages in the report's PDF.",
    "is_current": "1 for the council's current report; 0 where a later report supersedes "
    "it (the findings view shows current reports only).",
    "findings": "Findings (sentences) taken from the report.",
    "strengths": "Findings labelled strength.",
    "improvements": "Findings labelled improvement.",
}

# Tables that hold plumbing (vectors, topic-run bookkeeping, raw paragraphs): still
# reachable by URL and SQL, but not listed where a person starts.
HIDDEN_TABLES = ("embeddings", "topic_runs", "finding_topics", "paragraphs", "statement_scores")


def _date_range(overview: CorpusOverview) -> str:
    if not overview.first_published:
        return "no publication dates yet"
    if overview.first_published == overview.last_published:
        return f"published {overview.first_published}"
    return f"published {overview.first_published} to {overview.last_published}"


def canned_query_link(query: CannedQuery, example_council: str | None) -> str:
    """The query's path with its example parameters, a council filled in where it asks."""
    values = dict(query.example)
    if "council" in values and not values["council"] and example_council:
        values["council"] = example_council
    return f"/{DATABASE_NAME}/{query.name}?{urlencode(values)}"


def description_html(overview: CorpusOverview) -> str:
    """The home page's introduction: what is in the corpus and where to start."""
    view = f"/{DATABASE_NAME}/{FINDINGS_VIEW}"
    questions = "".join(
        f'<li><a href="{escape(canned_query_link(query, overview.example_council))}">'
        f"{escape(query.title)}</a></li>"
        for query in CANNED_QUERIES
    )
    return (
        f"<p>{overview.reports} CQC assessment reports of {overview.councils} councils' adult "
        f"social care ({_date_range(overview)}): {overview.findings} findings, "
        f"{overview.labelled_findings} labelled strength, improvement or context.</p>"
        f'<p>Start with <a href="{view}">every finding with its council</a> (search it, '
        f"or narrow it by council, rating, theme, quality statement or label), "
        f'<a href="/{DATABASE_NAME}/{REPORTS_VIEW}">the reports</a>, or '
        f'<a href="{DIGEST_PATH}">the lessons-learned digest</a>.</p>'
        f"<p>Questions researchers ask:</p><ul>{questions}</ul>"
    )


def datasette_metadata(overview: CorpusOverview) -> dict[str, object]:
    """Datasette metadata for the served corpus."""
    hidden = {table: {"hidden": True} for table in HIDDEN_TABLES}
    return {
        "title": TITLE,
        "description_html": description_html(overview),
        "license": LICENSE,
        "license_url": LICENSE_URL,
        "source": SOURCE,
        "source_url": SOURCE_URL,
        "databases": {
            DATABASE_NAME: {
                "description": "Reports, findings, labels and topics of the cqc-themes "
                "corpus, read-only.",
                "tables": {
                    **hidden,
                    FINDINGS_VIEW: {
                        "title": "Findings with their council",
                        "description": "One row per finding: the council and its rating, "
                        "where the finding sits in the report, its label and its text. "
                        "Search it, or pick facets to narrow it.",
                        "fts_table": FINDINGS_FTS_TABLE,
                        "fts_pk": "finding_id",
                        "facets": [*FACETS, *({"array": column} for column in ARRAY_FACETS)],
                        "sort": "finding_id",
                        "columns": FINDING_COLUMNS,
                    },
                    REPORTS_VIEW: {
                        "title": "Reports",
                        "description": "One row per report, superseded ones too, with its findings "
                        "counted by label.",
                        "facets": ["rating", "is_current"],
                        "columns": REPORT_COLUMNS,
                    },
                },
                "queries": {
                    query.name: {
                        "title": query.title,
                        "description": query.description,
                        "sql": query.sql.strip(),
                        "params": list(query.parameters),
                    }
                    for query in CANNED_QUERIES
                },
            }
        },
    }


# Datasette settings: full sentences in cells, facets given time over joined views, and
# no facet suggestions (they cost a query per column on every page).
SETTINGS: dict[str, object] = {
    "default_page_size": 50,
    "truncate_cells_html": 0,
    "facet_time_limit_ms": 2000,
    "sql_time_limit_ms": 5000,
    "suggest_facets": False,
}
