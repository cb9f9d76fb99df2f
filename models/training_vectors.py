"""The training sentences' vectors, kept beside the fitted classifier, so a corpus's
model can be refitted on them plus the researcher's corrections in seconds rather than
after two encoder passes over five thousand sentences.

They are stored in half precision (4 MB per kind rather than 8); a refit is a new model,
so it only has to be reproducible from the stored vectors, not from fresh ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cqc_themes.models.classifier import FindingClassifier
from cqc_themes.models.embeddings import SentenceEmbedder
from cqc_themes.models.trained import ARTEFACT_DIR
from cqc_themes.models.training_data import LabelledFinding

TRAINING_VECTORS_PATH = ARTEFACT_DIR / "training_vectors.npz"


@dataclass(frozen=True)
class TrainingVectors:
    """For each training sentence, in training-data order: its frozen MiniLM embedding
    and the fine-tuned encoder's vector of what that encoder reads."""

    model_version: str  # the classifier whose encoder made `tuned`
    embeddings: np.ndarray
    tuned: np.ndarray


def compute_training_vectors(
    classifier: FindingClassifier,
    training: Sequence[LabelledFinding],
    embeddings: np.ndarray | None = None,
) -> TrainingVectors:
    """Both kinds of vector for the training sentences (two encoder passes)."""
    if embeddings is None:
        embeddings = SentenceEmbedder().encode([finding.text for finding in training])
    tuned = (
        classifier.encoder_.encode(classifier.encoder_inputs(training))
        if classifier.encoder_ is not None
        else np.zeros((len(training), 0), dtype=np.float32)
    )
    return TrainingVectors(classifier.model_version_, _half(embeddings), _half(tuned))


def save_training_vectors(vectors: TrainingVectors, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.stem}.partial.npz")
    np.savez_compressed(
        partial,
        model_version=np.array(vectors.model_version),
        embeddings=vectors.embeddings,
        tuned=vectors.tuned,
    )
    partial.replace(path)


def load_training_vectors(path: Path, model_version: str, count: int) -> TrainingVectors | None:
    """The stored vectors if they are `model_version`'s and cover `count` sentences."""
    try:
        with np.load(path, allow_pickle=False) as stored:
            vectors = TrainingVectors(
                str(stored["model_version"]), stored["embeddings"], stored["tuned"]
            )
    except (OSError, ValueError, KeyError, EOFError):
        return None
    if vectors.model_version != model_version or len(vectors.embeddings) != count:
        return None
    return vectors


def _half(vectors: np.ndarray) -> np.ndarray:
    return np.asarray(vectors, dtype=np.float16)
