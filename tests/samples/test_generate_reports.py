"""samples/generate_reports.py: deterministic full-length reports that parse to their facts."""

from __future__ import annotations

import csv
import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

from cqc_themes.ingest import parse_pdf

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
CHROMIUM = shutil.which("chromium") or shutil.which("/usr/bin/chromium")


def _generator():
    sys.path.insert(0, str(SAMPLES))
    spec = importlib.util.spec_from_file_location(
        "generate_reports", SAMPLES / "generate_reports.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generator = _generator()


def test_same_council_number_gives_the_same_report_and_different_numbers_differ():
    assert generator.report_source(4) == generator.report_source(4)
    first, second = generator.report_source(0), generator.report_source(1)
    assert first["council"] != second["council"]
    first_findings = set(first["sections"][-1]["chunks"][0].split(". "))
    second_findings = set(second["sections"][-1]["chunks"][0].split(". "))
    assert len(first_findings & second_findings) < len(first_findings) // 10


def test_key_findings_of_153_councils_rarely_repeat_another_councils_word_for_word():
    # Real reports share almost no key finding (487 of 491 distinct in 18 councils); a
    # generated corpus that did would load the encoders less than real reports do.
    findings = []
    for number in range(153):
        for section in generator.report_source(number)["sections"]:
            lines = section["chunks"][0].split("\n")
            if "Key findings for this quality statement" in lines:
                key = lines[lines.index("Key findings for this quality statement") + 1 :]
                findings += [
                    sentence for line in key if not line.startswith("## ")
                    for sentence in line.split(". ")
                ]
    assert len(findings) > 60_000
    assert len(set(findings)) >= 0.98 * len(findings)


def test_overall_score_follows_the_nine_statement_scores_and_the_rating_band():
    for number in range(20):
        doc = generator.report_source(number)
        assert doc["overall_score_100"] == round(100 * sum(doc["qs_scores"].values()) / 36)
        band = next(r for top, r in generator.RATING_BANDS if doc["overall_score_100"] <= top)
        assert doc["overall_rating"] == band


def test_ratings_spread_across_councils():
    ratings = {generator.report_source(number)["overall_rating"] for number in range(153)}
    assert {"Good", "Requires improvement", "Outstanding"} <= ratings


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
def test_generated_pdfs_parse_to_the_facts_in_their_ground_truth(tmp_path: Path):
    pdfs = list(generator.generate(2, tmp_path, CHROMIUM))
    assert len(pdfs) == 2
    with open(tmp_path / "ground_truth.csv", encoding="utf-8") as handle:
        truth = {row["file"]: row for row in csv.DictReader(handle)}
    for pdf in pdfs:
        report = parse_pdf(pdf)
        expected = truth[pdf.name]
        assert report.council == expected["council"]
        assert report.rating == expected["overall_rating"]
        assert report.published == expected["published"]
        assert report.score_100 == int(expected["overall_score_100"])
        assert report.statement_scores == {
            statement: int(expected[statement]) for statement in generator.STATEMENTS
        }
        assert report.warnings == ()
        assert len(report.findings) >= 450
    # A second run keeps what is there and prints nothing new.
    assert list(generator.generate(2, tmp_path, CHROMIUM)) == []
