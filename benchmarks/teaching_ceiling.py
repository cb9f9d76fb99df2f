"""How far can teaching go? Two probes of the ceiling behind issue 13's figures.

    python benchmarks/teaching_ceiling.py [--corpus ../shared/corpus]
        [--labels ../shared/labels/dev.jsonl] [--joint-refit R]

1. Neighbours (always, about a minute). The issue suggests giving the model the sentence
   before, for openings such as "This meant ...". The reports are ingested and labelled
   with the shipped model, and every labelled finding is matched back to the corpus (the
   import's matcher). For the labelled findings that open with a connective ("This",
   "These", "It", "They", "For example", "As a result", ...) and follow a finding of the
   same section, it counts how often the finding's own predicted label is right, and how
   often the sentence before (its predicted label, and its reader's label where it has
   one) carries the right label. A neighbour feature can only help where the neighbour
   knows better than the sentence itself.

2. Joint refit (with --joint-refit R; about 20 minutes on 2 cores). The strongest way to
   teach corrections this model has: fit the whole classifier afresh, encoder
   fine-tuning included, on the written training sentences plus the researcher's half
   of the labels (benchmarks/researcher_corrections.py's split), each repeated R times,
   then score the evaluation half. Continued fine-tuning (`classify --fine-tune`) and
   head refits are cheaper approximations of this.

Like researcher_corrections.py, this uses the labels as simulated corrections and
measures; nothing it fits is kept or shipped.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import time
from pathlib import Path

from researcher_corrections import (
    _labelled,
    _read_rows,
    shared_data_missing,
    shared_data_parser,
    split_by_council,
)

from cqc_themes import Corpus, ingest
from cqc_themes.models.classifier import FindingClassifier
from cqc_themes.models.correction_import import import_corrections
from cqc_themes.models.evaluation import evaluate_classifier
from cqc_themes.models.labelling import label_corpus
from cqc_themes.models.training_data import load_training_data
from cqc_themes.records import StoredFinding

# Openings whose sentence leans on the one before: a pronoun or a linking phrase.
CONNECTIVE = re.compile(
    r"^\W*(This|These|That|Those|Such|It|They|Its|Their|For example|For instance|"
    r"As a result|In addition|Additionally|Also|Consequently|Therefore)\b"
)


def main() -> int:
    parser = shared_data_parser(__doc__.splitlines()[0])
    parser.add_argument(
        "--joint-refit",
        type=int,
        metavar="R",
        default=0,
        help="also fit the whole classifier on the training sentences plus the "
        "researcher's half repeated R times (about 20 minutes)",
    )
    options = parser.parse_args()
    if shared_data_missing(options):
        return 2
    rows = _read_rows(options.labels)
    neighbour_probe(options.corpus, rows)
    if options.joint_refit > 0:
        joint_refit_probe(rows, options.joint_refit)
    return 0


def neighbour_probe(reports: Path, rows: list[dict]) -> None:
    """Print how often a connective sentence's own prediction, and its neighbour's
    labels, are right."""
    with tempfile.TemporaryDirectory() as folder, Corpus(Path(folder) / "c.sqlite") as corpus:
        ingest([reports], corpus)
        label_corpus(corpus)
        predicted = {finding.finding_id: finding.label for finding in corpus.findings()}
        matched = _import_row_by_row(corpus, rows, Path(folder))
        findings = list(corpus.findings())  # reading order, the readers' labels now in
    print(f"{matched} of {len(rows)} labelled rows matched a finding")
    counts = dict.fromkeys(
        ("connective", "own", "before predicted", "before read", "read", "rescued"), 0
    )
    for before, finding in zip(findings, findings[1:], strict=False):
        if not (_read(finding) and CONNECTIVE.match(finding.text) and _same_place(before, finding)):
            continue
        counts["connective"] += 1
        counts["own"] += predicted[finding.finding_id] == finding.label
        counts["before predicted"] += predicted[before.finding_id] == finding.label
        if _read(before):
            counts["read"] += 1
            counts["before read"] += before.label == finding.label
            counts["rescued"] += (
                predicted[finding.finding_id] != finding.label and before.label == finding.label
            )
    print(
        f"labelled findings opening with a connective after one of the same section: "
        f"{counts['connective']}\n"
        f"  own predicted label right:               {counts['own']}\n"
        f"  sentence before's predicted label right: {counts['before predicted']}\n"
        f"  sentence before's reader's label right:  {counts['before read']} of "
        f"{counts['read']} that have one\n"
        f"  own label wrong, reader's label before right (a neighbour's headroom): "
        f"{counts['rescued']}"
    )


def joint_refit_probe(rows: list[dict], repeats: int) -> None:
    """Print the macro-F1 on the evaluation half of a classifier fitted afresh on the
    training sentences plus the researcher's half repeated `repeats` times."""
    researcher_half, evaluation_half = split_by_council(rows)
    taught = [_labelled(row) for row in researcher_half] * repeats
    training = [*load_training_data(), *taught]
    started = time.perf_counter()
    model = FindingClassifier().fit(training, [finding.label for finding in training])
    fitted = time.perf_counter() - started
    result = evaluate_classifier([_labelled(row) for row in evaluation_half], model)
    scores = result.results[0]
    print(
        json.dumps(
            {
                "joint refit": f"{len(researcher_half)} corrections x {repeats}",
                "macro_f1": round(scores.macro_f1, 3),
                "accuracy": round(scores.accuracy, 3),
                "ece": round(result.calibration_error, 3),
                "fit_s": round(fitted, 1),
            }
        )
    )


def _import_row_by_row(corpus: Corpus, rows: list[dict], folder: Path) -> int:
    """Import each labelled row on its own: two rows that fall in one finding (we joined
    their sentences) may disagree, which a single import refuses; here the later wins."""
    matched = 0
    row_file = folder / "row.jsonl"
    for row in rows:
        row_file.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
        matched += import_corrections(corpus, row_file).matched
    return matched


def _read(finding: StoredFinding) -> bool:
    return finding.label_source == "researcher"


def _same_place(before: StoredFinding, finding: StoredFinding) -> bool:
    return (before.report_id, before.quality_statement, before.subheading) == (
        finding.report_id,
        finding.quality_statement,
        finding.subheading,
    )


if __name__ == "__main__":
    sys.exit(main())
