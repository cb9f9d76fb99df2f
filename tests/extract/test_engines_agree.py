"""PDFium (the fast default) and pdfplumber (the reference) read the samples alike.

pdfplumber takes over a second per sample, so one report of each layout is compared
here; tests/integration compares every report of the shared corpus.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from cqc_themes.extract import extract_document
from cqc_themes.nlp import parse_report
from cqc_themes.records import ExtractedDocument

ONE_SAMPLE_PER_LAYOUT = ["eastmere.pdf", "oakhurst.pdf"]  # "browser", "branded"


def _squeezed(text: str) -> str:
    return "".join(text.split())


def line_agreement(first: ExtractedDocument, second: ExtractedDocument) -> float:
    """Share of lines whose text (ignoring whitespace) both engines read, page by page."""
    shared = total = 0
    for page_a, page_b in zip(first.pages, second.pages, strict=True):
        lines_a = Counter(_squeezed(line.text) for line in page_a.lines)
        lines_b = Counter(_squeezed(line.text) for line in page_b.lines)
        shared += sum((lines_a & lines_b).values())
        total += max(sum(lines_a.values()), sum(lines_b.values()))
    return shared / total


@pytest.fixture(scope="module", params=ONE_SAMPLE_PER_LAYOUT)
def both_engines(
    request: pytest.FixtureRequest, sample_pdfs: list[Path]
) -> tuple[ExtractedDocument, ExtractedDocument]:
    path = next(p for p in sample_pdfs if p.name == request.param)
    return extract_document(path, engine="pdfium"), extract_document(path, engine="pdfplumber")


def test_same_pages_and_page_numbers(both_engines) -> None:
    pdfium_doc, plumber_doc = both_engines
    assert [p.number for p in pdfium_doc.pages] == [p.number for p in plumber_doc.pages]
    assert pdfium_doc.stripped_lines == plumber_doc.stripped_lines


def test_line_texts_agree_on_at_least_99_percent(both_engines) -> None:
    assert line_agreement(*both_engines) >= 0.99


def test_font_size_and_weight_agree_on_shared_lines(both_engines) -> None:
    # Headings are told apart by size and weight, so the fast reader must see them too.
    pdfium_doc, plumber_doc = both_engines
    compared = matching = 0
    for page_a, page_b in zip(pdfium_doc.pages, plumber_doc.pages, strict=True):
        by_text = {_squeezed(line.text): line for line in page_b.lines}
        for line in page_a.lines:
            other = by_text.get(_squeezed(line.text))
            if other is None:
                continue
            compared += 1
            matching += abs(line.font_size - other.font_size) <= 0.2 and line.bold == other.bold
    assert compared and matching / compared >= 0.99


def test_both_engines_give_the_same_report(both_engines) -> None:
    pdfium_report, plumber_report = (parse_report(document) for document in both_engines)
    assert (pdfium_report.council, pdfium_report.rating, pdfium_report.score_100) == (
        plumber_report.council, plumber_report.rating, plumber_report.score_100
    )
    assert pdfium_report.statement_scores == plumber_report.statement_scores
    pdfium_findings = Counter(_squeezed(f.text) for f in pdfium_report.findings)
    plumber_findings = Counter(_squeezed(f.text) for f in plumber_report.findings)
    shared = sum((pdfium_findings & plumber_findings).values())
    assert shared / max(len(pdfium_report.findings), len(plumber_report.findings)) >= 0.99
