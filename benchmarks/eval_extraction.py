"""Checks extraction and segmentation against the shared corpus's truth files.

    python benchmarks/eval_extraction.py ../shared/corpus [--raw ../shared/corpus-raw]
        [--engine pdfium|pdfplumber]

Prints, per report and in total:
1. whether the rating, the score out of 100 and each of the nine statement scores match
   ground_truth.csv (a blank cell means "not printed": the parse must be None too);
2. segmentation: for each council and quality statement in corpus-raw, the share of the
   section's words found in findings tagged with that statement (sub-heading lines, and
   "## " finer sub-headings in the samples' sources, are headings, not findings, so they
   are left out of the section's words);
3. the share of findings that contain running header or footer text: URLs, print
   stamps, "Page n of m", and the running title ("<council> local authority
   assessment ...", wherever on the page it was printed).
Exits 1 if any headline fact does not match.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from cqc_themes.domain import STATEMENT_NAMES, normalise_words
from cqc_themes.extract import extract_document
from cqc_themes.nlp import parse_report
from cqc_themes.nlp.truth_check import FURNITURE_TEXT, headline_checks, statement_word_coverage


def carries_running_text(text: str, council: str) -> bool:
    """Whether a finding holds page furniture or the report's running title line."""
    running_title = normalise_words(f"{council} local authority assessment")
    return bool(FURNITURE_TEXT.search(text)) or running_title in normalise_words(text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--raw", type=Path, default=None, help="default: <corpus>/../corpus-raw")
    parser.add_argument("--truth", type=Path, default=None,
                        help="ground-truth CSV (default: <corpus>/ground_truth.csv)")
    parser.add_argument("--engine", default="pdfium", choices=["pdfium", "pdfplumber"])
    args = parser.parse_args()
    raw_dir = args.raw or args.corpus.parent / "corpus-raw"

    with open(args.truth or args.corpus / "ground_truth.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    facts_ok = facts_total = reports_ok = 0
    found_total = words_total = 0
    furniture_findings = findings_total = 0
    print(f"{'report':28} {'rating':7} {'score':6} {'statements':10} segmentation")
    for row in rows:
        report = parse_report(extract_document(args.corpus / row["file"], engine=args.engine))
        checks = headline_checks(report, row)
        mismatches = [key for key, (got, want) in checks.items() if got != want]
        facts_total += len(checks)
        facts_ok += len(checks) - len(mismatches)
        reports_ok += not mismatches

        findings_total += len(report.findings)
        furniture_findings += sum(
            carries_running_text(f.text, report.council) for f in report.findings
        )

        raw = json.loads((raw_dir / row["file"].replace(".pdf", ".json")).read_text("utf-8"))
        seg_found, seg_words = statement_word_coverage(report, raw["sections"])
        found_total += seg_found
        words_total += seg_words

        statements_ok = sum(checks[n][0] == checks[n][1] for n in STATEMENT_NAMES)
        segmentation = f"{100 * seg_found / seg_words:5.1f}%" if seg_words else "  n/a"
        print(
            f"{row['file']:28} {'ok' if 'rating' not in mismatches else 'WRONG':7} "
            f"{'ok' if 'score' not in mismatches else 'WRONG':6} {statements_ok}/9{'':6} "
            f"{segmentation}"
            + (f"   mismatches: {', '.join(mismatches)}" if mismatches else "")
        )
    print()
    print(f"headline facts matching ground truth: {facts_ok}/{facts_total} "
          f"({100 * facts_ok / facts_total:.1f}%); reports fully right: {reports_ok}/{len(rows)}")
    print(f"segmentation: {found_total}/{words_total} statement-section words found in findings "
          f"tagged with that statement ({100 * found_total / words_total:.2f}%)")
    print(f"findings containing running header/footer text: {furniture_findings}/{findings_total} "
          f"({100 * furniture_findings / max(findings_total, 1):.2f}%)")
    return 0 if facts_ok == facts_total else 1


if __name__ == "__main__":
    sys.exit(main())
