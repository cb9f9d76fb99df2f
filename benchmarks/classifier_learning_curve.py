"""Does the classifier still gain from more training sentences? Macro-F1 on labelled
findings after training on growing shares of the shipped training set.

    python benchmarks/classifier_learning_curve.py [--labels ../shared/labels/dev.jsonl]
        [--shares 0.33 0.67 1] [--fine-tune] [--seed 0]

The labels file only measures; every model here is trained on models/training_data/
alone. Subsets are nested random draws (one seed), so each share holds the smaller
ones. Without --fine-tune only the logistic regression is fitted (seconds per share);
with it the shipped blend is fitted (minutes per share on two cores).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from sklearn.metrics import f1_score

from cqc_themes.models.classifier import FindingClassifier
from cqc_themes.models.embeddings import SentenceEmbedder
from cqc_themes.models.training_data import load_training_data, read_labelled_findings

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path,
                        default=REPO.parent / "shared" / "labels" / "dev.jsonl",
                        help="labelled findings to measure on (never trained on)")
    parser.add_argument("--shares", type=float, nargs="+", default=[1 / 3, 2 / 3, 1.0])
    parser.add_argument("--fine-tune", action="store_true",
                        help="fit the shipped blend, not only the logistic regression")
    parser.add_argument("--seed", type=int, default=0)
    options = parser.parse_args()
    if not options.labels.is_file():
        print(f"no labels file at {options.labels}", file=sys.stderr)
        return 2

    measured = read_labelled_findings(options.labels)
    truth = [finding.label for finding in measured]
    training = load_training_data()
    random.Random(options.seed).shuffle(training)
    embedder = SentenceEmbedder()
    measured_vectors = embedder.encode([finding.text for finding in measured])
    training_vectors = embedder.encode([finding.text for finding in training])
    epochs = FindingClassifier().fine_tune_epochs if options.fine_tune else 0
    model = "the blend, with fine-tuning" if epochs else "logistic regression only"
    print(f"{len(training)} training sentences, {len(measured)} labelled findings "
          f"from {options.labels}; {model}")
    print(f"{'sentences':>9}  {'macro-F1':>8}  {'fit s':>6}")
    for share in options.shares:
        count = round(len(training) * share)
        subset = training[:count]
        started = time.perf_counter()
        classifier = FindingClassifier(fine_tune_epochs=epochs, random_state=options.seed).fit(
            subset, [finding.label for finding in subset], embeddings=training_vectors[:count]
        )
        fitted = time.perf_counter() - started
        predicted = classifier.predict(measured, embeddings=measured_vectors)
        print(f"{count:>9}  {f1_score(truth, predicted, average='macro'):>8.3f}  {fitted:>6.0f}",
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
