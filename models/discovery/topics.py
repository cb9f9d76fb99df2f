"""Discovered themes: fit the theme model on the findings no code covers, store the run.

    from cqc_themes import Corpus
    from cqc_themes.models.discovery.topics import refresh_topics, list_topics
    with Corpus("corpus.sqlite") as corpus:
        refresh_topics(corpus, covered_ids)     # fits only if those findings changed
        for topic in list_topics(corpus, min_councils=3):
            print(topic.label, topic.size, topic.council_count)

`covered_ids` are the findings the codebook already coded (`covered_finding_ids`); with
none, every finding is clustered. A refit keeps the id of every theme it finds again
(models/discovery/topic_identity.py), so ids stay stable as reports are added.

Framework text (the "What people expect" and "The local authority commitment" wording
that every report repeats) and the About section (demographics, finances) never enter
the fit, so they can never form topics. Embeddings come from the corpus cache, so a
refit after adding reports embeds only the new findings.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from importlib.metadata import version
from pathlib import Path

import numpy as np

from cqc_themes.corpus import Corpus
from cqc_themes.domain import (
    FRAMEWORK_SUBHEADINGS,
    SECTION_ABOUT,
    STATEMENT_SUBHEADINGS,
    normalise_words,
)
from cqc_themes.errors import TopicModelError
from cqc_themes.models.discovery.topic_identity import stable_topic_ids
from cqc_themes.models.discovery.topic_model import OUTLIER_TOPIC, ThemeModel
from cqc_themes.models.discovery.topic_vocabulary import place_words
from cqc_themes.models.embeddings import EMBEDDING_MODEL_NAME, SentenceEmbedder, embed_texts
from cqc_themes.records import StoredFinding, Topic, TopicAssignment, TopicRefresh

# Bump when the way topics are fitted or described changes, so stored runs refit.
THEME_MODEL_VERSION = "themes-4"  # 3: refits guided by the previous run; 4: keep its themes
_SUBHEADING_WORDS = frozenset(normalise_words(name) for name in STATEMENT_SUBHEADINGS)
# Shorter sentences may coincide in two reports without being template wording.
_TEMPLATE_MIN_WORDS = 5

Stage = Callable[[str], None]
Embedded = Callable[[int, int], None]  # (findings embedded so far, findings to embed)
# Kept in the run's settings so an id a dissolved theme had is never given to another.
_NEXT_ID = "next_topic_id"
# The last corpus's fittable findings, with its content state when they were read: a
# `themes` or `digest` with nothing new asks three times (to code, to check the topics,
# to list the themes), and each read takes 4-5 s at 86,000 findings.
_FITTABLE: dict[Path, tuple[str, list[StoredFinding]]] = {}


def is_framework_text(finding: StoredFinding) -> bool:
    """Text that describes CQC's framework or the area rather than judging the council."""
    return finding.subheading in FRAMEWORK_SUBHEADINGS or finding.section == SECTION_ABOUT


def fittable_findings(corpus: Corpus) -> list[StoredFinding]:
    """The findings topics are fitted on, in corpus order: framework text and template
    wording left out.

    Template wording is caught by content as well as by sub-heading, for reports whose
    layout hid the sub-heading: a sub-heading printed as a finding ("What people
    expect:"), or a sentence printed word for word in two or more councils' reports.
    """
    state = corpus.content_state()
    known = _FITTABLE.get(corpus.path)
    if known is not None and known[0] == state:
        return list(known[1])
    findings = list(corpus.findings())
    words_of = [normalise_words(finding.text) for finding in findings]
    councils_by_text: dict[str, set[str]] = defaultdict(set)
    for finding, words in zip(findings, words_of, strict=True):
        councils_by_text[words].add(finding.council)

    def is_template(words: str) -> bool:
        if words in _SUBHEADING_WORDS:
            return True
        return len(words.split()) >= _TEMPLATE_MIN_WORDS and len(councils_by_text[words]) > 1

    fittable = [
        finding
        for finding, words in zip(findings, words_of, strict=True)
        if not is_framework_text(finding) and not is_template(words)
    ]
    _FITTABLE.clear()  # one corpus's findings held at a time
    _FITTABLE[corpus.path] = (state, fittable)
    return list(fittable)


