"""The typed records that flow between pipeline stages.

    PDF --extract--> Page[] (of Line) --nlp--> Report (of Paragraph, Finding) --corpus--> SQLite

Every record is frozen: a stage returns new records rather than editing another's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Line:
    """One printed line of a page, with the layout facts headings are told apart by."""

    text: str
    top: float  # points from the top of the page to the top of the line
    x0: float  # points from the left edge
    font_size: float  # points, as printed (transformations applied)
    bold: bool


@dataclass(frozen=True)
class Page:
    """One page's lines in reading order; `number` is the printed page number if any."""

    index: int  # 0-based position in the file
    number: int  # printed page number, or index + 1 when none is printed
    width: float
    height: float
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class ExtractedDocument:
    """What extract/ hands to nlp/: a file's pages with running headers and footers gone."""

    path: Path
    sha256: str
    pages: tuple[Page, ...]
    engine: str  # "pdfium" or "pdfplumber"
    stripped_lines: int = 0  # running header/footer lines removed


@dataclass(frozen=True)
class Paragraph:
    """A block of running text (or one list item) and where it sits in the report."""

    index: int  # 0-based position in the report
    text: str
    page: int  # printed page number where the paragraph starts
    section: str  # a canonical statement name, or the report section's heading
    quality_statement: str | None  # canonical name, None outside the nine
    subheading: str | None  # e.g. "Key findings for this quality statement"
    finer_subheading: str | None = None  # a heading inside the key findings
    is_list_item: bool = False
    # (character offset, printed page) wherever the paragraph runs on to a new page.
    page_breaks: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Finding:
    """One sentence of a report: the unit that is searched, labelled and clustered."""

    text: str
    paragraph_index: int
    char_start: int  # offsets of the sentence within its paragraph's text
    char_end: int
    page: int
    section: str
    quality_statement: str | None
    theme: str | None
    subheading: str | None
    finer_subheading: str | None
    statement_score: int | None


@dataclass(frozen=True)
class Report:
    """One parsed assessment report: its headline facts, text and findings."""

    council: str
    published: str | None  # as printed, e.g. "17 May 2024" or "January 2025"
    published_iso: str | None  # sortable: "2024-05-17", "2025-01", None
    rating: str | None
    score_100: int | None
    statement_scores: dict[str, int]  # canonical statement name -> 1..4, known ones only
    paragraphs: tuple[Paragraph, ...]
    findings: tuple[Finding, ...]
    source_path: Path
    sha256: str
    page_count: int
    warnings: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ReportSummary:
    """One stored report as `cqc-themes reports` lists it."""

    report_id: int
    council: str
    rating: str | None
    score_100: int | None
    published: str | None
    published_iso: str | None
    statement_scores: dict[str, int]
    findings: int
    source_path: str
    sha256: str
    ingested_at: str
    warnings: tuple[str, ...] = ()
    # False once a later report of the same council (by publication date, then ingest
    # time) is stored: the old one is kept, but listings, search and themes skip it.
    current: bool = True


@dataclass(frozen=True)
class RemovalSummary:
    """What `Corpus.remove_reports` took out of the corpus."""

    reports: tuple[str, ...]  # the council of each report removed, in id order
    findings: int  # findings removed with them (their labels, codes and topics too)
    embeddings: int  # cached vectors no remaining finding's text uses
    not_found: tuple[str, ...] = ()  # one line per path or council that matched nothing


@dataclass(frozen=True)
class FindingFilter:
    """Which findings a query covers; None means any. Text fields match case-insensitively
    on part of the value, so `council="camden"` finds "London Borough of Camden"."""

    council: str | None = None
    quality_statement: str | None = None
    theme: str | None = None
    rating: str | None = None
    subheading: str | None = None
    label: str | None = None
    published_since: str | None = None  # ISO date prefix, e.g. "2025-01"
    # Superseded reports (an older assessment of a council with a newer one stored) are
    # left out unless asked for.
    include_superseded: bool = False


@dataclass(frozen=True)
class StoredFinding:
    """A finding as stored, with its report's facts and whatever models have added."""

    finding_id: int
    council: str
    rating: str | None
    published_iso: str | None
    theme: str | None
    quality_statement: str | None
    section: str
    subheading: str | None
    finer_subheading: str | None
    page: int
    statement_score: int | None
    text: str
    label: str | None = None
    label_confidence: float | None = None
    topic: int | None = None
    topic_label: str | None = None
    report_id: int | None = None


@dataclass(frozen=True)
class SearchHit:
    """One search result; `score` ranked it, the other scores say how each half saw it
    (None where that half did not run or did not match)."""

    finding: StoredFinding
    snippet: str  # the text around the match, with matches between the caller's markers
    score: float  # higher is better
    keyword_rank: int | None = None  # 1-based position among keyword matches
    keyword_score: float | None = None  # bm25, negated so higher is better
    similarity: float | None = None  # cosine of the query's and the finding's embeddings


@dataclass(frozen=True)
class Label:
    """What the classifier says one stored finding does: strength, improvement or context."""

    finding_id: int
    label: str  # one of domain.FINDING_LABELS
    confidence: float  # the probability of `label`
    probabilities: dict[str, float]  # every label's probability
    model_version: str  # the fitted classifier that gave it


@dataclass(frozen=True)
class TopicAssignment:
    """One fitted finding's topic (-1: no recurring theme) and how typical it is of it."""

    finding_id: int
    topic_id: int
    typicality: float  # cosine similarity of the finding to its topic's centroid


@dataclass(frozen=True)
class FittedTopic:
    """What a topic model learned about one topic, before the corpus adds who it covers."""

    topic_id: int
    label: str  # short and human-readable, e.g. "Unpaid carers: assessments and respite"
    keywords: tuple[str, ...]
    size: int


@dataclass(frozen=True)
class TopicRun:
    """One stored fit of the topic model; the current run is the one commands show."""

    run_id: int
    created_at: str
    method: str  # "bertopic", or "kmeans" when there were too few findings for HDBSCAN
    model_version: str
    corpus_fingerprint: str  # of the findings that were fitted
    settings: dict[str, object]
    findings_fitted: int
    outliers: int  # fitted findings that joined no topic
    topic_count: int


@dataclass(frozen=True)
class Topic:
    """A recurring theme as stored in the current run, with where it recurs."""

    topic_id: int
    label: str
    keywords: tuple[str, ...]
    size: int
    councils: tuple[str, ...]  # alphabetical
    statements: dict[str, int]  # quality statement (or report section) -> findings
    themes: dict[str, int]  # CQC theme -> findings
    label_counts: dict[str, int]  # classifier label -> findings; empty before `classify`
    representative_findings: tuple[StoredFinding, ...] = ()

    @property
    def council_count(self) -> int:
        return len(self.councils)


@dataclass(frozen=True)
class TopicRefresh:
    """What `refresh_topics` did: the current run, and whether it had to fit it."""

    run: TopicRun
    refitted: bool
    reason: str  # why it fitted, or why the stored run still stands
    embeddings_computed: int = 0  # findings embedded afresh (the rest came from the cache)


@dataclass(frozen=True)
class SearchResults:
    """Hits from `search_findings`, the ranking that produced them, and any note for the
    user (e.g. a query FTS5 could not parse, so only meaning was used)."""

    hits: tuple[SearchHit, ...]
    mode: str  # "hybrid", "semantic" or "keyword"
    note: str | None = None
