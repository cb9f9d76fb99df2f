"""What the lessons-learned digest says, worked out from the corpus as typed records.

Every claim is counted from stored findings, and every quotation is a stored finding
with its council and page, so a reader can trace each line back to a report. Scope
filters narrow which reports and findings are counted; the topics themselves come from
the corpus-wide topic run, so a narrower digest never refits anything.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from cqc_themes.corpus import Corpus
from cqc_themes.domain import (
    HIGHER_RATINGS,
    LABEL_CONTEXT,
    LABEL_IMPROVEMENT,
    LABEL_STRENGTH,
    RATINGS,
    STATEMENT_NAMES,
    THEME_OF_STATEMENT,
)
from cqc_themes.models.topics import is_framework_text, list_topics
from cqc_themes.records import FindingFilter, ReportSummary, StoredFinding, Topic

# A theme is listed as a recurring strength or shortfall when findings with that label
# come from at least this many councils...
MIN_COUNCILS = 2
# ...and that label makes up at least this share of the theme's judged findings.
MIN_LABEL_SHARE = 0.4
QUOTES_PER_THEME = 3
# Labels at least this probable are preferred for quotations.
CONFIDENT_LABEL = 0.7
DIFFERENTIATORS = 8
THEMES_PER_STATEMENT = 3


@dataclass(frozen=True)
class QuotedFinding:
    finding_id: int
    council: str
    page: int
    text: str
    quality_statement: str | None
    label: str | None


@dataclass(frozen=True)
class DigestTheme:
    """One recurring theme, counted within the digest's scope."""

    topic_id: int
    label: str
    keywords: tuple[str, ...]
    councils: tuple[str, ...]  # councils with findings of the listed kind (all, in `themes`)
    statements: dict[str, int]  # quality statement -> findings in scope
    label_split: dict[str, int]  # strength / improvement / context -> findings in scope
    findings: tuple[QuotedFinding, ...]

    @property
    def council_count(self) -> int:
        return len(self.councils)


@dataclass(frozen=True)
class Differentiator:
    """How much more often higher-rated councils have a theme of a kind than lower-rated."""

    topic_id: int
    label: str
    kind: str  # "strength" or "improvement"
    higher_share: float  # of councils rated Outstanding or Good
    lower_share: float  # of councils rated Requires improvement or Inadequate
    higher_councils: int
    lower_councils: int

    @property
    def difference(self) -> float:
        return self.higher_share - self.lower_share


@dataclass(frozen=True)
class ThemeMention:
    label: str
    councils: int
    findings: int


@dataclass(frozen=True)
class StatementDigest:
    quality_statement: str
    theme: str
    reports_scored: int
    mean_score: float | None
    strengths: tuple[ThemeMention, ...]
    shortfalls: tuple[ThemeMention, ...]


@dataclass(frozen=True)
class CorpusGlance:
    reports: int
    findings: int
    labelled_findings: int
    ratings: dict[str, int]  # every rating, in framework order, including unknown
    scores: tuple[tuple[str, int], ...]  # (council, score out of 100) where printed
    heatmap: tuple[tuple[str, tuple[int | None, ...]], ...]  # council, nine scores


@dataclass(frozen=True)
class Digest:
    scope: dict[str, str]
    glance: CorpusGlance
    improvements: tuple[DigestTheme, ...]
    strengths: tuple[DigestTheme, ...]
    themes: tuple[DigestTheme, ...]
    differentiators: tuple[Differentiator, ...]
    statements: tuple[StatementDigest, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)


def _in_scope(report: ReportSummary, scope: FindingFilter) -> bool:
    if scope.council and scope.council.lower() not in report.council.lower():
        return False
    # The same partial, case-blind match the findings filter uses in SQL.
    if scope.rating and scope.rating.lower() not in (report.rating or "").lower():
        return False
    return not (scope.published_since and (report.published_iso or "") < scope.published_since)


