"""Labels a corpus's findings with the classifier and stores the labels.

Findings go through in chunks: each chunk's vectors (the frozen MiniLM embeddings and
the fine-tuned encoder's) come from (or go into) the corpus cache and its labels are
stored in one transaction, so an interrupted run keeps what it finished and the next run
carries on from there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from cqc_themes.corpus import Corpus
from cqc_themes.models.classifier import MODEL_VERSION_PREFIX, FindingClassifier
from cqc_themes.models.embeddings import embed_texts
from cqc_themes.models.trained import trained_classifier
from cqc_themes.records import Label

CHUNK_SIZE = 256


@dataclass(frozen=True)
class LabellingSummary:
    """What `label_corpus` did, and the corpus's label counts afterwards."""

    labelled: int  # findings labelled by this run
    label_counts: dict[str, int]  # every labelled finding in the corpus, by label
    model_version: str | None  # None when there was nothing to label


def label_corpus(
    corpus: Corpus,
    classifier: FindingClassifier | None = None,
    *,
    relabel: bool = False,
    on_start: Callable[[int], None] | None = None,
    on_labelled: Callable[[int], None] | None = None,
) -> LabellingSummary:
    """Label every unlabelled finding (every finding if `relabel`) and store the labels.

    `classifier` defaults to the shipped one (trained_classifier()). `on_start` gets the
    number of findings to label; `on_labelled` the size of each chunk as it is stored."""
    findings = list(corpus.findings()) if relabel else corpus.unlabelled_findings()
    if on_start:
        on_start(len(findings))
    if findings:
        classifier = classifier or trained_classifier()
        if classifier.encoder_ is not None:
            corpus.drop_embeddings(MODEL_VERSION_PREFIX, keep=classifier.encoder_.model_name)
    for start in range(0, len(findings), CHUNK_SIZE):
        chunk = findings[start : start + CHUNK_SIZE]
        embeddings = embed_texts(corpus, [finding.text for finding in chunk])
        tuned_vectors = None
        if classifier.encoder_ is not None:
            tuned_vectors = embed_texts(
                corpus, classifier.encoder_inputs(chunk), embedder=classifier.encoder_
            )
        probabilities = classifier.predict_proba(chunk, embeddings, tuned_vectors)
        labels = [
            _label(finding.finding_id, row, classifier)
            for finding, row in zip(chunk, probabilities, strict=True)
        ]
        corpus.store_labels(labels)
        if on_labelled:
            on_labelled(len(chunk))
    return LabellingSummary(
        labelled=len(findings),
        label_counts=corpus.label_counts(),
        model_version=classifier.model_version_ if classifier else None,
    )


def _label(finding_id: int, probabilities: np.ndarray, classifier: FindingClassifier) -> Label:
    best = int(probabilities.argmax())
    return Label(
        finding_id=finding_id,
        label=str(classifier.classes_[best]),
        confidence=round(float(probabilities[best]), 4),
        probabilities={
            str(label): round(float(p), 4)
            for label, p in zip(classifier.classes_, probabilities, strict=True)
        },
        model_version=classifier.model_version_,
    )
