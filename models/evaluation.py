"""Measures the classifier and the two baselines on labelled findings, side by side.

The figures are the usual ones for an unbalanced three-way task: accuracy, macro-F1
(each label counts equally, so the rarer "improvement" is not drowned by "context"),
per-label precision, recall and F1, and the confusion matrix.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

from cqc_themes.domain import FINDING_LABELS
from cqc_themes.models.baselines import LexiconBaseline, ZeroShotBaseline
from cqc_themes.models.classifier import FindingClassifier
from cqc_themes.models.embeddings import SentenceEmbedder
from cqc_themes.models.encoders.fine_tuned import FineTunedInference
from cqc_themes.models.teaching import fine_tuned_encoder
from cqc_themes.models.trained import trained_classifier
from cqc_themes.models.training_data import LabelledFinding, load_training_data

MODEL = "model"
LEXICON_BASELINE = "lexicon baseline"
ZERO_SHOT_BASELINE = "zero-shot baseline"


@dataclass(frozen=True)
class LabelScores:
    precision: float
    recall: float
    f1: float
    support: int  # findings with this true label


@dataclass(frozen=True)
class Scores:
    """How one classifier did."""

    name: str
    accuracy: float
    macro_f1: float
    per_label: dict[str, LabelScores]
    # confusion[i][j]: findings whose true label is FINDING_LABELS[i], predicted as [j].
    confusion: tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class Evaluation:
    """The model and both baselines on one set of labelled findings."""

    findings: int
    in_training_data: int  # evaluation sentences also in the shipped training data
    model_version: str
    results: tuple[Scores, ...]  # the model first, then the baselines
    taught: int = 0  # evaluation sentences the corpus's model was taught as corrections
    corrections: int = 0  # corrections the measured model was taught (0: the shipped one)
    encoder_fine_tuned: bool = False  # whether they were taught to the encoder too
    # The model's expected calibration error: how far, on average, its confidence in the
    # label it gives is from how often that label is right (10 equal-width bins; 0 is ideal).
    calibration_error: float = 0.0

    def as_dict(self) -> dict[str, object]:
        """Plain JSON-ready figures: {"model": {...}, "baselines": {"lexicon": {...}, ...}}."""
        by_name = {scores.name: _figures(scores) for scores in self.results}
        return {
            "findings": self.findings,
            "in_training_data": self.in_training_data,
            "taught": self.taught,
            "corrections": self.corrections,
            "encoder_fine_tuned": self.encoder_fine_tuned,
            "model_version": self.model_version,
            "calibration_error": round(self.calibration_error, 4),
            "labels": list(FINDING_LABELS),
            MODEL: by_name[MODEL],
            "baselines": {
                "lexicon": by_name[LEXICON_BASELINE],
                "zero_shot": by_name[ZERO_SHOT_BASELINE],
            },
        }


def score_predictions(name: str, truth: Sequence[str], predicted: Sequence[str]) -> Scores:
    """Accuracy, macro-F1, per-label figures and confusion matrix of one set of predictions."""
    labels = list(FINDING_LABELS)
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, predicted, labels=labels, zero_division=0
    )
    return Scores(
        name=name,
        accuracy=float(accuracy_score(truth, predicted)),
        macro_f1=float(f1.mean()),
        per_label={
            label: LabelScores(float(precision[i]), float(recall[i]), float(f1[i]),
                               int(support[i]))
            for i, label in enumerate(labels)
        },
        confusion=tuple(
            tuple(int(n) for n in row)
            for row in confusion_matrix(truth, predicted, labels=labels)
        ),
    )


def evaluate_classifier(
    findings: Sequence[LabelledFinding], classifier: FindingClassifier | None = None
) -> Evaluation:
    """Score the classifier (default: the shipped one; or a corpus's taught model) and both
    baselines on `findings`."""
    classifier = classifier or trained_classifier()
    embeddings = SentenceEmbedder().encode([finding.text for finding in findings])
    truth = [finding.label for finding in findings]
    # The fine-tuned vectors as `classify` makes them (int8), so the figures are its own.
    encoder = fine_tuned_encoder(classifier)
    tuned_vectors = None
    if encoder is not None:
        tuned_vectors = FineTunedInference(encoder).encode(classifier.encoder_inputs(findings))
    probabilities = classifier.predict_proba(findings, embeddings, tuned_vectors)
    predicted = classifier.classes_[probabilities.argmax(axis=1)]
    baselines = (
        (LEXICON_BASELINE, LexiconBaseline().fit()),
        (ZERO_SHOT_BASELINE, ZeroShotBaseline().fit()),
    )
    training_texts = {finding.text for finding in load_training_data()}
    taught_texts = getattr(classifier, "taught_texts_", frozenset())
    return Evaluation(
        findings=len(findings),
        in_training_data=sum(finding.text in training_texts for finding in findings),
        model_version=classifier.model_version_,
        results=(
            score_predictions(MODEL, truth, predicted),
            *(
                score_predictions(name, truth, baseline.predict(findings, embeddings=embeddings))
                for name, baseline in baselines
            ),
        ),
        taught=sum(finding.text in taught_texts for finding in findings),
        corrections=len(taught_texts),
        encoder_fine_tuned=getattr(classifier, "encoder_fine_tuned_", False),
        calibration_error=expected_calibration_error(
            probabilities.max(axis=1), predicted == np.array(truth)
        ),
    )


def expected_calibration_error(
    confidences: np.ndarray, correct: np.ndarray, bins: int = 10
) -> float:
    """Mean gap between confidence and accuracy over equal-width confidence bins,
    weighted by how many predictions fall in each."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(confidences, edges[1:-1]), 0, bins - 1)
    error = 0.0
    for bin_index in range(bins):
        members = which == bin_index
        if members.any():
            gap = abs(confidences[members].mean() - correct[members].mean())
            error += members.mean() * gap
    return float(error)


def _figures(scores: Scores) -> dict[str, object]:
    return {
        "accuracy": round(scores.accuracy, 4),
        "macro_f1": round(scores.macro_f1, 4),
        "per_label": {
            label: {key: round(value, 4) for key, value in asdict(figures).items()}
            for label, figures in scores.per_label.items()
        },
        "confusion": [list(row) for row in scores.confusion],
    }
