"""Rebuilds the shipped classifier artefact from models/training_data/.

    .venv/bin/python scripts/build_classifier_artefact.py

Fits the classifier exactly as first use would (same data, settings and seed), then
writes models/artefacts/finding_classifier.pickle and the training sentences' vectors
(models/artefacts/training_vectors.npz). tests/models/test_artefact.py checks that the
artefact is the fit of the training data and code now in the repository. Takes about six
minutes on two CPU cores.
"""

from __future__ import annotations

import pickle
import time

from cqc_themes.models.classifier import FindingClassifier
from cqc_themes.models.embeddings import SentenceEmbedder
from cqc_themes.models.trained import ARTEFACT_PATH
from cqc_themes.models.training_data import load_training_data
from cqc_themes.models.training_vectors import (
    TRAINING_VECTORS_PATH,
    compute_training_vectors,
    save_training_vectors,
)


def main() -> None:
    started = time.perf_counter()
    training = load_training_data()
    labels = [finding.label for finding in training]
    embeddings = SentenceEmbedder().encode([finding.text for finding in training])
    print(f"embedded {len(training)} training sentences in {time.perf_counter() - started:.0f} s")
    classifier = FindingClassifier().fit(training, labels, embeddings=embeddings)
    print(f"fitted {classifier.model_version_} after {time.perf_counter() - started:.0f} s")
    ARTEFACT_PATH.parent.mkdir(parents=True, exist_ok=True)
    partial = ARTEFACT_PATH.with_suffix(".partial")
    with open(partial, "wb") as handle:
        pickle.dump(classifier, handle, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(ARTEFACT_PATH)
    save_training_vectors(
        compute_training_vectors(classifier, training, embeddings), TRAINING_VECTORS_PATH
    )
    size = sum(path.stat().st_size for path in (ARTEFACT_PATH, TRAINING_VECTORS_PATH))
    print(
        f"wrote {ARTEFACT_PATH.name} and {TRAINING_VECTORS_PATH.name} ({size / 2**20:.1f} MiB)"
        f" in {time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
