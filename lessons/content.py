"""What the lessons-learned digest says, worked out from the corpus as typed records.

The digest leads with the codebook's themes: recurring shortfalls, then recurring
strengths, each ordered by how many councils raise it that way. Then come the themes
discovered among findings no code covers. The councils listed under a theme and polarity
are exactly the codebook's judgement (`judge_council`, via models/themes.py); the
discovered themes listed are the candidate codes (models/themes.py says which). Each
council is quoted with its strongest finding of that kind, with council and page, so a
reader can trace every line back to a report. Scope filters narrow which reports and
findings are counted; codes and discovered themes come from the corpus-wide runs, so a
narrower digest never recodes or refits anything.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from cqc_themes.corpus import Corpus
from cqc_themes.domain import (
    HIGHER_RATINGS,
    LABEL_IMPROVEMENT,
    LABEL_STRENGTH,
    RATINGS,
    STATEMENT_NAMES,
    THEME_OF_STATEMENT,
)
from cqc_themes.models.codebook import default_codebook
from cqc_themes.models.discovery.topics import is_framework_text
from cqc_themes.models.themes import KIND_CODEBOOK, KIND_DISCOVERED, list_themes
from cqc_themes.records import (
    Codebook,
    CouncilThemeJudgement,
    FindingFilter,
    RecurringTheme,
    ReportSummary,
    StoredFinding,
    ThemeEvidence,
)

# A theme is listed as a recurring shortfall or strength when at least this many
# councils raise it that way.
MIN_COUNCILS = 2
# The headline lists fit a screen.
HEADLINE_THEMES = 8
DIFFERENTIATORS = 8
THEMES_PER_STATEMENT = 3

POLARITY_LABEL = {"shortfall": LABEL_IMPROVEMENT, "strength": LABEL_STRENGTH}


@dataclass(frozen=True)
class QuotedFinding:
    finding_id: int
    council: str
    page: int
    text: str
    quality_statement: str | None
    label: str | None


@dataclass(frozen=True)
class CouncilVerdict:
    """How one council's report raises a theme, and the finding that shows it best."""

    council: str
    polarity: str  # "shortfall", "strength", "both" or "descriptive"
    quote: QuotedFinding | None


@dataclass(frozen=True)
class DigestTheme:
    """One theme in the digest's scope, with the councils a section lists under it."""

    theme_id: str
    label: str  # the theme's name, as a person would name it
    kind: str  # "codebook" or "discovered"
    keywords: tuple[str, ...]
    councils: tuple[str, ...]  # councils listed in this section (all, for discovered themes)
    verdicts: tuple[CouncilVerdict, ...]  # one per listed council, alphabetical
    statements: dict[str, int]  # quality statement -> findings in scope
    label_split: dict[str, int]  # strength / improvement / context -> findings in scope
    shortfall_councils: tuple[str, ...]
    strength_councils: tuple[str, ...]

    @property
    def council_count(self) -> int:
        return len(self.councils)

    @property
    def findings(self) -> tuple[QuotedFinding, ...]:
        return tuple(v.quote for v in self.verdicts if v.quote is not None)


@dataclass(frozen=True)
class ThemeHeatmap:
    """Council x codebook theme: each cell a polarity, or None where not raised."""

    councils: tuple[str, ...]
    themes: tuple[tuple[str, str], ...]  # (theme id, name), most councils first
    cells: tuple[tuple[str | None, ...], ...]  # one row per council


