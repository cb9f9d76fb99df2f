"""Rebuilds the shipped classifier artefact from models/training_data/.

    .venv/bin/python scripts/build_classifier_artefact.py

Fits the classifier exactly as first use would (same data, settings and seed; a fit of
the same version already in the cache is that fit, and is reused), then writes
models/artefacts/finding_classifier.pickle and the training sentences' vectors
(models/artefacts/training_vectors.npz). tests/models/test_artefact.py checks that the
artefact is the fit of the training data and code now in the repository. A fresh fit
takes about six minutes on two idle CPU cores.
"""

from __future__ import annotations

import pickle
import time

from cqc_themes.models.teaching import training_vectors
from cqc_themes.models.trained import ARTEFACT_PATH, trained_classifier
from cqc_themes.models.training_data import load_training_data
from cqc_themes.models.training_vectors import TRAINING_VECTORS_PATH, save_training_vectors


def main() -> None:
    started = time.perf_counter()
    training = load_training_data()
    # Never the artefact itself: it is what is being rebuilt.
    classifier = trained_classifier(artefact_path=None, on_notice=print)
    print(f"fitted {classifier.model_version_} after {time.perf_counter() - started:.0f} s")
    ARTEFACT_PATH.parent.mkdir(parents=True, exist_ok=True)
    partial = ARTEFACT_PATH.with_suffix(".partial")
    with open(partial, "wb") as handle:
        pickle.dump(classifier, handle, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(ARTEFACT_PATH)
    save_training_vectors(
        training_vectors(classifier, training, on_notice=print), TRAINING_VECTORS_PATH
    )
    size = sum(path.stat().st_size for path in (ARTEFACT_PATH, TRAINING_VECTORS_PATH))
    print(
        f"wrote {ARTEFACT_PATH.name} and {TRAINING_VECTORS_PATH.name} ({size / 2**20:.1f} MiB)"
        f" in {time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
