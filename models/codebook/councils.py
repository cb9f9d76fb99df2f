"""Per council and theme: does the report raise it as a shortfall, a strength, both, or
only descriptively? And the council x theme matrix built from those judgements.

Polarity comes from the labels stored in the corpus (`classify`). Readers count a council
as raising a shortfall when "at least one clear sentence" shows one, so the evidence for a
polarity is the chance that at least one of the council's coded findings carries it: with
p_i the probability the classifier gives finding i that label, times its code's score,
evidence = 1 - prod(1 - p_i) (a noisy-or). A polarity holds when that chance reaches
`evidence_threshold`, by default one half: more likely than not. So one confident sentence
is enough, one doubtful sentence (p below one half) does not flip a council, and several
doubtful ones together can. Using each label's probability, not only the top label's,
keeps the evidence of a sentence the classifier hesitates over, say between context and
strength. A researcher's corrected label counts as certain (probability 1). Better labels
improve the judgements with no change here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from cqc_themes.corpus import Corpus
from cqc_themes.corpus.code_store import CodeStore
from cqc_themes.domain import LABEL_IMPROVEMENT, LABEL_STRENGTH
from cqc_themes.models.codebook.codebook_file import default_codebook
from cqc_themes.models.codebook.coder import ThemeCoder
from cqc_themes.models.codebook.corpus_coding import Progress, code_corpus
from cqc_themes.models.embeddings import TextEncoder
from cqc_themes.records import (
    Codebook,
    CodebookTheme,
    CodedFinding,
    CouncilThemeJudgement,
    ThemeCouncils,
    ThemeEvidence,
    ThemeMatrix,
)

POLARITY_SHORTFALL = "shortfall"
POLARITY_STRENGTH = "strength"
POLARITY_BOTH = "both"
POLARITY_DESCRIPTIVE = "descriptive"
POLARITIES = (POLARITY_SHORTFALL, POLARITY_STRENGTH, POLARITY_BOTH, POLARITY_DESCRIPTIVE)
LABEL_SOURCE_RESEARCHER = "researcher"
DEFAULT_EVIDENCE_THRESHOLD = 0.5


def label_probability(coded: CodedFinding, label: str) -> float:
    """How likely the coded finding carries `label`, times its code's score: certain
    for a researcher's label; the classifier's probability otherwise (its confidence in
    its top label where no probabilities were stored)."""
    finding = coded.finding
    if coded.label_source == LABEL_SOURCE_RESEARCHER:
        probability = 1.0 if finding.label == label else 0.0
    elif coded.label_probabilities:
        probability = coded.label_probabilities.get(label, 0.0)
    elif finding.label == label:
        probability = finding.label_confidence or 0.0
    else:
        probability = 0.0
    return probability * coded.code.score


def at_least_one(probabilities: Sequence[float]) -> float:
    """The chance that at least one of independent events happens (a noisy-or)."""
    return 1.0 - float(np.prod([1.0 - p for p in probabilities]))


def judge_council(
    theme_id: str,
    council: str,
    coded: Sequence[CodedFinding],
    evidence_threshold: float = DEFAULT_EVIDENCE_THRESHOLD,
) -> CouncilThemeJudgement:
    """One council's judgement on one theme from its findings coded with that theme."""
    shortfall_evidence = at_least_one([label_probability(c, LABEL_IMPROVEMENT) for c in coded])
    strength_evidence = at_least_one([label_probability(c, LABEL_STRENGTH) for c in coded])
    shortfall = shortfall_evidence >= evidence_threshold
    strength = strength_evidence >= evidence_threshold
    polarity = (
        POLARITY_BOTH
        if shortfall and strength
        else POLARITY_SHORTFALL
        if shortfall
        else POLARITY_STRENGTH
        if strength
        else POLARITY_DESCRIPTIVE
    )
    evidence = sorted(coded, key=lambda item: (-_own_label_weight(item), item.finding.finding_id))
    return CouncilThemeJudgement(
        theme_id=theme_id,
        council=council,
        polarity=polarity,
        shortfall_weight=round(shortfall_evidence, 4),
        strength_weight=round(strength_evidence, 4),
        evidence=tuple(_evidence(item) for item in evidence),
    )


def theme_councils(
    corpus: Corpus,
    codebook: Codebook | None = None,
    *,
    coder: ThemeCoder | None = None,
    evidence_threshold: float = DEFAULT_EVIDENCE_THRESHOLD,
    embedder: TextEncoder | None = None,
    on_progress: Progress | None = None,
) -> list[ThemeCouncils]:
    """Every codebook theme (codebook order; the default codebook when None) with each
    council that raises it, judged. Codes what is not yet coded first (`code_corpus`)."""
    codebook = codebook or default_codebook()
    code_corpus(corpus, codebook, coder, embedder=embedder, on_progress=on_progress)
    by_theme_council: dict[str, dict[str, list[CodedFinding]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for item in CodeStore(corpus).coded_findings():
        by_theme_council[item.code.theme_id][item.finding.council].append(item)
    return [
        ThemeCouncils(
            theme=theme,
            judgements=tuple(
                judge_council(theme.theme_id, council, coded, evidence_threshold)
                for council, coded in sorted(by_theme_council[theme.theme_id].items())
            ),
        )
        for theme in codebook.themes
    ]


def theme_matrix(
    corpus: Corpus,
    codebook: Codebook | None = None,
    *,
    coder: ThemeCoder | None = None,
    evidence_threshold: float = DEFAULT_EVIDENCE_THRESHOLD,
    embedder: TextEncoder | None = None,
    on_progress: Progress | None = None,
) -> ThemeMatrix:
    """Council x theme polarities for every council in the corpus and every theme."""
    per_theme = theme_councils(
        corpus,
        codebook,
        coder=coder,
        evidence_threshold=evidence_threshold,
        embedder=embedder,
        on_progress=on_progress,
    )
    councils = sorted({report.council for report in corpus.reports()})
    return ThemeMatrix(
        councils=tuple(councils),
        themes=tuple(entry.theme for entry in per_theme),
        judgements=tuple(j for entry in per_theme for j in entry.judgements),
    )


def find_theme(codebook: Codebook, wanted: str) -> CodebookTheme | None:
    """A theme by its id, or by its name or part of it (case-insensitive)."""
    exact = codebook.theme(wanted)
    if exact is not None:
        return exact
    lowered = wanted.lower()
    return next((t for t in codebook.themes if lowered in t.name.lower()), None)


def _own_label_weight(item: CodedFinding) -> float:
    """How strongly a finding shows its own label: the order evidence is quoted in."""
    label = item.finding.label
    return label_probability(item, label) if label in (LABEL_IMPROVEMENT, LABEL_STRENGTH) else 0.0


def _evidence(item: CodedFinding) -> ThemeEvidence:
    finding = item.finding
    confidence = (
        1.0 if item.label_source == LABEL_SOURCE_RESEARCHER else (finding.label_confidence or 0.0)
    )
    return ThemeEvidence(
        finding_id=finding.finding_id,
        council=finding.council,
        page=finding.page,
        text=finding.text,
        label=finding.label,
        confidence=confidence,
        code_score=item.code.score,
        reason=item.code.reason,
        label_source=item.label_source,
        shortfall_probability=round(label_probability(item, LABEL_IMPROVEMENT), 4),
        strength_probability=round(label_probability(item, LABEL_STRENGTH), 4),
    )