def _quote(finding: StoredFinding) -> QuotedFinding:
    return QuotedFinding(
        finding_id=finding.finding_id, council=finding.council, page=finding.page,
        text=finding.text, quality_statement=finding.quality_statement, label=finding.label,
    )


def _quotes(
    findings: list[StoredFinding], preferred_ids: list[int], limit: int = QUOTES_PER_THEME
) -> tuple[QuotedFinding, ...]:
    """Up to `limit` findings from different councils: confidently labelled ones first (a
    quotation is evidence, so a doubtful label should not stand for a theme), then the
    topic's most typical."""
    rank = {finding_id: position for position, finding_id in enumerate(preferred_ids)}
    ordered = sorted(
        findings,
        key=lambda f: ((f.label_confidence or 0.0) < CONFIDENT_LABEL,
                       rank.get(f.finding_id, len(rank)), f.finding_id),
    )
    chosen, councils = [], set()
    for finding in ordered:
        if finding.council not in councils:
            chosen.append(finding)
            councils.add(finding.council)
        if len(chosen) == limit:
            break
    return tuple(_quote(f) for f in chosen)


def _theme(
    topic: Topic, findings: list[StoredFinding], kind: str | None, preferred: list[int]
) -> DigestTheme:
    of_kind = [f for f in findings if kind is None or f.label == kind]
    return DigestTheme(
        topic_id=topic.topic_id,
        label=topic.label,
        keywords=topic.keywords,
        councils=tuple(sorted({f.council for f in of_kind})),
        statements=dict(Counter(f.quality_statement or f.section for f in findings).most_common()),
        label_split={label: sum(f.label == label for f in findings)
                     for label in (LABEL_STRENGTH, LABEL_IMPROVEMENT, LABEL_CONTEXT)},
        findings=_quotes(of_kind, preferred),
    )


def _recurring(
    topics: dict[int, Topic], by_topic: dict[int, list[StoredFinding]], kind: str,
    preferred: dict[int, list[int]],
) -> tuple[DigestTheme, ...]:
    listed = []
    for topic_id, findings in by_topic.items():
        judged = [f for f in findings if f.label in (LABEL_STRENGTH, LABEL_IMPROVEMENT)]
        of_kind = [f for f in judged if f.label == kind]
        councils = {f.council for f in of_kind}
        if len(councils) >= MIN_COUNCILS and len(of_kind) >= MIN_LABEL_SHARE * len(judged):
            listed.append(_theme(topics[topic_id], findings, kind, preferred[topic_id]))
    return tuple(sorted(listed, key=lambda t: (-t.council_count, -len(t.findings), t.label)))


def _differentiators(
    topics: dict[int, Topic], by_topic: dict[int, list[StoredFinding]],
    reports: list[ReportSummary],
) -> tuple[Differentiator, ...]:
    higher = {r.council for r in reports if r.rating in HIGHER_RATINGS}
    lower = {r.council for r in reports if r.rating and r.rating not in HIGHER_RATINGS}
    if not higher or not lower:
        return ()
    rows = []
    for topic_id, findings in by_topic.items():
        for kind in (LABEL_STRENGTH, LABEL_IMPROVEMENT):
            councils = {f.council for f in findings if f.label == kind}
            rows.append(Differentiator(
                topic_id=topic_id, label=topics[topic_id].label, kind=kind,
                higher_share=len(councils & higher) / len(higher),
                lower_share=len(councils & lower) / len(lower),
                higher_councils=len(higher), lower_councils=len(lower),
            ))
    rows.sort(key=lambda d: (-abs(d.difference), d.label, d.kind))
    return tuple(d for d in rows[:DIFFERENTIATORS] if d.difference)


def _mentions(
    findings: Iterable[StoredFinding], topics: dict[int, Topic]
) -> tuple[ThemeMention, ...]:
    councils: dict[int, set[str]] = defaultdict(set)
    counts: Counter[int] = Counter()
    for finding in findings:
        councils[finding.topic].add(finding.council)
        counts[finding.topic] += 1
    ranked = sorted(counts, key=lambda t: (-len(councils[t]), -counts[t], topics[t].label))
    return tuple(
        ThemeMention(topics[t].label, len(councils[t]), counts[t])
        for t in ranked[:THEMES_PER_STATEMENT]
    )


