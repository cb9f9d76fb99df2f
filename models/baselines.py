"""Two simple classifiers to measure `FindingClassifier` against.

- `LexiconBaseline`: counts praising and critical words (lexicon.py) in the sentence's
  main clause; no words either way means context.
- `ZeroShotBaseline`: the label whose short descriptions are nearest to the finding's
  embedding (cosine similarity), with no training data at all.

Both share the classifier's `fit` / `predict` / `predict_proba` shape, so evaluation
treats all three alike.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from cqc_themes.domain import FINDING_LABELS, LABEL_CONTEXT, LABEL_IMPROVEMENT, LABEL_STRENGTH
from cqc_themes.models.embeddings import SentenceEmbedder
from cqc_themes.models.finding_features import ClassifiableFinding
from cqc_themes.models.lexicon import cues, main_clause

_CLASSES = np.array(FINDING_LABELS)


class LexiconBaseline(ClassifierMixin, BaseEstimator):
    """Strength if the main clause holds more praising than critical words, improvement if
    fewer, context if it holds neither."""

    def fit(
        self, findings: Sequence[ClassifiableFinding] | None = None,
        labels: Sequence[str] | None = None,
    ) -> LexiconBaseline:
        """Nothing to learn; findings and labels are ignored."""
        self.classes_ = _CLASSES
        return self

    def predict_proba(
        self, findings: Sequence[ClassifiableFinding], embeddings: np.ndarray | None = None
    ) -> np.ndarray:
        probabilities = np.zeros((len(findings), len(self.classes_)))
        for row, finding in enumerate(findings):
            counts = cues(main_clause(finding.text))
            if counts.positive > counts.negative:
                label = LABEL_STRENGTH
            elif counts.negative:  # a tie: criticism is what a mixed clause stresses
                label = LABEL_IMPROVEMENT
            else:
                label = LABEL_CONTEXT
            probabilities[row, FINDING_LABELS.index(label)] = 1.0
        return probabilities

    def predict(
        self, findings: Sequence[ClassifiableFinding], embeddings: np.ndarray | None = None
    ) -> np.ndarray:
        return self.classes_[self.predict_proba(findings).argmax(axis=1)]


# Short descriptions of each label; a finding takes the label it is most similar to.
LABEL_DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    LABEL_STRENGTH: (
        "Something is working well: people gave positive feedback about the service.",
        "Good practice that achieves good outcomes for people.",
        "Support was timely and effective, better than the national average.",
    ),
    LABEL_IMPROVEMENT: (
        "Something is not working well: people waited too long and there were delays.",
        "A shortfall, risk or gap in the service that needs to improve.",
        "Support was inconsistent and worse than the national average.",
    ),
    LABEL_CONTEXT: (
        "A description of how the service is organised and who does what.",
        "A neutral fact or figure about the area and its population.",
        "What people expect from care and support, and the council's commitment.",
    ),
}


class ZeroShotBaseline(ClassifierMixin, BaseEstimator):
    """The label whose descriptions are, on average, most similar to the finding.

    temperature: softens the similarities into probabilities (smaller is sharper)."""

    def __init__(self, *, temperature: float = 0.05, batch_size: int = 64) -> None:
        self.temperature = temperature
        self.batch_size = batch_size

    def fit(
        self, findings: Sequence[ClassifiableFinding] | None = None,
        labels: Sequence[str] | None = None,
    ) -> ZeroShotBaseline:
        """Embeds the label descriptions; findings and labels are ignored."""
        self.classes_ = _CLASSES
        embedder = SentenceEmbedder(batch_size=self.batch_size)
        self.label_vectors_ = np.vstack([
            _unit(embedder.encode(list(LABEL_DESCRIPTIONS[label])).mean(axis=0))
            for label in self.classes_
        ])
        return self

    def predict_proba(
        self, findings: Sequence[ClassifiableFinding], embeddings: np.ndarray | None = None
    ) -> np.ndarray:
        if embeddings is None:
            embeddings = SentenceEmbedder(batch_size=self.batch_size).encode(
                [finding.text for finding in findings]
            )
        scores = embeddings @ self.label_vectors_.T / self.temperature
        scores -= scores.max(axis=1, keepdims=True)
        weights = np.exp(scores)
        return weights / weights.sum(axis=1, keepdims=True)

    def predict(
        self, findings: Sequence[ClassifiableFinding], embeddings: np.ndarray | None = None
    ) -> np.ndarray:
        return self.classes_[self.predict_proba(findings, embeddings).argmax(axis=1)]


def _unit(vector: np.ndarray) -> np.ndarray:
    return vector / np.linalg.norm(vector)
