"""Finds and removes running headers and footers, and reads printed page numbers.

A running line sits in a page's top or bottom margin band and either repeats on other
pages (once digits are ignored: "Page 3 of 9") or has the look of page furniture: a
page number, a URL, a print date. Single-page files have nothing to repeat, so the
look matters as much as the repetition.

A running title ("<council> local authority assessment report") is found wherever it
sits on the page and however seldom it repeats: a line printed on two or more pages,
no larger than body text, made only of the report title's words and the genre's title
words, is the title again, not a finding. Short reports, and layouts that print the
title on only a few pages, give too few repeats to learn it from a count.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from cqc_themes.domain import normalise_words
from cqc_themes.records import Line, Page

# How far into the page (as a share of its height) headers and footers may sit.
_MARGIN_BAND = 0.09
# How many lines at each end of a page can be furniture.
_LINES_PER_BAND = 3

_PAGE_NUMBER = re.compile(
    r"^(?:page\s+)?(?P<number>\d{1,4})(?:\s*(?:/|of)\s*\d{1,4})?$", re.IGNORECASE
)
_PAGE_NUMBER_AT_END = re.compile(
    r"(?:^|\s)(?:page\s+)?(?P<number>\d{1,4})\s*(?:/|of)\s*\d{1,4}$", re.IGNORECASE
)
_FURNITURE = re.compile(
    r"(?:https?://|file://|www\.)"  # a URL
    r"|\b\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}"  # a browser's print stamp
    r"|^page\s+\d+",
    re.IGNORECASE,
)


# Words a CQC report's running title may add to the council's name and the printed title.
_GENRE_TITLE_WORDS = frozenset(
    [
        "local",
        "authority",
        "authorities",
        "assessment",
        "assessments",
        "report",
        "adult",
        "social",
        "care",
        "quality",
        "commission",
        "cqc",
        "of",
        "the",
        "and",
        "for",
        "page",
    ]
)
# Words only a title line has: one must appear, so a repeated line of the council's name
# alone (a rating box, an address) is left to the parser.
_TITLE_MARKERS = frozenset({"assessment", "report"})
_MAX_TITLE_WORDS = 16
_TRAILING_NUMBER = re.compile(r"(?:^|\s)(?P<number>\d{1,4})$")


def _shape(text: str) -> str:
    """Text with digits folded, so "Page 2 of 9" and "Page 3 of 9" look alike."""
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _band_lines(page: Page) -> list[Line]:
    """The few lines nearest the top and bottom edges, inside the margin bands."""
    top_limit = page.height * _MARGIN_BAND
    bottom_limit = page.height * (1 - _MARGIN_BAND)
    top = [line for line in page.lines[:_LINES_PER_BAND] if line.top <= top_limit]
    bottom = [line for line in page.lines[-_LINES_PER_BAND:] if line.top >= bottom_limit]
    return top + [line for line in bottom if line not in top]


def _body_font_size(pages: list[Page]) -> float:
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            sizes[line.font_size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _is_furniture(line: Line, repeated_shapes: set[str], body_size: float) -> bool:
    if _FURNITURE.search(line.text) or _PAGE_NUMBER.match(line.text.strip()):
        return True
    # Repeated body-size-or-larger lines could be real headings ("Key findings ...")
    # that happen to open two pages; furniture is printed no larger than body text.
    return _shape(line.text) in repeated_shapes and line.font_size <= body_size


def _document_title_words(pages: list[Page]) -> frozenset[str]:
    """Words of the first page's largest printed lines: the report's title."""
    if not pages or not pages[0].lines:
        return frozenset()
    largest = max(line.font_size for line in pages[0].lines)
    return frozenset(
        word
        for line in pages[0].lines
        if line.font_size == largest
        for word in normalise_words(line.text).split()
    )


def _title_words_of(text: str) -> list[str]:
    return [word for word in normalise_words(text).split() if not word.isdigit()]


def _is_running_title(line: Line, title_words: frozenset[str], body_size: float) -> bool:
    """A line made only of the report title's words (and the genre's), naming the report."""
    words = _title_words_of(line.text)
    own_words = title_words - _GENRE_TITLE_WORDS
    return (
        bool(own_words)
        and 3 <= len(words) <= _MAX_TITLE_WORDS
        and line.font_size <= body_size
        and bool(_TITLE_MARKERS & set(words))
        and bool(own_words & set(words))
        and set(words) <= title_words | _GENRE_TITLE_WORDS
    )


def _running_titles(pages: list[Page], body_size: float) -> set[str]:
    """Shapes of title lines printed on two or more pages, wherever on the page."""
    title_words = _document_title_words(pages)
    pages_with: Counter[str] = Counter(
        shape
        for page in pages
        for shape in {
            _shape(line.text)
            for line in page.lines
            if _is_running_title(line, title_words, body_size)
        }
    )
    return {shape for shape, count in pages_with.items() if count >= 2}


def printed_page_number(lines: list[Line]) -> int | None:
    """The page number printed in a page's furniture, if any."""
    for line in lines:
        text = line.text.strip()
        match = _PAGE_NUMBER.match(text) or _PAGE_NUMBER_AT_END.search(text)
        if match:
            return int(match.group("number"))
    return None


def strip_running_headers(pages: list[Page]) -> tuple[list[Page], int]:
    """Pages without their headers and footers (numbered as printed), and how many went."""
    band_shapes = Counter(
        shape for page in pages for shape in {_shape(line.text) for line in _band_lines(page)}
    )
    min_repeats = max(2, (len(pages) + 1) // 2)
    repeated = {shape for shape, count in band_shapes.items() if count >= min_repeats}
    body_size = _body_font_size(pages)
    titles = _running_titles(pages, body_size)

    cleaned, removed = [], 0
    for page in pages:
        furniture = [line for line in _band_lines(page) if _is_furniture(line, repeated, body_size)]
        running_titles = [
            line for line in page.lines if _shape(line.text) in titles and line not in furniture
        ]
        furniture += running_titles
        number = (
            printed_page_number(furniture) or _title_page_number(running_titles) or page.index + 1
        )
        kept = tuple(line for line in page.lines if line not in furniture)
        removed += len(page.lines) - len(kept)
        cleaned.append(replace(page, lines=kept, number=number))
    return cleaned, removed


def _title_page_number(title_lines: list[Line]) -> int | None:
    """The page number a running title ends with ("... assessment report 8"), if any."""
    for line in title_lines:
        match = _TRAILING_NUMBER.search(line.text.strip())
        if match:
            return int(match.group("number"))
    return None