def _statements(
    reports: list[ReportSummary], by_topic: dict[int, list[StoredFinding]],
    topics: dict[int, Topic], scope: FindingFilter,
) -> tuple[StatementDigest, ...]:
    in_topics = [f for findings in by_topic.values() for f in findings]
    digests = []
    for statement in STATEMENT_NAMES:
        if scope.quality_statement and scope.quality_statement.lower() not in statement.lower():
            continue
        scores = [r.statement_scores[statement] for r in reports if statement in r.statement_scores]
        here = [f for f in in_topics if f.quality_statement == statement]
        digests.append(StatementDigest(
            quality_statement=statement,
            theme=THEME_OF_STATEMENT[statement],
            reports_scored=len(scores),
            mean_score=round(sum(scores) / len(scores), 2) if scores else None,
            strengths=_mentions((f for f in here if f.label == LABEL_STRENGTH), topics),
            shortfalls=_mentions((f for f in here if f.label == LABEL_IMPROVEMENT), topics),
        ))
    return tuple(digests)


def _glance(reports: list[ReportSummary], findings: list[StoredFinding]) -> CorpusGlance:
    ratings = Counter(r.rating or "Not printed" for r in reports)
    return CorpusGlance(
        reports=len(reports),
        findings=len(findings),
        labelled_findings=sum(f.label is not None for f in findings),
        ratings={rating: ratings.get(rating, 0) for rating in (*RATINGS, "Not printed")},
        scores=tuple((r.council, r.score_100) for r in reports if r.score_100 is not None),
        heatmap=tuple(
            (r.council, tuple(r.statement_scores.get(name) for name in STATEMENT_NAMES))
            for r in reports
        ),
    )


def _scope_description(scope: FindingFilter) -> dict[str, str]:
    described = {
        "council": scope.council, "quality_statement": scope.quality_statement,
        "rating": scope.rating, "published_since": scope.published_since,
    }
    return {key: value for key, value in described.items() if value}


def build_digest(corpus: Corpus, scope: FindingFilter | None = None) -> Digest:
    """The digest's content for the reports and findings in scope."""
    scope = scope or FindingFilter()
    reports = [r for r in corpus.reports() if _in_scope(r, scope)]
    findings = [f for f in corpus.findings(scope) if not is_framework_text(f)]
    topics = {topic.topic_id: topic for topic in list_topics(corpus)}
    by_topic: dict[int, list[StoredFinding]] = defaultdict(list)
    for finding in findings:
        if finding.topic is not None and finding.topic in topics:
            by_topic[finding.topic].append(finding)
    # Quotations come from each topic's most typical findings first.
    preferred = {
        topic_id: [f.finding_id for f in corpus.topic_findings(topic_id)]
        for topic_id in by_topic
    }
    themes = tuple(
        sorted(
            (_theme(topics[t], fs, None, preferred[t]) for t, fs in by_topic.items()),
            key=lambda theme: (-theme.council_count, -sum(theme.label_split.values()),
                               theme.label),
        )
    )
    notes = []
    if findings and not any(f.label for f in findings):
        notes.append("No finding is labelled yet: run `cqc-themes classify`.")
    if not topics:
        notes.append("No topics yet: run `cqc-themes themes`.")
    return Digest(
        scope=_scope_description(scope),
        glance=_glance(reports, findings),
        improvements=_recurring(topics, by_topic, LABEL_IMPROVEMENT, preferred),
        strengths=_recurring(topics, by_topic, LABEL_STRENGTH, preferred),
        themes=themes,
        differentiators=_differentiators(topics, by_topic, reports),
        statements=_statements(reports, by_topic, topics, scope),
        notes=tuple(notes),
    )