def uncovered_findings(corpus: Corpus, covered_ids: Collection[int] = ()) -> list[StoredFinding]:
    """The fittable findings no code covers: what discovery clusters."""
    covered = set(covered_ids)
    return [f for f in fittable_findings(corpus) if f.finding_id not in covered]


def corpus_fingerprint(findings: Sequence[StoredFinding]) -> str:
    """Names exactly which findings (id and text) a fit covered."""
    digest = hashlib.sha1()
    for finding in sorted(findings, key=lambda f: f.finding_id):
        digest.update(f"{finding.finding_id}:{finding.text}\n".encode())
    return digest.hexdigest()


def model_version() -> str:
    return f"{THEME_MODEL_VERSION}; bertopic {version('bertopic')}; {EMBEDDING_MODEL_NAME}"


def default_theme_model(corpus: Corpus, random_state: int = 42) -> ThemeModel:
    """The theme model with the corpus's place names as stop words."""
    councils = {report.council for report in corpus.reports()}
    return ThemeModel(extra_stop_words=sorted(place_words(councils)), random_state=random_state)


def stale_reason(
    corpus: Corpus, model: ThemeModel, covered_ids: Collection[int] = ()
) -> str | None:
    """Why the current run no longer fits the corpus or the settings; None if it does."""
    run = corpus.current_topic_run()
    if run is None:
        return "no topics fitted yet"
    if run.corpus_fingerprint != corpus_fingerprint(uncovered_findings(corpus, covered_ids)):
        return "the corpus has changed since the last fit"
    if run.model_version != model_version():
        return "the theme model has changed since the last fit"
    if run.settings.get("requested") != model.get_params():
        return "the settings differ from the last fit"
    return None


def fit_topics(
    corpus: Corpus,
    model: ThemeModel | None = None,
    *,
    covered_ids: Collection[int] = (),
    embedder: SentenceEmbedder | None = None,
    on_stage: Stage | None = None,
    on_embedded: Embedded | None = None,
) -> TopicRefresh:
    """Fit topics on the findings `covered_ids` leaves out and store them as the current
    run (atomically), each theme found again keeping its id."""
    model = model or default_theme_model(corpus)
    findings = uncovered_findings(corpus, covered_ids)
    if not findings:
        raise TopicModelError(f"{corpus.path}: no findings to fit; run `cqc-themes ingest`")
    texts = [finding.text for finding in findings]
    computed = 0  # how many embeddings this refit had to compute, for the refresh record

    def on_progress(done: int, total: int) -> None:
        nonlocal computed
        computed = done
        if on_embedded:
            on_embedded(done, total)

    _say(on_stage, "Embedding findings")
    embeddings = embed_texts(corpus, texts, embedder, on_progress=on_progress)
    _say(on_stage, f"Fitting topics on {len(texts)} findings")
    previous, next_id = _previous_run(corpus)
    finding_ids = [finding.finding_id for finding in findings]
    model.fit(
        texts,
        embeddings,
        groups=[finding.council for finding in findings],
        guide=[previous.get(finding_id, OUTLIER_TOPIC) for finding_id in finding_ids],
    )
    stable = stable_topic_ids(
        finding_ids, model.topic_ids_.tolist(), _unit(embeddings), previous, next_id
    )
    run = corpus.save_topic_run(
        method=model.method_,
        settings={
            "requested": model.get_params(),
            "used": model.settings_,
            _NEXT_ID: max([next_id, *(i + 1 for i in stable.values())]),
        },
        model_version=model_version(),
        corpus_fingerprint=corpus_fingerprint(findings),
        topics=[replace(topic, topic_id=stable[topic.topic_id]) for topic in model.topics_],
        assignments=[
            TopicAssignment(finding_id, stable[int(topic_id)], round(float(typicality), 4))
            for finding_id, topic_id, typicality in zip(
                finding_ids, model.topic_ids_, model.typicality_, strict=True
            )
        ],
    )
    reason = model.fallback_reason_ or f"fitted {run.topic_count} topics with BERTopic"
    return TopicRefresh(run=run, refitted=True, reason=reason, embeddings_computed=computed)


