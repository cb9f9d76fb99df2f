"""Labels a corpus's findings with the corpus's classifier and stores the labels.

The classifier is the shipped one, taught the researcher's corrections when the corpus
has any (teaching.py). It labels findings with no label and findings an older model
labelled (stale), never a researcher's correction. Findings go through in chunks: each
chunk's vectors (the frozen MiniLM embeddings and the fine-tuned encoder's) come from (or
go into) the corpus cache and its labels are stored in one transaction, so an
interrupted run keeps what it finished and the next run carries on from there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from cqc_themes.corpus import Corpus
from cqc_themes.models.classifier import MODEL_VERSION_PREFIX, FindingClassifier
from cqc_themes.models.embeddings import embed_texts
from cqc_themes.models.encoders.fine_tuned import FineTunedInference
from cqc_themes.models.teaching import (
    CORRECTION_WEIGHT,
    TAUGHT_VERSION_INFIX,
    corpus_classifier,
    fine_tuned_encoder,
    fine_tunes,
    taught_version,
)
from cqc_themes.models.trained import expected_model_version
from cqc_themes.records import Label

CHUNK_SIZE = 256


@dataclass(frozen=True)
class LabellingSummary:
    """What `label_corpus` did, and the corpus's label counts afterwards."""

    labelled: int  # findings labelled by this run
    label_counts: dict[str, int]  # every labelled finding in the corpus, by label
    model_version: str | None  # None when there was nothing to label
    changed: int = 0  # findings that had a label before and now have another
    stale: int = 0  # findings relabelled because an older model had labelled them
    corrections: int = 0  # the researcher's corrections the model was taught


def corpus_model_version(corpus: Corpus) -> str:
    """The version of the model `classify` would use on this corpus, without loading it."""
    shipped = expected_model_version()
    corrected = [corrected.finding for corrected in corpus.corrected_findings()]
    if not corrected:
        return shipped
    return taught_version(shipped, corrected, CORRECTION_WEIGHT, fine_tuned=fine_tunes(corpus))


def needs_labelling(corpus: Corpus) -> bool:
    """Whether `classify` has anything to do: findings unlabelled or labelled by a model
    other than the corpus's current one (cheap: no model is loaded)."""
    unlabelled, stale = corpus.count_to_label(corpus_model_version(corpus))
    return bool(unlabelled or stale)


def label_corpus(
    corpus: Corpus,
    classifier: FindingClassifier | None = None,
    *,
    relabel: bool = False,
    on_start: Callable[[int], None] | None = None,
    on_labelled: Callable[[int], None] | None = None,
    on_notice: Callable[[str], None] | None = None,
) -> LabellingSummary:
    """Label every unlabelled or stale finding (every finding the model labels if
    `relabel`) and store the labels; researchers' corrections are kept as they are.

    `classifier` defaults to the shipped one (trained_classifier()); unless it is already
    a corpus's taught model, the corpus's corrections are taught to it first. `on_start`
    gets the number of findings to label; `on_labelled` the size of each chunk stored;
    `on_notice` one line when teaching first has to embed the training sentences."""
    if classifier is None and not relabel and not needs_labelling(corpus):
        findings = []
    else:
        if classifier is None or TAUGHT_VERSION_INFIX not in classifier.model_version_:
            classifier = corpus_classifier(corpus, classifier, on_notice=on_notice)
        findings = corpus.findings_to_label(classifier.model_version_, relabel=relabel)
    if on_start:
        on_start(len(findings))
    tuned_encoder = None
    if findings and classifier.encoder_ is not None:
        tuned_encoder = FineTunedInference(fine_tuned_encoder(classifier))
        corpus.drop_embeddings(MODEL_VERSION_PREFIX, keep=tuned_encoder.model_name)
    changed = 0
    # Shortest first: chunks of similar length pad less in the encoders (8% faster than
    # corpus order); which chunk a finding falls in does not change its label.
    findings = sorted(findings, key=lambda finding: len(finding.text))
    for start in range(0, len(findings), CHUNK_SIZE):
        chunk = findings[start : start + CHUNK_SIZE]
        embeddings = embed_texts(corpus, [finding.text for finding in chunk])
        tuned_vectors = None
        if tuned_encoder is not None:
            tuned_vectors = embed_texts(
                corpus, classifier.encoder_inputs(chunk), embedder=tuned_encoder
            )
        probabilities = classifier.predict_proba(chunk, embeddings, tuned_vectors)
        labels = [
            _label(finding.finding_id, row, classifier)
            for finding, row in zip(chunk, probabilities, strict=True)
        ]
        changed += sum(
            finding.label is not None and finding.label != label.label
            for finding, label in zip(chunk, labels, strict=True)
        )
        corpus.store_labels(labels)
        if on_labelled:
            on_labelled(len(chunk))
    labelled_by_model = [finding for finding in findings if finding.label is not None]
    return LabellingSummary(
        labelled=len(findings),
        label_counts=corpus.label_counts(),
        model_version=classifier.model_version_ if findings else None,
        changed=changed,
        stale=0 if relabel else len(labelled_by_model),
        corrections=len(getattr(classifier, "taught_texts_", ())) if findings else 0,
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
