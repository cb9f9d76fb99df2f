"""Finds and removes running headers and footers, and reads printed page numbers.

A running line sits in a page's top or bottom margin band and either repeats on other
pages (once digits are ignored: "Page 3 of 9") or has the look of page furniture: a
page number, a URL, a print date. Single-page files have nothing to repeat, so the
look matters as much as the repetition.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

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

    cleaned, removed = [], 0
    for page in pages:
        furniture = [
            line for line in _band_lines(page) if _is_furniture(line, repeated, body_size)
        ]
        number = printed_page_number(furniture) or page.index + 1
        kept = tuple(line for line in page.lines if line not in furniture)
        removed += len(page.lines) - len(kept)
        cleaned.append(replace(page, lines=kept, number=number))
    return cleaned, removed
