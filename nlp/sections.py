"""Walks a report's blocks and places each paragraph in its section and sub-heading.

Known headings are recognised by their words (statement names are mapped to the
canonical nine); unknown headings by their size: one printed as large as a quality
statement heading opens a section of its own (kept, with a warning), a smaller one is a
finer sub-heading inside the current section.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from cqc_themes.domain import (
    FRAMEWORK_SUBHEADINGS,
    SECTION_ABOUT,
    SECTION_OVERVIEW,
    SECTION_PEOPLE_EXPERIENCE,
    SECTION_STRENGTHS_SUMMARY,
    STATEMENT_SUBHEADINGS,
    canonical_statement,
    normalise_words,
)
from cqc_themes.nlp.blocks import Block
from cqc_themes.nlp.metadata import is_headline_fact, section_score
from cqc_themes.records import Paragraph

_SUBHEADING_BY_WORDS = {normalise_words(name): name for name in STATEMENT_SUBHEADINGS}
_THEME_HEADING = re.compile(r"^theme\s*\d*\s*[:.–—-]", re.I)
# Summary headings whose content is the rating and scores, already read as metadata.
_METADATA_HEADINGS = {
    "local authority rating and score",
    "quality statement scores",
    "rating and score",
    "overall rating and score",
    "overall rating",
}
UNTITLED_SECTION = "Untitled section"


@dataclass
class SectionLayout:
    paragraphs: list[Paragraph] = field(default_factory=list)
    section_scores: dict[str, int] = field(default_factory=dict)
    unknown_sections: list[str] = field(default_factory=list)


@dataclass
class _Place:
    section: str | None = None
    quality_statement: str | None = None
    subheading: str | None = None
    finer_subheading: str | None = None
    in_metadata: bool = False


def _known_section(words: str) -> str | None:
    if words.startswith("summary of people"):
        return SECTION_PEOPLE_EXPERIENCE
    if words.startswith("summary of strengths"):
        return SECTION_STRENGTHS_SUMMARY
    if words == "overall summary":
        return SECTION_OVERVIEW
    if words.startswith("about ") and len(words) < 90:
        return SECTION_ABOUT
    return None


def _statement_heading_size(blocks: list[Block]) -> float | None:
    sizes = Counter(
        block.font_size
        for block in blocks
        if block.kind == "heading" and canonical_statement(block.text)
    )
    return sizes.most_common(1)[0][0] if sizes else None


def layout_sections(blocks: list[Block], body_size: float, council: str | None) -> SectionLayout:
    """Paragraphs with their place in the report, plus the scores sections print."""
    layout = SectionLayout()
    place = _Place()
    statement_size = _statement_heading_size(blocks)
    section_level_size = (statement_size - 0.3) if statement_size else body_size * 1.2
    title_words = normalise_words(council or "")

    for block in blocks:
        text = block.text
        words = normalise_words(text.rstrip(":"))
        if not words:
            continue
        if block.kind == "heading":
            if _THEME_HEADING.match(text) or "local authority assessment" in words:
                place.in_metadata = False
                continue
            if words in _METADATA_HEADINGS:
                place.in_metadata = True
                continue
            statement = canonical_statement(text)
            if statement and (statement_size is None or block.font_size >= section_level_size):
                place = _Place(section=statement, quality_statement=statement)
                continue
            if words in _SUBHEADING_BY_WORDS and place.quality_statement:
                place.subheading = _SUBHEADING_BY_WORDS[words]
                place.finer_subheading = None
                continue
            known = _known_section(words)
            if known:
                place = _Place(section=known, subheading=text.rstrip(":"))
                continue
            if place.quality_statement and section_score(text):
                layout.section_scores.setdefault(place.quality_statement, section_score(text))
                continue
            if place.in_metadata or is_headline_fact(text) or words == title_words:
                if block.font_size >= section_level_size and not is_headline_fact(text):
                    place.in_metadata = False
                else:
                    continue
            if block.font_size >= section_level_size:
                place = _Place(section=text.rstrip(":"), subheading=text.rstrip(":"))
                layout.unknown_sections.append(place.section)
                continue
            if place.subheading not in FRAMEWORK_SUBHEADINGS:
                if place.quality_statement:
                    place.finer_subheading = text.rstrip(":")
                else:
                    place.subheading = text.rstrip(":")
                continue
            # A bold line under the framework sub-headings is framework text itself.
        if place.quality_statement and (score := section_score(text)):
            layout.section_scores.setdefault(place.quality_statement, score)
            continue
        if place.in_metadata or is_headline_fact(text):
            continue
        if place.section is None:
            place = _Place(section=UNTITLED_SECTION, subheading=None)
            layout.unknown_sections.append(UNTITLED_SECTION)
        layout.paragraphs.append(
            Paragraph(
                index=len(layout.paragraphs),
                text=text,
                page=block.page,
                section=place.section,
                quality_statement=place.quality_statement,
                subheading=place.subheading,
                finer_subheading=place.finer_subheading,
                is_list_item=block.kind == "list_item",
                page_breaks=block.page_breaks,
            )
        )
    return layout
