"""Turns an extracted document into a Report: headline facts, paragraphs, findings."""

from __future__ import annotations

from cqc_themes.domain import THEME_OF_STATEMENT
from cqc_themes.errors import NotACqcReportError
from cqc_themes.nlp.blocks import body_font_size, build_blocks
from cqc_themes.nlp.consistency import consistency_warnings
from cqc_themes.nlp.metadata import parse_published_iso, read_metadata
from cqc_themes.nlp.sections import layout_sections
from cqc_themes.nlp.sentences import split_sentences
from cqc_themes.records import ExtractedDocument, Finding, Paragraph, Report


def parse_report(document: ExtractedDocument) -> Report:
    """Parse a CQC local authority assessment; raise NotACqcReportError for anything else."""
    metadata = read_metadata(document.pages)
    blocks = build_blocks(document.pages)
    layout = layout_sections(blocks, body_font_size(document.pages), metadata.council)

    has_statements = bool(
        layout.section_scores
        or metadata.summary_scores
        or any(p.quality_statement for p in layout.paragraphs)
    )
    if metadata.council is None or not has_statements:
        missing = "council name" if metadata.council is None else "quality statements"
        raise NotACqcReportError(document.path, f"no {missing} found")

    statement_scores = {**layout.section_scores, **metadata.summary_scores}
    warnings = consistency_warnings(
        metadata.rating, metadata.score_100, metadata.summary_scores, layout.section_scores
    )
    warnings += [
        f"unknown section '{name}' kept as findings under its own heading"
        for name in layout.unknown_sections
    ]
    findings = _findings(layout.paragraphs, statement_scores)
    if not findings:
        # Seen with damaged files whose summary survived but whose text did not.
        warnings.append("no findings: the report's text after its summary could not be read")
    return Report(
        council=metadata.council,
        published=metadata.published,
        published_iso=parse_published_iso(metadata.published),
        rating=metadata.rating,
        score_100=metadata.score_100,
        statement_scores=statement_scores,
        paragraphs=tuple(layout.paragraphs),
        findings=tuple(findings),
        source_path=document.path,
        sha256=document.sha256,
        page_count=len(document.pages),
        warnings=tuple(warnings),
    )


def _page_at(paragraph: Paragraph, offset: int) -> int:
    """The printed page the paragraph's character at `offset` is on."""
    page = paragraph.page
    for break_offset, break_page in paragraph.page_breaks:
        if offset >= break_offset:
            page = break_page
    return page


def _findings(paragraphs: list[Paragraph], statement_scores: dict[str, int]) -> list[Finding]:
    findings = []
    spans = split_sentences(paragraph.text for paragraph in paragraphs)
    for paragraph, sentence_spans in zip(paragraphs, spans, strict=True):
        statement = paragraph.quality_statement
        for start, end in sentence_spans:
            findings.append(
                Finding(
                    text=paragraph.text[start:end].strip(),
                    paragraph_index=paragraph.index,
                    char_start=start,
                    char_end=end,
                    page=_page_at(paragraph, start),
                    section=paragraph.section,
                    quality_statement=statement,
                    theme=THEME_OF_STATEMENT.get(statement) if statement else None,
                    subheading=paragraph.subheading,
                    finer_subheading=paragraph.finer_subheading,
                    statement_score=statement_scores.get(statement) if statement else None,
                )
            )
    return findings
