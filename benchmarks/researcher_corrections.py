"""Plays a researcher who corrects labels, and measures what the corpus's model learns.

    python benchmarks/researcher_corrections.py [--corpus ../shared/corpus]
        [--labels ../shared/labels/dev.jsonl] [--counts 0 25 50 100 -1] [--weights 20 4]
        [--fine-tune]

Ingests the report PDFs into a temporary corpus and labels it with the shipped model.
Then, of each council's labelled findings in the labels file, every other one (the 1st,
3rd, ...) is the researcher's half, the rest the evaluation half. For each count of
corrections (-1: the whole researcher's half), that many of the researcher's half, taken
in turns from each council, are written to a file and imported with `labels import`'s
function into a copy of the corpus; `classify` then teaches them to the model and
relabels; the corpus's model is scored on the evaluation half (never taught). Prints
macro-F1 against the number of corrections, and the time to teach and relabel, for each
weight a correction is given (the first is the one `classify` uses; the others are the
ablation). With --fine-tune the corrections are taught as `classify --fine-tune` does:
the encoder is trained on them too, and "teach s" includes that training.

This benchmark, and only it, uses the labels file as (simulated) corrections; the shipped
model never trains on it.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from cqc_themes import Corpus, ingest
from cqc_themes.models.classifier import FindingClassifier
from cqc_themes.models.correction_import import import_corrections
from cqc_themes.models.evaluation import evaluate_classifier
from cqc_themes.models.labelling import label_corpus
from cqc_themes.models.teaching import CORRECTION_WEIGHT, corpus_classifier, set_fine_tuning
from cqc_themes.models.trained import trained_classifier
from cqc_themes.models.training_data import LabelledFinding

REPO = Path(__file__).resolve().parent.parent


def shared_data_parser(description: str) -> argparse.ArgumentParser:
    """A parser with --corpus (report PDFs) and --labels (labelled findings), defaulting
    to ../shared's."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument(
        "--labels", type=Path, default=REPO.parent / "shared" / "labels" / "dev.jsonl"
    )
    return parser


def shared_data_missing(options: argparse.Namespace) -> bool:
    """Whether --corpus or --labels is missing (said on stderr)."""
    if options.corpus.is_dir() and options.labels.is_file():
        return False
    print(f"{options.corpus} or {options.labels} is missing", file=sys.stderr)
    return True


def main() -> int:
    parser = shared_data_parser(__doc__.splitlines()[0])
    parser.add_argument(
        "--counts",
        type=int,
        nargs="+",
        default=[0, 25, 50, 100, -1],
        help="numbers of corrections to try; -1 means the whole half",
    )
    parser.add_argument(
        "--weights",
        type=int,
        nargs="+",
        default=[CORRECTION_WEIGHT, 4],
        help="how many training sentences one correction counts for (one table each)",
    )
    parser.add_argument(
        "--fine-tune",
        action="store_true",
        help="teach by fine-tuning the encoder too, as `classify --fine-tune`",
    )
    options = parser.parse_args()
    if shared_data_missing(options):
        return 2
    researcher_half, evaluation_half = split_by_council(_read_rows(options.labels))
    evaluation = [_labelled(row) for row in evaluation_half]
    shipped = trained_classifier()
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder) / "corpus.sqlite"
        with Corpus(base) as corpus:
            summary = ingest([options.corpus], corpus)
            started = time.perf_counter()
            label_corpus(corpus, shipped)
            print(
                f"ingested {summary.count('added')} reports; labelled them with the shipped "
                f"model in {time.perf_counter() - started:.1f} s (vectors now cached)"
            )
        print(f"researcher's half {len(researcher_half)}, evaluation half {len(evaluation)}")
        for weight in options.weights:
            print(f"\na correction counts {weight}x")
            _curve(
                base,
                Path(folder),
                researcher_half,
                evaluation,
                shipped,
                options.counts,
                weight,
                fine_tune=options.fine_tune,
            )
    return 0


def _curve(
    base: Path,
    folder: Path,
    researcher_half: list[dict],
    evaluation: list[LabelledFinding],
    shipped: FindingClassifier,
    counts: list[int],
    weight: int,
    *,
    fine_tune: bool = False,
) -> None:
    """One table: the corpus's model taught 0, 25, ... corrections, each counting `weight`."""
    print(
        f"{'corrections':>11} {'macro-F1':>9} {'accuracy':>9} {'ECE':>6} "
        f"{'teach s':>8} {'relabel s':>10} {'labels changed':>15}"
    )
    for count in counts:
        chosen = researcher_half if count < 0 else researcher_half[:count]
        path = folder / f"corpus-{weight}-{len(chosen)}.sqlite"
        with Corpus(base) as corpus:
            corpus.backup(path)
        with Corpus(path) as corpus:
            if chosen:
                corrections = folder / f"corrections-{len(chosen)}.jsonl"
                corrections.write_text(
                    "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in chosen),
                    encoding="utf-8",
                )
                imported = import_corrections(corpus, corrections)
                if imported.unmatched:
                    print(f"  {len(imported.unmatched)} correction(s) matched no finding")
            set_fine_tuning(corpus, fine_tune)
            started = time.perf_counter()
            model = corpus_classifier(corpus, shipped, correction_weight=weight)
            taught = time.perf_counter()
            labelled = label_corpus(corpus, model)
            relabelled = time.perf_counter()
        result = evaluate_classifier(evaluation, model)
        scores = result.results[0]
        print(
            f"{len(chosen):>11} {scores.macro_f1:>9.3f} {scores.accuracy:>9.3f} "
            f"{result.calibration_error:>6.3f} {taught - started:>8.1f} "
            f"{relabelled - taught:>10.1f} {labelled.changed:>15}"
        )
        if result.taught:
            print(f"  warning: {result.taught} evaluation sentences were taught")
        path.unlink()


def split_by_council(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """Every other row of each council to the researcher, the rest to evaluation; the
    researcher's half is ordered in turns over councils, so its first 25 span them all."""
    by_council: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_council[row["council"]].append(row)
    queues = [council_rows[0::2] for council_rows in by_council.values()]
    evaluation = [row for council_rows in by_council.values() for row in council_rows[1::2]]
    researcher = []
    while any(queues):
        researcher += [queue.pop(0) for queue in queues if queue]
    return researcher, evaluation


def _read_rows(path: Path) -> list[dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _labelled(row: dict) -> LabelledFinding:
    return LabelledFinding(
        text=row["text"],
        label=row["label"],
        quality_statement=row.get("quality_statement"),
        subheading=row.get("subheading"),
        statement_score=row.get("statement_score"),
    )


if __name__ == "__main__":
    sys.exit(main())
