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
    label_source: str | None = None  # "model" or "researcher" (a correction); None unlabelled


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


# Codebook themes (models/codebook/) ----------------------------------------------------


@dataclass(frozen=True)
class CodebookTheme:
    """One theme of a codebook, as a researcher writes it in the codebook file."""

    theme_id: str  # stable: codes, matrices and digests refer to the theme by it
    name: str  # as a researcher would name it, e.g. "Support for unpaid carers"
    definition: str  # one line: what a finding must be about to carry this code
    seeds: tuple[str, ...]  # example phrases in our own words (embedding evidence)
    keywords: tuple[str, ...] = ()  # regular expressions on lower-cased words
    group: str | None = None  # e.g. a CQC theme such as "Working with people"


@dataclass(frozen=True)
class Codebook:
    """A set of themes to code findings with, and where it came from."""

    name: str  # "default", or the file's `name` (else its stem)
    source: str  # "default" or the path it was loaded from
    themes: tuple[CodebookTheme, ...]
    fingerprint: str  # changes whenever coding with it could give different codes

    def theme(self, theme_id: str) -> CodebookTheme | None:
        return next((t for t in self.themes if t.theme_id == theme_id), None)


@dataclass(frozen=True)
class FindingCode:
    """One theme a finding was coded with, how strongly, and why."""

    finding_id: int
    theme_id: str
    score: float  # 0..1: keyword evidence gives 1.0, similarity its blended value
    reason: str  # e.g. 'words "carers", "respite"' or 'like seed "..." (0.61)'


@dataclass(frozen=True)
class CodedFinding:
    """A finding with one of its codes and where its label came from."""

    finding: StoredFinding
    code: FindingCode
    label_probabilities: dict[str, float]  # empty before `classify`
    label_source: str = "model"  # "researcher" for a researcher's correction


@dataclass(frozen=True)
class CodingRecord:
    """Which codebook coded the corpus, and how far."""

    codebook_name: str
    codebook_source: str
    codebook_fingerprint: str
    method: str  # the coding method, e.g. "keywords+embeddings"
    coded_at: str
    findings_coded: int  # findings the codebook has been applied to (coded or not)
    findings_with_codes: int


@dataclass(frozen=True)
class CodingRefresh:
    """What `code_corpus` did: the coding now stored and how much it had to redo."""

    record: CodingRecord
    newly_coded: int  # findings coded by this call (the rest were already coded)
    recoded: bool  # True when a changed codebook threw the earlier codes away
    reason: str


@dataclass(frozen=True)
class ThemeEvidence:
    """A coded finding shown as evidence for a council's judgement on a theme."""

    finding_id: int
    council: str
    page: int
    text: str
    label: str | None  # classifier (or researcher) label; None before `classify`
    confidence: float  # of the label; 1.0 for a researcher's correction
    code_score: float
    reason: str
    label_source: str = "model"  # or "researcher" for a researcher's correction
    # How likely the finding shows a shortfall / a strength on the theme: its label
    # probability times its code's score (what the council's judgement adds up).
    shortfall_probability: float = 0.0
    strength_probability: float = 0.0


@dataclass(frozen=True)
class CouncilThemeJudgement:
    """Whether one council's report raises one theme as a shortfall, a strength, both,
    or only descriptively, and the findings that show it."""

    theme_id: str
    council: str
    polarity: str  # "shortfall", "strength", "both" or "descriptive" (models/codebook)
    shortfall_weight: float  # chance (0-1) that at least one coded finding shows a shortfall
    strength_weight: float
    evidence: tuple[ThemeEvidence, ...]  # strongest first

    @property
    def is_shortfall(self) -> bool:
        return self.polarity in ("shortfall", "both")

    @property
    def is_strength(self) -> bool:
        return self.polarity in ("strength", "both")


@dataclass(frozen=True)
class ThemeCouncils:
    """One codebook theme across the corpus: every council that raises it, and how."""

    theme: CodebookTheme
    judgements: tuple[CouncilThemeJudgement, ...]  # by council name

    @property
    def councils(self) -> tuple[str, ...]:
        return tuple(j.council for j in self.judgements)

    @property
    def shortfall_councils(self) -> tuple[str, ...]:
        return tuple(j.council for j in self.judgements if j.is_shortfall)

    @property
    def strength_councils(self) -> tuple[str, ...]:
        return tuple(j.council for j in self.judgements if j.is_strength)


@dataclass(frozen=True)
class ThemeMatrix:
    """Council x theme: each cell a polarity, or None where the report does not raise it."""

    councils: tuple[str, ...]  # every council in the corpus, alphabetical
    themes: tuple[CodebookTheme, ...]  # codebook order
    judgements: tuple[CouncilThemeJudgement, ...]

    def cell(self, council: str, theme_id: str) -> str | None:
        return next(
            (
                j.polarity
                for j in self.judgements
                if j.council == council and j.theme_id == theme_id
            ),
            None,
        )


# Recurring themes, codebook and discovered (models/themes.py) ---------------------------


@dataclass(frozen=True)
class RecurringTheme:
    """A codebook or discovered theme with every council that raises it, judged."""

    theme_id: str  # the codebook id, or "discovered-N" (stable across refits)
    name: str  # as a person would name it
    kind: str  # "codebook" or "discovered"
    definition: str | None  # the codebook's one line; None for a discovered theme
    keywords: tuple[str, ...]
    judgements: tuple[CouncilThemeJudgement, ...]  # by council name
    finding_count: int
    label_counts: dict[str, int]  # strength / improvement / context -> findings
    statement_counts: dict[str, int]  # quality statement (or section) -> findings
    candidate: bool = False  # a discovered theme worth proposing as a code

    @property
    def councils(self) -> tuple[str, ...]:
        return tuple(j.council for j in self.judgements)

    @property
    def council_count(self) -> int:
        return len(self.judgements)

    @property
    def shortfall_councils(self) -> tuple[str, ...]:
        return tuple(j.council for j in self.judgements if j.is_shortfall)

    @property
    def strength_councils(self) -> tuple[str, ...]:
        return tuple(j.council for j in self.judgements if j.is_strength)


@dataclass(frozen=True)
class ThemesRefresh:
    """What `refresh_themes` did: the coding and the discovered themes' refit."""

    coding: CodingRefresh
    topics: TopicRefresh


@dataclass(frozen=True)
class Correction:
    """A researcher's label for one stored finding: kept over any model's label."""

    finding_id: int
    label: str  # one of domain.FINDING_LABELS


@dataclass(frozen=True)
class CorrectedFinding:
    """A finding with the label a researcher gave it, and when."""

    finding: StoredFinding  # finding.label is the researcher's label
    corrected_at: str  # UTC ISO time
