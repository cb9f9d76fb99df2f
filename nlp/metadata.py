"""Reads a report's headline facts: council, publication date, rating, scores.

Works on lines, not paragraphs, because the summary prints facts on lines of their own
("Good", "Assessing needs  Score: 3") that layout would otherwise run together. Only
the front of the report (before the first quality statement section) is read for the
rating and overall score, so a figure quoted in a finding is never taken for one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from cqc_themes.domain import (
    SCORE_WORDS,
    canonical_rating,
    canonical_statement,
    normalise_words,
)
from cqc_themes.records import Page

_TITLE = re.compile(r"^(?P<council>.+?)\s*[:|–—-]\s*local authority assessment\b", re.I)
_TITLE_REVERSED = re.compile(r"^local authority assessment\s*[:|–—-]\s*(?P<council>.+)$", re.I)
_PUBLISHED = re.compile(
    r"^(?:assessment\s+|report\s+)?(?:published|publication date|date published)\s*(?:on)?\s*:?\s*"
    r"(?P<date>(?:\d{1,2}\s+)?[A-Za-z]+\s+\d{4})\b",
    re.I,
)
_SCORE_100 = (
    re.compile(r"\bscored\s+(?P<score>\d{1,3})\s*(?:out\s+of|/)\s*100\b", re.I),
    re.compile(r"\boverall\s+score\s*(?:of|:|was|is)?\s*(?P<score>\d{1,3})\b", re.I),
    re.compile(r"\bscore\s*:?\s*(?P<score>\d{1,3})\s*(?:/|out\s+of)\s*100\b", re.I),
)
_RATING_LABELLED = re.compile(r"^(?:overall\s+)?rating\s*:?\s*(?P<rating>.+)$", re.I)
_STATEMENT_SCORE_ROW = re.compile(
    r"^(?P<name>[A-Za-z][A-Za-z ,’'&-]+?)\s*(?:[|:–-]\s*)?(?:score\s*:?\s*)?(?P<score>[1-4])"
    r"(?:\s*(?:/|out\s+of)\s*4)?$",
    re.I,
)
# The score words may follow on the same block when a page break separates the two lines
# ("Score: 2" at a page's foot, "2 - Evidence shows some shortfalls" at the next's head).
_SECTION_SCORE = re.compile(
    r"^score\s*:?\s*(?P<score>[1-4])(?:\s*(?:/|out\s+of)\s*4)?"
    r"(?:\s+(?:[1-4]\s*[-–—:]\s*)?evidence shows .+)?$",
    re.I,
)
_SCORE_WORDS_LINE = re.compile(
    r"^(?:(?P<score>[1-4])\s*[-–—:]\s*)?(?P<words>evidence shows .+)$", re.I
)
_SCORE_BY_WORDS = {normalise_words(words): score for score, words in SCORE_WORDS.items()}


@dataclass
class ReportMetadata:
    council: str | None = None
    published: str | None = None
    rating: str | None = None
    score_100: int | None = None
    summary_scores: dict[str, int] = field(default_factory=dict)


def parse_published_iso(published: str | None) -> str | None:
    """ "17 May 2024" -> "2024-05-17"; "January 2025" -> "2025-01"; otherwise None."""
    if not published:
        return None
    for pattern, iso in (("%d %B %Y", "%Y-%m-%d"), ("%B %Y", "%Y-%m"), ("%d %b %Y", "%Y-%m-%d")):
        try:
            return datetime.strptime(published.strip(), pattern).strftime(iso)
        except ValueError:
            continue
    return None


def section_score(text: str) -> int | None:
    """The score a statement section prints ("Score: 3" or "3 - Evidence shows ...")."""
    text = text.strip()
    match = _SECTION_SCORE.match(text)
    if match:
        return int(match.group("score"))
    match = _SCORE_WORDS_LINE.match(text)
    if match:
        if match.group("score"):
            return int(match.group("score"))
        return _SCORE_BY_WORDS.get(normalise_words(match.group("words")))
    return None


def statement_score_row(text: str) -> tuple[str, int] | None:
    """A summary-table row such as "Assessing needs  Score: 3"."""
    match = _STATEMENT_SCORE_ROW.match(text.strip())
    if not match:
        return None
    statement = canonical_statement(match.group("name"))
    return (statement, int(match.group("score"))) if statement else None


def is_headline_fact(text: str) -> bool:
    """Whether a line states a headline fact (rating, a score, the date) and not a finding."""
    text = text.strip()
    return bool(
        statement_score_row(text)
        or canonical_rating(text)
        or _RATING_LABELLED.match(text) and canonical_rating(_RATING_LABELLED.match(text)["rating"])
        or section_score(text)
        or _PUBLISHED.match(text)
        # The score sentence itself ("X scored 64 out of 100 overall, ..."), not a finding
        # that happens to quote a score.
        or (len(text) < 160 and _SCORE_100[0].search(text) and "overall" in text.lower())
        or re.match(r"^overall score\b", text, re.I)
    )


def read_metadata(pages: tuple[Page, ...]) -> ReportMetadata:
    """Headline facts from the front of the report; absent facts stay None."""
    metadata = ReportMetadata()
    lines = [line.text.strip() for page in pages for line in page.lines]
    front_end = _front_end(lines)
    for index, text in enumerate(lines):
        if metadata.council is None:
            metadata.council = _council_from_title(text, lines[index + 1 : index + 2])
        if metadata.published is None and (match := _PUBLISHED.match(text)):
            metadata.published = match.group("date")
        if index >= front_end:
            continue
        row = statement_score_row(text)
        if row and row[0] not in metadata.summary_scores:
            metadata.summary_scores[row[0]] = row[1]
        if metadata.rating is None:
            metadata.rating = _rating(text)
        if metadata.score_100 is None:
            metadata.score_100 = _score_100(text)
    if metadata.council is None:
        metadata.council = _council_from_about(lines)
    return metadata


def _front_end(lines: list[str]) -> int:
    """Index of the first line of the first quality-statement section."""
    for index, text in enumerate(lines):
        if canonical_statement(text) and index + 1 < len(lines):
            following = " ".join(lines[index + 1 : index + 3])
            if section_score(lines[index + 1]) or "what people expect" in following.lower():
                return index
    return len(lines)


def _council_from_title(text: str, following: list[str]) -> str | None:
    # Titles wrap: "London Borough of Camden: local authority" / "assessment".
    candidates = [text, f"{text} {following[0]}" if following else text]
    for candidate in candidates:
        for pattern in (_TITLE, _TITLE_REVERSED):
            match = pattern.match(candidate)
            if match:
                council = match.group("council").strip(" :|-–—")
                if council and len(council) < 100:
                    return council
    return None


def _council_from_about(lines: list[str]) -> str | None:
    for text in lines:
        match = re.match(r"^About (?P<council>.+(?:Council|Borough of .+))$", text)
        if match:
            return match.group("council").strip()
    return None


def _rating(text: str) -> str | None:
    rating = canonical_rating(text)
    if rating:
        return rating
    match = _RATING_LABELLED.match(text)
    return canonical_rating(match.group("rating")) if match else None


def _score_100(text: str) -> int | None:
    for pattern in _SCORE_100:
        match = pattern.search(text)
        if match and 0 <= int(match.group("score")) <= 100:
            return int(match.group("score"))
    return None
