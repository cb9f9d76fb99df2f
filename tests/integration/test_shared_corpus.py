"""The shared corpus of real reports (../shared): headline facts, segmentation, furniture,
and the two PDF engines. Skipped when ../shared is absent.

Assertions are on figures and structure only; no report wording is repeated here.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest

from cqc_themes.extract import extract_document
from cqc_themes.nlp import parse_report
from cqc_themes.nlp.truth_check import FURNITURE_TEXT, headline_checks, statement_word_coverage
from cqc_themes.records import ExtractedDocument, Report

pytestmark = pytest.mark.shared

@pytest.fixture(scope="module")
def truth(shared_corpus_dir: Path) -> dict[str, dict[str, str]]:
    with open(shared_corpus_dir / "ground_truth.csv", encoding="utf-8") as handle:
        rows = {row["file"]: row for row in csv.DictReader(handle)}
    assert len(rows) >= 10
    return rows


@pytest.fixture(scope="module")
def documents(
    shared_corpus_dir: Path, truth: dict[str, dict[str, str]]
) -> dict[str, ExtractedDocument]:
    return {name: extract_document(shared_corpus_dir / name) for name in truth}


@pytest.fixture(scope="module")
def reports(documents: dict[str, ExtractedDocument]) -> dict[str, Report]:
    return {name: parse_report(document) for name, document in documents.items()}


def test_rating_score_and_statement_scores_match_ground_truth(
    reports: dict[str, Report], truth: dict[str, dict[str, str]]
) -> None:
    mismatches = []
    for name, row in truth.items():
        report = reports[name]
        checks = headline_checks(report, row)
        mismatches += [(name, key, got, want) for key, (got, want) in checks.items()
                       if got != want]
    assert mismatches == []


def test_council_names_match_ground_truth(
    reports: dict[str, Report], truth: dict[str, dict[str, str]]
) -> None:
    assert {name: reports[name].council for name in truth} == {
        name: row["council"] for name, row in truth.items()
    }


def test_segmentation_puts_each_statements_words_in_its_findings(
    reports: dict[str, Report], shared_corpus_dir: Path
) -> None:
    raw_dir = shared_corpus_dir.parent / "corpus-raw"
    if not raw_dir.is_dir():
        pytest.skip("../shared/corpus-raw is not present")
    shares = {}
    for name, report in reports.items():
        raw = json.loads((raw_dir / name.replace(".pdf", ".json")).read_text("utf-8"))
        found, total = statement_word_coverage(report, raw["sections"])
        if total:
            shares[name] = found / total
    assert shares, "no statement sections in corpus-raw"
    assert {name: share for name, share in shares.items() if share < 0.98} == {}


def test_at_most_one_percent_of_findings_hold_header_or_footer_text(
    reports: dict[str, Report],
) -> None:
    findings = [f for report in reports.values() for f in report.findings]
    polluted = sum(bool(FURNITURE_TEXT.search(f.text)) for f in findings)
    assert findings and polluted <= 0.01 * len(findings)


def test_every_page_lost_its_header_and_footer(documents: dict[str, ExtractedDocument]) -> None:
    left = {
        name: page.number
        for name, document in documents.items()
        for page in document.pages
        for line in page.lines
        if FURNITURE_TEXT.search(line.text)
    }
    assert left == {}
    assert all(
        [page.number for page in document.pages] == list(range(1, len(document.pages) + 1))
        for document in documents.values()
    )


def test_pdfium_and_pdfplumber_agree(
    documents: dict[str, ExtractedDocument], shared_corpus_dir: Path
) -> None:
    # pdfplumber takes about 0.7 s a report, so every third report (by name) is compared;
    # `benchmarks/eval_extraction.py --engine pdfplumber` checks them all.
    disagreements = {}
    for name in sorted(documents)[::3]:
        fast = documents[name]
        reference = extract_document(shared_corpus_dir / name, engine="pdfplumber")
        shared = total = 0
        for page_a, page_b in zip(fast.pages, reference.pages, strict=True):
            lines_a = Counter("".join(line.text.split()) for line in page_a.lines)
            lines_b = Counter("".join(line.text.split()) for line in page_b.lines)
            shared += sum((lines_a & lines_b).values())
            total += max(sum(lines_a.values()), sum(lines_b.values()))
        if shared < 0.99 * total:
            disagreements[name] = round(shared / total, 4)
    assert disagreements == {}
