"""Findings classified per second, cold (embeddings computed) and warm (cached).

    python benchmarks/classify_throughput.py [--corpus ../shared/corpus] [--repeat 3]

Ingests the report PDFs (default ../shared/corpus, else the shipped samples) into a
temporary corpus, makes the classifier and the embedding model ready (timed apart: a
one-off cost per process), then times `label_corpus`:
- cold: nothing cached, so every finding is embedded (by MiniLM and by the fine-tuned
  encoder), classified and stored;
- warm: `--relabel` on the same corpus, both kinds of vector read from its cache.
Cold is measured on a fresh copy of the corpus each repeat; the best run is reported.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from cqc_themes import Corpus, ingest
from cqc_themes.models.embeddings import load_embedding_model
from cqc_themes.models.labelling import label_corpus
from cqc_themes.models.trained import trained_classifier

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = REPO.parent / "shared" / "corpus"
    parser.add_argument("--corpus", type=Path,
                        default=default if default.is_dir() else REPO / "samples" / "pdf",
                        help="folder of report PDFs")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best counts")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        pristine = Path(folder) / "pristine.sqlite"
        with Corpus(pristine) as corpus:
            ingest([options.corpus], corpus)
            corpus.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            findings = corpus.count_findings()
        print(f"{findings} findings from {options.corpus}")

        started = time.perf_counter()
        classifier = trained_classifier()
        ready = time.perf_counter()
        load_embedding_model()
        loaded = time.perf_counter()
        print(f"classifier ready in {ready - started:.1f} s (fitted, or read from the cache); "
              f"embedding model loaded in {loaded - ready:.1f} s")

        cold, warm = [], []
        for run in range(options.repeat):
            path = shutil.copy(pristine, Path(folder) / f"run{run}.sqlite")
            with Corpus(path) as corpus:
                cold.append(_timed(lambda c=corpus: label_corpus(c, classifier)))
                warm.append(_timed(lambda c=corpus: label_corpus(c, classifier, relabel=True)))
    print(f"cold: {findings / min(cold):7.0f} findings/s  ({min(cold):.2f} s, best of "
          f"{options.repeat})")
    print(f"warm: {findings / min(warm):7.0f} findings/s  ({min(warm):.2f} s, best of "
          f"{options.repeat})")
    return 0


def _timed(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


if __name__ == "__main__":
    sys.exit(main())
