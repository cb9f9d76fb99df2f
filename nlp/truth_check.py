"""Measures a parse against truth files: ground-truth CSV rows and section-split text.

Used by benchmarks/eval_extraction.py and the integration tests, so the figures a
benchmark prints and the thresholds tests assert are computed one way.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from cqc_themes.domain import STATEMENT_NAMES, STATEMENT_SUBHEADINGS, normalise_words
from cqc_themes.records import Report

# Text that belongs to page furniture, not to a report: URLs, browser print stamps,
# "title n/m" and "Page n of m" lines.
FURNITURE_TEXT = re.compile(
    r"file://|https?://|\b\d{1,2}/\d{1,2}/\d{2,4},\s+\d{1,2}:\d{2}"
    r"|local authority assessment\s+\d+\s*/\s*\d+|\bpage\s+\d+\s+of\s+\d+",
    re.IGNORECASE,
)
_HEADING_LINES = {normalise_words(name) for name in STATEMENT_SUBHEADINGS}


def expected_value(cell: str) -> str | int | None:
    """A ground-truth CSV cell: blank means "not printed", so the parse must be None."""
    cell = cell.strip()
    if not cell:
        return None
    return int(cell) if cell.isdigit() else cell


def headline_checks(report: Report, row: dict[str, str]) -> dict[str, tuple[object, object]]:
    """(parsed, expected) for the rating, the score out of 100 and each statement score."""
    checks: dict[str, tuple[object, object]] = {
        "rating": (report.rating, expected_value(row["overall_rating"])),
        "score": (report.score_100, expected_value(row["overall_score_100"])),
    }
    for name in STATEMENT_NAMES:
        checks[name] = (report.statement_scores.get(name), expected_value(row[name]))
    return checks


def section_words(chunks: Iterable[str]) -> Counter[str]:
    """A section's words, less its heading lines ("## " lines are finer sub-headings in
    the samples' sources): headings become sub-headings, not findings."""
    words: Counter[str] = Counter()
    for chunk in chunks:
        for line in chunk.split("\n"):
            if line.startswith("## "):
                continue
            normalised = normalise_words(line.rstrip(":"))
            if normalised and normalised not in _HEADING_LINES:
                words.update(normalised.split())
    return words


def statement_word_coverage(report: Report, raw_sections: Iterable[dict]) -> tuple[int, int]:
    """(words found, words in total) of each raw statement section found in the findings
    tagged with that statement."""
    found = total = 0
    for section in raw_sections:
        if section["section"] not in STATEMENT_NAMES:
            continue
        want = section_words(section["chunks"])
        got: Counter[str] = Counter()
        for finding in report.findings:
            if finding.quality_statement == section["section"]:
                got.update(normalise_words(finding.text).split())
        found += sum((want & got).values())
        total += sum(want.values())
    return found, total
