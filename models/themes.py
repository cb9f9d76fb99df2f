"""Recurring themes, codebook and discovered together: which councils raise each, and how.

    from cqc_themes import Corpus, refresh_themes, list_themes, theme_details
    with Corpus("corpus.sqlite") as corpus:
        refresh_themes(corpus)                      # codes new findings, refits if stale
        for theme in list_themes(corpus):
            print(theme.theme_id, theme.name, theme.shortfall_councils, theme.strength_councils)

Codebook themes come first (codebook order) and keep their codebook ids. Discovered
themes are the topics found among the findings no code covers; their ids ("discovered-4")
survive refits. Both are judged per council by the codebook's rule (`judge_council`:
confidence-weighted labels), so a council's polarity means the same for either kind.
A discovered theme is a candidate code when it recurs in `CANDIDATE_MIN_COUNCILS`+
councils and its leading keyword is what holds it together (it occurs in most of its
findings, in that many councils), which leaves out clusters of style ("everyday tasks and
things"). `candidate_codebook_theme` turns a candidate into a codebook theme to add to a
codebook file.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from pathlib import Path

from cqc_themes.corpus import Corpus
from cqc_themes.corpus.code_store import CodeStore
from cqc_themes.domain import LABEL_CONTEXT, LABEL_IMPROVEMENT, LABEL_STRENGTH
from cqc_themes.errors import CodingError, TopicModelError
from cqc_themes.models.codebook import (
    add_theme_to_codebook_file,
    code_corpus,
    covered_finding_ids,
    default_codebook,
    find_theme,
    judge_council,
)
from cqc_themes.models.discovery.topic_labels import tidy_keywords
from cqc_themes.models.discovery.topic_vocabulary import place_words, topic_analyzer, word_stem
from cqc_themes.models.discovery.topics import (
    default_theme_model,
    fittable_findings,
    refresh_topics,
)
from cqc_themes.models.embeddings import SentenceEmbedder
from cqc_themes.records import (
    Codebook,
    CodebookTheme,
    CodedFinding,
    FindingCode,
    RecurringTheme,
    StoredFinding,
    ThemesRefresh,
)

KIND_CODEBOOK = "codebook"
KIND_DISCOVERED = "discovered"
DISCOVERED_PREFIX = "discovered-"
CANDIDATE_MIN_COUNCILS = 3
# Share of a candidate's findings that must use its leading keyword, and how many times
# more often than findings at large (so "families" or "risk" cannot hold a theme).
CANDIDATE_MIN_KEYWORD_SHARE = 0.5
CANDIDATE_MIN_KEYWORD_LIFT = 5.0
KEYWORDS_PER_THEME = 8

Stage = Callable[[str], None]
Embedded = Callable[[int, int], None]


def refresh_themes(
    corpus: Corpus,
    codebook: Codebook | None = None,
    *,
    refit: bool = False,
    random_state: int = 42,
    embedder: SentenceEmbedder | None = None,
    on_stage: Stage | None = None,
    on_embedded: Embedded | None = None,
) -> ThemesRefresh:
    """Code what is not coded with `codebook` (the default when None), then refit the
    discovered themes if the findings no code covers changed (or `refit`)."""
    codebook = codebook or default_codebook()
    _say(on_stage, f"Coding findings with codebook {codebook.name!r}")
    coding = code_corpus(corpus, codebook, embedder=embedder, on_progress=on_embedded)
    topics = refresh_topics(
        corpus,
        default_theme_model(corpus, random_state=random_state),
        covered_ids=covered_finding_ids(corpus),
        refit=refit,
        embedder=embedder,
        on_stage=on_stage,
        on_embedded=on_embedded,
    )
    return ThemesRefresh(coding=coding, topics=topics)


def list_themes(
    corpus: Corpus,
    codebook: Codebook | None = None,
    *,
    keep: Callable[[StoredFinding], bool] | None = None,
    min_councils: int = 0,
) -> list[RecurringTheme]:
    """Codebook themes (codebook order), then discovered themes (most councils first),
    each raised in at least `min_councils` councils. `keep` narrows the findings that
    count (e.g. to a digest's scope). Reads stored codes and topics: `refresh_themes`
    first."""
    codebook = codebook or default_codebook()
    record = CodeStore(corpus).current_coding()
    if record is None or record.codebook_fingerprint != codebook.fingerprint:
        raise CodingError(
            f"{corpus.path}: not coded with codebook {codebook.name!r} yet; "
            "run `cqc-themes themes` first"
        )
    keep = keep or (lambda finding: True)
    coded: dict[str, list[CodedFinding]] = defaultdict(list)
    for item in CodeStore(corpus).coded_findings():
        if keep(item.finding):
            coded[item.code.theme_id].append(item)
    fittable = fittable_findings(corpus)
    keywords = _KeywordRanker([f for f in fittable if keep(f)], _place_words(corpus))
    themes = [
        _recurring(
            theme.theme_id,
            theme.name,
            KIND_CODEBOOK,
            theme.definition,
            keywords.rank([item.finding for item in coded[theme.theme_id]]),
            coded[theme.theme_id],
        )
        for theme in codebook.themes
    ]
    discovered = discovered_themes(corpus, keep=keep, fittable=fittable)
    return [t for t in themes + discovered if t.council_count >= min_councils]


def discovered_themes(
    corpus: Corpus,
    *,
    keep: Callable[[StoredFinding], bool] | None = None,
    fittable: Sequence[StoredFinding] | None = None,
) -> list[RecurringTheme]:
    """The themes discovered among uncoded findings, most councils first. `fittable` is
    `fittable_findings(corpus)` when the caller already has it."""
    keep = keep or (lambda finding: True)
    if fittable is None:
        fittable = fittable_findings(corpus)
    background = _StemIndex([_word_stems(f.text) for f in fittable])
    members_of = corpus.topic_members()
    discovered = []
    for topic in corpus.topics():
        theme_id = f"{DISCOVERED_PREFIX}{topic.topic_id}"
        members = [
            CodedFinding(
                finding,
                FindingCode(finding.finding_id, theme_id, 1.0, "in the discovered theme"),
                {},
            )
            for finding in members_of.get(topic.topic_id, [])
            if keep(finding)
        ]
        if members:
            theme = _recurring(
                theme_id, topic.label, KIND_DISCOVERED, None, topic.keywords, members
            )
            findings = [item.finding for item in members]
            candidate = _is_candidate(topic.keywords, findings, background)
            discovered.append(replace(theme, candidate=candidate))
    return sorted(discovered, key=lambda t: (-t.council_count, -t.finding_count, t.theme_id))


def candidate_themes(corpus: Corpus) -> list[RecurringTheme]:
    """Discovered themes that recur in enough councils to be proposed as codes."""
    return [theme for theme in discovered_themes(corpus) if theme.candidate]


class _StemIndex:
    """Which findings use which word stems, to count the findings that use all of a
    keyword's stems without testing every finding once per theme."""

    def __init__(self, stems_of_findings: Sequence[frozenset[str]]) -> None:
        self.size = len(stems_of_findings)
        self.findings_with: dict[str, set[int]] = defaultdict(set)
        for number, stems in enumerate(stems_of_findings):
            for stem in stems:
                self.findings_with[stem].add(number)

    def count_using_all(self, stems: frozenset[str]) -> int:
        if not stems:
            return self.size
        sets = sorted((self.findings_with.get(stem, set()) for stem in stems), key=len)
        return len(sets[0].intersection(*sets[1:]))


def _is_candidate(
    keywords: Sequence[str],
    findings: Sequence[StoredFinding],
    background: _StemIndex,
) -> bool:
    if not keywords or not background.size:
        return False
    wanted = _word_stems(keywords[0])
    using = [f for f in findings if wanted <= _word_stems(f.text)]
    share = len(using) / len(findings)
    background_share = max(background.count_using_all(wanted), 1) / background.size
    return (
        share >= CANDIDATE_MIN_KEYWORD_SHARE
        and share >= CANDIDATE_MIN_KEYWORD_LIFT * background_share
        and len({f.council for f in using}) >= CANDIDATE_MIN_COUNCILS
    )


def _word_stems(text: str) -> frozenset[str]:
    return frozenset(word_stem(word) for word in re.findall(r"[a-z]+", text.lower()))


def add_candidate_to_codebook(
    corpus: Corpus, key: str, path: Path | str
) -> tuple[CodebookTheme, Codebook]:
    """Add the discovered theme `key` (id or part of its name) to the codebook file at
    `path` (created, extending the default codebook, if missing)."""
    theme = _find(discovered_themes(corpus), key, "discovered theme")
    code = candidate_codebook_theme(theme)
    return code, add_theme_to_codebook_file(path, code)


def theme_details(corpus: Corpus, key: str, codebook: Codebook | None = None) -> RecurringTheme:
    """One theme by id ("unpaid_carers", "discovered-4" or "4") or by part of its name."""
    codebook = codebook or default_codebook()
    themes = list_themes(corpus, codebook)
    in_codebook = find_theme(codebook, key.strip())
    if in_codebook is not None:
        return next(t for t in themes if t.theme_id == in_codebook.theme_id)
    return _find(themes, key, "theme")


def _find(themes: Sequence[RecurringTheme], key: str, what: str) -> RecurringTheme:
    """By id ("discovered-4", or just "4"), else the one theme whose name contains `key`."""
    wanted = key.strip()
    if wanted.lstrip("-").isdigit():
        wanted = f"{DISCOVERED_PREFIX}{wanted}"
    for theme in themes:
        if theme.theme_id == wanted:
            return theme
    matches = [t for t in themes if wanted.lower() in t.name.lower()]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise TopicModelError(f"no {what} {key!r}; `cqc-themes themes` lists them")
    names = "; ".join(f"{t.theme_id}: {t.name}" for t in matches[:5])
    raise TopicModelError(f"{key!r} matches {len(matches)} themes ({names}); give its id")


def candidate_codebook_theme(theme: RecurringTheme) -> CodebookTheme:
    """A discovered theme as a codebook theme: its label as the name, its keywords as
    seeds and as whole-word patterns, and a definition the researcher can refine."""
    theme_id = re.sub(r"[^a-z0-9]+", "_", theme.name.lower()).strip("_") or theme.theme_id
    listed = ", ".join(theme.keywords[:4])
    return CodebookTheme(
        theme_id=theme_id,
        name=theme.name,
        definition=f"Findings about {theme.name[0].lower() + theme.name[1:]} ({listed}).",
        seeds=tuple(theme.keywords[:6]),
        keywords=tuple(rf"\b{re.escape(keyword)}\b" for keyword in theme.keywords[:6]),
    )


def _recurring(
    theme_id: str,
    name: str,
    kind: str,
    definition: str | None,
    keywords: Sequence[str],
    coded: Sequence[CodedFinding],
) -> RecurringTheme:
    by_council: dict[str, list[CodedFinding]] = defaultdict(list)
    for item in coded:
        by_council[item.finding.council].append(item)
    findings = {item.finding.finding_id: item.finding for item in coded}.values()
    return RecurringTheme(
        theme_id=theme_id,
        name=name,
        kind=kind,
        definition=definition,
        keywords=tuple(keywords),
        judgements=tuple(
            judge_council(theme_id, council, items) for council, items in sorted(by_council.items())
        ),
        finding_count=len(findings),
        label_counts={
            label: sum(f.label == label for f in findings)
            for label in (LABEL_STRENGTH, LABEL_IMPROVEMENT, LABEL_CONTEXT)
        },
        statement_counts=dict(
            Counter(f.quality_statement or f.section for f in findings).most_common()
        ),
    )


class _KeywordRanker:
    """Words and phrases a theme's findings use far more than the rest of the corpus,
    recurring in two or more councils: what a codebook theme is about in these reports."""

    def __init__(self, background: Sequence[StoredFinding], stop_words: Collection[str]):
        # Each text analysed once: a theme's findings are mostly background findings.
        self.analyse, self.terms_of = topic_analyzer([f.text for f in background], stop_words)
        self.corpus_frequency = Counter(term for f in background for term in self.terms_of[f.text])
        self.total = max(len(background), 1)

    def rank(self, findings: Sequence[StoredFinding]) -> tuple[str, ...]:
        if not findings:
            return ()
        terms = [self._terms(f.text) for f in findings]
        frequency = Counter(term for document in terms for term in document)
        ranked = sorted(
            frequency,
            key=lambda term: (
                -frequency[term] * math.log(self.total / self.corpus_frequency.get(term, 1)),
                term,
            ),
        )
        return tidy_keywords(
            ranked[:80], terms, [f.council for f in findings], limit=KEYWORDS_PER_THEME
        )

    def _terms(self, text: str) -> frozenset[str]:
        if text not in self.terms_of:
            self.terms_of[text] = frozenset(self.analyse(text))
        return self.terms_of[text]


def _place_words(corpus: Corpus) -> set[str]:
    return place_words(report.council for report in corpus.reports())


def _say(on_stage: Stage | None, message: str) -> None:
    if on_stage:
        on_stage(message)