def refresh_topics(
    corpus: Corpus,
    model: ThemeModel | None = None,
    *,
    covered_ids: Collection[int] = (),
    refit: bool = False,
    embedder: SentenceEmbedder | None = None,
    on_stage: Stage | None = None,
    on_embedded: Embedded | None = None,
) -> TopicRefresh:
    """The current run, fitting first if there is none, the corpus changed, or `refit`."""
    model = model or default_theme_model(corpus)
    reason = "refit requested" if refit else stale_reason(corpus, model, covered_ids)
    if reason is None:
        run = corpus.current_topic_run()
        assert run is not None  # stale_reason says so when there is none
        return TopicRefresh(run=run, refitted=False, reason="the stored topics are current")
    return fit_topics(
        corpus,
        model,
        covered_ids=covered_ids,
        embedder=embedder,
        on_stage=on_stage,
        on_embedded=on_embedded,
    )


def list_topics(corpus: Corpus, min_councils: int = 0) -> list[Topic]:
    """The current run's topics found in at least `min_councils` councils, largest first."""
    return [topic for topic in corpus.topics() if topic.council_count >= min_councils]


def topic_details(corpus: Corpus, key: str | int, representatives: int = 5) -> Topic:
    """One topic by number or by part of its label, with its most typical findings.

    The examples come from the more typical half of the topic, one per council first, so
    they show the theme recurring without reaching for weak members.
    """
    topics = corpus.topics()
    if corpus.current_topic_run() is None:
        raise TopicModelError("no topics fitted yet; run `cqc-themes themes` first")
    topic = _find_topic(topics, str(key))
    findings = corpus.topic_findings(topic.topic_id)
    typical_half = findings[: max(representatives, (len(findings) + 1) // 2)]
    councils_seen: set[str] = set()
    first_per_council: list[StoredFinding] = []
    rest: list[StoredFinding] = []
    for finding in typical_half:
        if finding.council in councils_seen:
            rest.append(finding)
        else:
            councils_seen.add(finding.council)
            first_per_council.append(finding)
    chosen = (first_per_council + rest)[:representatives]
    return replace(topic, representative_findings=tuple(chosen))


def _find_topic(topics: list[Topic], key: str) -> Topic:
    if key.strip().lstrip("-").isdigit():
        for topic in topics:
            if topic.topic_id == int(key):
                return topic
        raise TopicModelError(f"no topic {key}; `cqc-themes themes` lists them")
    matches = [t for t in topics if key.lower() in t.label.lower()]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise TopicModelError(f"no topic label contains {key!r}; `cqc-themes themes` lists them")
    names = "; ".join(f"{t.topic_id}: {t.label}" for t in matches[:5])
    raise TopicModelError(f"{key!r} matches {len(matches)} topics ({names}); give its number")


def _previous_run(corpus: Corpus) -> tuple[dict[int, int], int]:
    """The current run's finding -> theme ids, and the smallest id it has not used."""
    run = corpus.current_topic_run()
    if run is None:
        return {}, 0
    previous = {
        finding.finding_id: topic.topic_id
        for topic in corpus.topics()
        for finding in corpus.topic_findings(topic.topic_id)
    }
    used = [topic_id + 1 for topic_id in previous.values() if topic_id != OUTLIER_TOPIC]
    return previous, max([int(run.settings.get(_NEXT_ID, 0)), *used])


def _unit(vectors: Sequence[Sequence[float]]) -> np.ndarray:
    rows = np.asarray(vectors, dtype=np.float32)
    return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)


def _say(on_stage: Stage | None, message: str) -> None:
    if on_stage:
        on_stage(message)