@dataclass(frozen=True)
class Differentiator:
    """How much more often higher-rated councils raise a theme one way than lower-rated."""

    theme_id: str
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
    codebook: str  # the codebook's name
    improvements: tuple[DigestTheme, ...]  # codebook themes, recurring shortfalls
    strengths: tuple[DigestTheme, ...]  # codebook themes, recurring strengths
    discovered: tuple[DigestTheme, ...]  # discovered themes proposed as candidate codes
    theme_heatmap: ThemeHeatmap
    differentiators: tuple[Differentiator, ...]
    statements: tuple[StatementDigest, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def themes(self) -> tuple[DigestTheme, ...]:
        """Every theme the digest lists, in reading order."""
        return self.improvements + self.strengths + self.discovered


def _in_scope(report: ReportSummary, scope: FindingFilter) -> bool:
    if scope.council and scope.council.lower() not in report.council.lower():
        return False
    # The same partial, case-blind match the findings filter uses in SQL.
    if scope.rating and scope.rating.lower() not in (report.rating or "").lower():
        return False
    return not (scope.published_since and (report.published_iso or "") < scope.published_since)


def _quote(evidence: ThemeEvidence, stored: dict[int, StoredFinding]) -> QuotedFinding:
    finding = stored.get(evidence.finding_id)
    return QuotedFinding(
        finding_id=evidence.finding_id, council=evidence.council, page=evidence.page,
        text=evidence.text, quality_statement=finding.quality_statement if finding else None,
        label=evidence.label,
    )


def _verdict(
    judgement: CouncilThemeJudgement, label: str | None, stored: dict[int, StoredFinding]
) -> CouncilVerdict:
    """The council's strongest evidence of `label`: a finding labelled so, the likeliest
    first; else (the council is listed on several hesitant findings) the finding likeliest
    to show it. Any finding's first evidence when `label` is None."""
    evidence = list(judgement.evidence)
    if label is not None and evidence:
        evidence.sort(key=lambda e: (e.label != label, -_probability_of(e, label)))
    quote = _quote(evidence[0], stored) if evidence else None
    return CouncilVerdict(judgement.council, judgement.polarity, quote)


def _probability_of(evidence: ThemeEvidence, label: str) -> float:
    if label == LABEL_IMPROVEMENT:
        return evidence.shortfall_probability
    return evidence.strength_probability if label == LABEL_STRENGTH else 0.0


def _digest_theme(
    theme: RecurringTheme, polarity: str | None, stored: dict[int, StoredFinding]
) -> DigestTheme:
    if polarity == "shortfall":
        listed = [j for j in theme.judgements if j.is_shortfall]
    elif polarity == "strength":
        listed = [j for j in theme.judgements if j.is_strength]
    else:
        listed = list(theme.judgements)
    label = POLARITY_LABEL.get(polarity or "")
    verdicts = []
    for judgement in listed:
        kind = label or POLARITY_LABEL.get(judgement.polarity)
        verdicts.append(_verdict(judgement, kind, stored))
    return DigestTheme(
        theme_id=theme.theme_id, label=theme.name, kind=theme.kind, keywords=theme.keywords,
        councils=tuple(j.council for j in listed), verdicts=tuple(verdicts),
        statements=theme.statement_counts, label_split=theme.label_counts,
        shortfall_councils=theme.shortfall_councils, strength_councils=theme.strength_councils,
    )


def _recurring(
    themes: Sequence[RecurringTheme], polarity: str, stored: dict[int, StoredFinding]
) -> tuple[DigestTheme, ...]:
    listed = [
        _digest_theme(theme, polarity, stored) for theme in themes
        if theme.kind == KIND_CODEBOOK and len(
            theme.shortfall_councils if polarity == "shortfall" else theme.strength_councils
        ) >= MIN_COUNCILS
    ]
    return tuple(sorted(listed, key=lambda t: (-t.council_count, t.label)))


def _theme_heatmap(themes: Sequence[RecurringTheme], councils: Sequence[str]) -> ThemeHeatmap:
    shown = sorted(
        (t for t in themes if t.kind == KIND_CODEBOOK and t.council_count >= MIN_COUNCILS),
        key=lambda t: (-t.council_count, t.name),
    )
    polarity = {(j.council, t.theme_id): j.polarity for t in shown for j in t.judgements}
    return ThemeHeatmap(
        councils=tuple(councils),
        themes=tuple((t.theme_id, t.name) for t in shown),
        cells=tuple(tuple(polarity.get((c, t.theme_id)) for t in shown) for c in councils),
    )


def _differentiators(
    themes: Sequence[RecurringTheme], reports: list[ReportSummary]
) -> tuple[Differentiator, ...]:
    higher = {r.council for r in reports if r.rating in HIGHER_RATINGS}
    lower = {r.council for r in reports if r.rating and r.rating not in HIGHER_RATINGS}
    if not higher or not lower:
        return ()
    rows = []
    for theme in themes:
        for kind, councils in ((LABEL_STRENGTH, set(theme.strength_councils)),
                               (LABEL_IMPROVEMENT, set(theme.shortfall_councils))):
            rows.append(Differentiator(
                theme_id=theme.theme_id, label=theme.name, kind=kind,
                higher_share=len(councils & higher) / len(higher),
                lower_share=len(councils & lower) / len(lower),
                higher_councils=len(higher), lower_councils=len(lower),
            ))
    rows.sort(key=lambda d: (-abs(d.difference), d.label, d.kind))
    return tuple(d for d in rows[:DIFFERENTIATORS] if d.difference)


def _mentions(
    themes: Sequence[RecurringTheme], statement: str, label: str,
    stored: dict[int, StoredFinding],
) -> tuple[ThemeMention, ...]:
    """The themes most councils raise with findings of `label` under `statement`."""
    councils: dict[str, set[str]] = defaultdict(set)
    counts: Counter[str] = Counter()
    names = {theme.theme_id: theme.name for theme in themes}
    for theme in themes:
        for judgement in theme.judgements:
            for evidence in judgement.evidence:
                finding = stored.get(evidence.finding_id)
                if finding and finding.quality_statement == statement and evidence.label == label:
                    councils[theme.theme_id].add(judgement.council)
                    counts[theme.theme_id] += 1
    ranked = sorted(counts, key=lambda t: (-len(councils[t]), -counts[t], names[t]))
    return tuple(ThemeMention(names[t], len(councils[t]), counts[t])
                 for t in ranked[:THEMES_PER_STATEMENT])


def _statements(
    reports: list[ReportSummary], themes: Sequence[RecurringTheme],
    stored: dict[int, StoredFinding], scope: FindingFilter,
) -> tuple[StatementDigest, ...]:
    digests = []
    for statement in STATEMENT_NAMES:
        if scope.quality_statement and scope.quality_statement.lower() not in statement.lower():
            continue
        scores = [r.statement_scores[statement] for r in reports if statement in r.statement_scores]
        digests.append(StatementDigest(
            quality_statement=statement,
            theme=THEME_OF_STATEMENT[statement],
            reports_scored=len(scores),
            mean_score=round(sum(scores) / len(scores), 2) if scores else None,
            strengths=_mentions(themes, statement, LABEL_STRENGTH, stored),
            shortfalls=_mentions(themes, statement, LABEL_IMPROVEMENT, stored),
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


def build_digest(
    corpus: Corpus, scope: FindingFilter | None = None, codebook: Codebook | None = None
) -> Digest:
    """The digest's content for the reports and findings in scope. Reads the stored codes
    and discovered themes (`refresh_themes` first, as `regenerate_digest` does)."""
    scope = scope or FindingFilter()
    codebook = codebook or default_codebook()
    reports = [r for r in corpus.reports() if _in_scope(r, scope)]
    findings = [f for f in corpus.findings(scope) if not is_framework_text(f)]
    stored = {f.finding_id: f for f in findings}
    themes = list_themes(corpus, codebook, keep=lambda finding: finding.finding_id in stored)
    discovered = tuple(
        _digest_theme(theme, None, stored) for theme in themes
        if theme.kind == KIND_DISCOVERED and theme.candidate
    )
    notes = []
    if findings and not any(f.label for f in findings):
        notes.append("No finding is labelled yet: run `cqc-themes classify`.")
    return Digest(
        scope=_scope_description(scope),
        glance=_glance(reports, findings),
        codebook=codebook.name,
        improvements=_recurring(themes, "shortfall", stored),
        strengths=_recurring(themes, "strength", stored),
        discovered=discovered,
        theme_heatmap=_theme_heatmap(themes, sorted({r.council for r in reports})),
        differentiators=_differentiators(themes, reports),
        statements=_statements(reports, themes, stored, scope),
        notes=tuple(notes),
    )
