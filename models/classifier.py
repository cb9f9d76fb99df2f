"""Labels each finding as a strength, an area for improvement, or context.

- strength: judges something the council does, or an outcome people get, as working
  well (positive feedback, good practice, better-than-average figures, progress made).
- improvement: reports a shortfall, risk, delay, gap, inconsistency, a worse-than-average
  figure, or something that must improve or is not yet delivered.
- context: describes without judging (who does what, a figure with no comparison,
  CQC's framework text, the scope of the assessment).

A mixed sentence takes the label of its main point ("Although X was good, Y was poor"
is an improvement).

`FindingClassifier` follows scikit-learn's estimator API: settings in `__init__`, `fit`
returns self, learned state ends in `_`. It blends two models trained on the same
sentences:

- a MiniLM encoder fine-tuned with a three-way head (fine_tuning.py), which reads the
  sentence with its place and score and carries most of the weight; and
- a logistic regression over five blocks of features side by side: the frozen sentence
  embedding (meaning), TF-IDF word n-grams (the exact wording: "although", "not always",
  "compared with"), counts of judgement words in the sentence and in its main clause
  (lexicon.py, so words never seen in training still count), the finding's place in the
  report and its statement's score (finding_features.py).

Averaging the two steadies the fine-tuned model, whose single fits vary with the seed.
Both kinds of vector may be passed in (the corpus caches them, the fine-tuned ones under
the encoder's own `model_name`); otherwise they are computed, loading the model once.
"""

from __future__ import annotations

import ast
import hashlib
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from cqc_themes.domain import FINDING_LABELS, LABEL_CONTEXT
from cqc_themes.models import finding_features, fine_tuning, lexicon
from cqc_themes.models.embeddings import EMBEDDING_MODEL_NAME, SentenceEmbedder
from cqc_themes.models.finding_features import (
    DESCRIPTIVE_PLACES,
    ClassifiableFinding,
    cue_matrix,
    place_matrix,
    place_of,
    score_matrix,
    words_for_tfidf,
)
from cqc_themes.models.fine_tuning import FineTunedEncoder, FineTuningSettings, encoder_input

MODEL_VERSION_PREFIX = "finding-classifier-"


