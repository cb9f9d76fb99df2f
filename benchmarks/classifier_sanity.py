"""Sanity check of the finding classifier against CQC's own scores.

    python benchmarks/classifier_sanity.py [--corpus ../shared/corpus | --db CORPUS]
        [--min-findings 3] [--relabel]

A statement CQC scored higher should read as more strengths. With no labels to compare
to, this checks the classifier against the scores: it ingests the report PDFs into a
temporary corpus (or uses --db), labels every finding, and prints for each statement
score the share of key findings labelled strength / improvement / context, then the
Spearman rank correlation between a statement's score and its strength share across
(council, statement) pairs. Framework text ("What people expect", "The local authority
commitment") is left out: it is context by definition and the same in every report.
Expected: a clearly positive rho.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from scipy.stats import spearmanr

from cqc_themes import Corpus, ingest
from cqc_themes.domain import FINDING_LABELS, FRAMEWORK_SUBHEADINGS, LABEL_STRENGTH
from cqc_themes.models.labelling import label_corpus
from cqc_themes.records import StoredFinding

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus",
                        help="folder of report PDFs to ingest into a temporary corpus")
    parser.add_argument("--db", type=Path, help="use this corpus file instead of ingesting")
    parser.add_argument("--min-findings", type=int, default=3,
                        help="leave out (council, statement) pairs with fewer key findings")
    parser.add_argument("--relabel", action="store_true", help="relabel findings in --db")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        path = options.db or Path(folder) / "corpus.sqlite"
        with Corpus(path, create=options.db is None) as corpus:
            if options.db is None:
                if not options.corpus.is_dir():
                    print(f"{options.corpus}: no such folder", file=sys.stderr)
                    return 2
                summary = ingest([options.corpus], corpus)
                print(f"ingested {summary.count('added')} reports from {options.corpus}")
            labelled = label_corpus(corpus, relabel=options.relabel)
            print(f"labelled {labelled.labelled} findings with {labelled.model_version}")
            findings = [f for f in corpus.findings() if _is_scored_key_finding(f)]
    _print_shares_by_score(findings)
    return _print_rank_correlation(findings, options.min_findings)


def _is_scored_key_finding(finding: StoredFinding) -> bool:
    return (
        finding.statement_score is not None
        and finding.label is not None
        and finding.subheading not in FRAMEWORK_SUBHEADINGS
    )


def _print_shares_by_score(findings: list[StoredFinding]) -> None:
    by_score: dict[int, Counter[str]] = defaultdict(Counter)
    for finding in findings:
        by_score[finding.statement_score][finding.label] += 1
    print(f"\n{'score':>5} {'findings':>8} " + " ".join(f"{label:>11}" for label in
                                                          FINDING_LABELS))
    for score in sorted(by_score):
        counts = by_score[score]
        total = sum(counts.values())
        shares = " ".join(f"{counts[label] / total:>11.0%}" for label in FINDING_LABELS)
        print(f"{score:>5} {total:>8} {shares}")


def _print_rank_correlation(findings: list[StoredFinding], min_findings: int) -> int:
    pairs: dict[tuple[str, str], list[StoredFinding]] = defaultdict(list)
    for finding in findings:
        pairs[(finding.council, finding.quality_statement)].append(finding)
    kept = [group for group in pairs.values() if len(group) >= min_findings]
    scores = [group[0].statement_score for group in kept]
    strength_shares = [
        sum(f.label == LABEL_STRENGTH for f in group) / len(group) for group in kept
    ]
    if len(kept) < 3 or len(set(scores)) < 2:
        print(f"\nonly {len(kept)} (council, statement) pairs with {min_findings}+ key "
              "findings and differing scores: no correlation to report")
        return 1
    rho, p_value = spearmanr(scores, strength_shares)
    print(f"\nSpearman rho (statement score vs share labelled strength) over {len(kept)} "
          f"(council, statement) pairs with {min_findings}+ key findings: "
          f"rho = {rho:.3f} (p = {p_value:.2g})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
