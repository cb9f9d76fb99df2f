"""Tiny corpora for codebook tests: reports built in the test, labels stored by hand."""

from __future__ import annotations

import hashlib
from pathlib import Path

from cqc_themes import Corpus
from cqc_themes.domain import (
    FINDING_LABELS,
    SUBHEADING_EXPECT,
    SUBHEADING_KEY_FINDINGS,
    THEME_OF_STATEMENT,
)
from cqc_themes.records import Finding, Label, Paragraph, Report

STATEMENT = "Partnerships and communities"


def report(council: str, sentences: list[str], *, framework: list[str] = ()) -> Report:
    """Key findings `sentences` (and `framework` text under "What people expect")."""
    placed = [(text, SUBHEADING_EXPECT) for text in framework] + [
        (text, SUBHEADING_KEY_FINDINGS) for text in sentences
    ]
    paragraphs = tuple(
        Paragraph(
            index=n,
            text=text,
            page=n + 1,
            section=STATEMENT,
            quality_statement=STATEMENT,
            subheading=subheading,
        )
        for n, (text, subheading) in enumerate(placed)
    )
    findings = tuple(
        Finding(
            text=p.text,
            paragraph_index=p.index,
            char_start=0,
            char_end=len(p.text),
            page=p.page,
            section=STATEMENT,
            quality_statement=STATEMENT,
            theme=THEME_OF_STATEMENT[STATEMENT],
            subheading=p.subheading,
            finer_subheading=None,
            statement_score=3,
        )
        for p in paragraphs
    )
    return Report(
        council=council,
        published="1 March 2025",
        published_iso="2025-03-01",
        rating="Good",
        score_100=None,
        statement_scores={STATEMENT: 3},
        paragraphs=paragraphs,
        findings=findings,
        source_path=Path(f"{council}.pdf"),
        sha256=hashlib.sha256(f"{council}|{placed}".encode()).hexdigest(),
        page_count=len(placed),
    )


def label_findings(corpus: Corpus, labels: dict[str, tuple[str, float]]) -> None:
    """Store a label for each finding whose text is a key of `labels`: (label, confidence)."""
    stored = []
    for finding in corpus.findings():
        if finding.text in labels:
            label, confidence = labels[finding.text]
            rest = (1 - confidence) / 2
            probabilities = {name: confidence if name == label else rest for name in FINDING_LABELS}
            stored.append(Label(finding.finding_id, label, confidence, probabilities, "test"))
    corpus.store_labels(stored)