class FindingClassifier(ClassifierMixin, BaseEstimator):
    """Strength / improvement / context for findings, from embeddings, words and place.

    embedding_weight, text_weight, cue_weight, place_weight, score_weight: how much each
    feature block counts (each block is scaled before the regression sees it).
    ngram_range, min_df: the TF-IDF word n-grams kept.
    C: inverse regularisation strength of the logistic regression.
    class_weight: "balanced" so the rarer labels count as much as context.
    fine_tune_epochs: passes of encoder fine-tuning over the data; 0 leaves the encoder
    frozen and the logistic regression alone decides.
    fine_tune_learning_rate: the fine-tuning optimiser's step size.
    tuned_weight: the fine-tuned model's share of the blended probabilities.
    batch_size: sentences embedded at a time when embeddings are not passed in.
    random_state: seeds the solver and the fine-tuning, so two fits on the same data give
    the same model.
    """

    def __init__(
        self,
        *,
        embedding_weight: float = 1.0,
        text_weight: float = 1.0,
        place_weight: float = 1.0,
        score_weight: float = 1.0,
        cue_weight: float = 1.0,
        ngram_range: tuple[int, int] = (1, 2),
        min_df: int = 1,
        C: float = 4.0,
        class_weight: str | None = "balanced",
        fine_tune_epochs: int = 4,
        fine_tune_learning_rate: float = 4e-5,
        tuned_weight: float = 0.6,
        batch_size: int = 64,
        random_state: int = 0,
    ) -> None:
        self.embedding_weight = embedding_weight
        self.text_weight = text_weight
        self.place_weight = place_weight
        self.score_weight = score_weight
        self.cue_weight = cue_weight
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.C = C
        self.class_weight = class_weight
        self.fine_tune_epochs = fine_tune_epochs
        self.fine_tune_learning_rate = fine_tune_learning_rate
        self.tuned_weight = tuned_weight
        self.batch_size = batch_size
        self.random_state = random_state

    def fit(
        self,
        findings: Sequence[ClassifiableFinding],
        labels: Sequence[str],
        embeddings: np.ndarray | None = None,
        on_fine_tune_step: Callable[[int, int], None] | None = None,
    ) -> FindingClassifier:
        """Learn from findings and their labels (each one of FINDING_LABELS).
        `on_fine_tune_step(done, total)` follows the fine-tuning, batch by batch."""
        unknown = set(labels) - set(FINDING_LABELS)
        if unknown:
            raise ValueError(f"unknown labels {sorted(unknown)}; expected {FINDING_LABELS}")
        if len(findings) != len(labels):
            raise ValueError(f"{len(findings)} findings but {len(labels)} labels")
        self.vectorizer_ = TfidfVectorizer(
            preprocessor=words_for_tfidf,
            ngram_range=self.ngram_range,
            min_df=self.min_df,
            sublinear_tf=True,
        ).fit([finding.text for finding in findings])
        self.regression_ = LogisticRegression(
            C=self.C,
            class_weight=self.class_weight,
            max_iter=5000,
            random_state=self.random_state,
        ).fit(self._features(findings, embeddings), list(labels))
        self.classes_ = self.regression_.classes_
        self.model_version_ = model_version(findings, labels, self.get_params())
        self.encoder_ = None
        if self.fine_tune_epochs > 0:
            settings = FineTuningSettings(
                epochs=self.fine_tune_epochs,
                learning_rate=self.fine_tune_learning_rate,
                random_state=self.random_state,
            )
            self.encoder_ = FineTunedEncoder(
                self.classes_, settings, model_name=f"{self.model_version_}-encoder"
            ).fit(self.encoder_inputs(findings), list(labels), on_step=on_fine_tune_step)
        return self

    @staticmethod
    def encoder_inputs(findings: Sequence[ClassifiableFinding]) -> list[str]:
        """What the fine-tuned encoder reads for each finding (and the corpus caches)."""
        return [encoder_input(finding) for finding in findings]

    def predict_proba(
        self,
        findings: Sequence[ClassifiableFinding],
        embeddings: np.ndarray | None = None,
        tuned_vectors: np.ndarray | None = None,
    ) -> np.ndarray:
        """One row per finding: the probability of each label, columns in `classes_` order.

        `embeddings` are the frozen MiniLM vectors of the findings' texts, `tuned_vectors`
        the fine-tuned encoder's vectors of `encoder_inputs(findings)`; either is computed
        when not given. Framework text and the "About" facts are context by definition,
        whatever their words say (an overspent budget is a fact there; CQC judges it
        elsewhere)."""
        probabilities = self.regression_.predict_proba(self._features(findings, embeddings))
        if self.encoder_ is not None and len(findings):
            if tuned_vectors is None:
                tuned_vectors = self.encoder_.encode(self.encoder_inputs(findings))
            if len(tuned_vectors) != len(findings):
                raise ValueError(f"{len(findings)} findings but {len(tuned_vectors)} vectors")
            tuned = self.encoder_.probabilities_from_vectors(tuned_vectors)
            probabilities = self.tuned_weight * tuned + (1 - self.tuned_weight) * probabilities
        descriptive = [place_of(finding) in DESCRIPTIVE_PLACES for finding in findings]
        context_only = (self.classes_ == LABEL_CONTEXT).astype(probabilities.dtype)
        probabilities[np.array(descriptive, dtype=bool)] = context_only
        return probabilities

    def predict(
        self,
        findings: Sequence[ClassifiableFinding],
        embeddings: np.ndarray | None = None,
        tuned_vectors: np.ndarray | None = None,
    ) -> np.ndarray:
        """The most probable label for each finding."""
        probabilities = self.predict_proba(findings, embeddings, tuned_vectors)
        return self.classes_[probabilities.argmax(axis=1)]

    def _features(
        self, findings: Sequence[ClassifiableFinding], embeddings: np.ndarray | None
    ) -> sparse.csr_matrix:
        if embeddings is None:
            embeddings = SentenceEmbedder(batch_size=self.batch_size).encode(
                [finding.text for finding in findings]
            )
        if len(embeddings) != len(findings):
            raise ValueError(f"{len(findings)} findings but {len(embeddings)} embeddings")
        words = self.vectorizer_.transform([finding.text for finding in findings])
        return sparse.hstack(
            [
                sparse.csr_matrix(embeddings * self.embedding_weight),
                words * self.text_weight,
                sparse.csr_matrix(place_matrix(findings) * self.place_weight),
                sparse.csr_matrix(score_matrix(findings) * self.score_weight),
                sparse.csr_matrix(cue_matrix(findings) * self.cue_weight),
            ],
            format="csr",
        )


def model_version(
    findings: Sequence[ClassifiableFinding], labels: Sequence[str], settings: dict[str, object]
) -> str:
    """Names a model by what made it: the training findings and labels, the settings, the
    embedding model and the code that makes features. Equal versions mean equal models."""
    digest = hashlib.sha256()
    digest.update(json.dumps([EMBEDDING_MODEL_NAME, settings], sort_keys=True).encode())
    for module in (sys.modules[__name__], finding_features, lexicon, fine_tuning):
        digest.update(code_fingerprint(Path(module.__file__)).encode())
    for finding, label in zip(findings, labels, strict=True):
        record = [
            finding.text,
            finding.quality_statement,
            finding.subheading,
            finding.statement_score,
            label,
        ]
        digest.update(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
    return f"{MODEL_VERSION_PREFIX}{digest.hexdigest()[:12]}"


def code_fingerprint(path: Path) -> str:
    """The code of a module as Python sees it, without comments, docstrings or layout, so
    rewording a comment leaves the model version (and every cached fit) as it was."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree, include_attributes=False)
