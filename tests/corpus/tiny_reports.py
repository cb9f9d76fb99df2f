"""Reports built in a test: a few findings, no PDF needed."""

from __future__ import annotations

import hashlib
from pathlib import Path

from cqc_themes.domain import SUBHEADING_KEY_FINDINGS, THEME_OF_STATEMENT
from cqc_themes.records import Finding, Paragraph, Report


def tiny_report(
    council: str,
    sentences: list[str],
    *,
    statement: str = "Assessing needs",
    statement_scores: dict[str, int] | None = None,
    rating: str | None = "Good",
) -> Report:
    """A report whose every sentence is one paragraph and one finding under `statement`."""
    paragraphs = tuple(
        Paragraph(index=n, text=text, page=n + 1, section=statement,
                  quality_statement=statement, subheading=SUBHEADING_KEY_FINDINGS)
        for n, text in enumerate(sentences)
    )
    findings = tuple(
        Finding(text=p.text, paragraph_index=p.index, char_start=0,
                char_end=len(p.text) if p.text else 0, page=p.page, section=statement,
                quality_statement=statement, theme=THEME_OF_STATEMENT[statement],
                subheading=SUBHEADING_KEY_FINDINGS, finer_subheading=None, statement_score=3)
        for p in paragraphs
    )
    identity = f"{council}|{sentences}|{statement_scores}".encode()
    return Report(
        council=council, published="1 March 2025", published_iso="2025-03-01", rating=rating,
        score_100=None, statement_scores=statement_scores or {statement: 3},
        paragraphs=paragraphs, findings=findings, source_path=Path(f"{council}.pdf"),
        sha256=hashlib.sha256(identity).hexdigest(), page_count=len(sentences),
    )
