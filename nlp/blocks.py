"""Groups printed lines into blocks: headings, paragraphs and list items.

Layout decides: a line printed larger than the body text, or bold and short, is a
heading; body lines join into a paragraph until the vertical gap grows; a paragraph
runs on across a page break when its last line has no closing punctuation. Words split
by a hyphen at a line end are rejoined, dropping the hyphen only when the document
itself spells the joined word without one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from cqc_themes.records import Line, Page

BlockKind = Literal["heading", "text", "list_item"]

# A gap above a line larger than this many font sizes starts a new paragraph; body text
# is printed at about 1.35 sizes per line and paragraphs are set further apart.
_PARAGRAPH_GAP = 1.7
# A heading is at least this much larger than the body text...
_HEADING_SIZE_RATIO = 1.04
# ...or bold, no longer than this, and without closing punctuation.
_BOLD_HEADING_MAX_CHARACTERS = 120
# Browsers draw list bullets as shapes, not text, so an item shows only as a line set in
# from the body's left margin by at least this much (points), but less than the maximum.
_LIST_INDENT = (8.0, 80.0)
# Items of one list sit further apart than the wrapped lines of one item.
_LIST_ITEM_GAP = 1.6
_BULLET = re.compile(r"^\s*(?:[•●◦▪‣∙·○■□–—*]|-(?=\s))\s*")
_CLOSING_PUNCTUATION = tuple(".!?:;\"”’)")
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str
    page: int  # printed page number of the block's first line
    font_size: float
    bold: bool
    page_breaks: tuple[tuple[int, int], ...] = ()  # (offset in text, page) at each new page


@dataclass(frozen=True)
class _PlacedLine:
    line: Line
    page: int
    page_index: int


def body_font_size(pages: tuple[Page, ...] | list[Page]) -> float:
    """The size most of the text is printed at."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            sizes[line.font_size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def is_heading_line(line: Line, body_size: float) -> bool:
    text = line.text.strip()
    if _BULLET.match(text):
        return False
    if line.font_size >= body_size * _HEADING_SIZE_RATIO:
        return True
    return (
        line.bold
        and len(text) <= _BOLD_HEADING_MAX_CHARACTERS
        and not text.endswith((".", ",", ";"))
    )


def _vocabulary(pages: tuple[Page, ...] | list[Page]) -> set[str]:
    return {
        word.lower() for page in pages for line in page.lines for word in _WORD.findall(line.text)
    }


def join_hyphenated(left: str, right: str, vocabulary: set[str]) -> str:
    """Join two lines of one paragraph, mending a word broken at the line end."""
    match = re.search(r"([A-Za-z]+)-$", left)
    if not match or not right[:1].isalpha():
        return f"{left} {right}"
    next_word = re.match(r"[A-Za-z]+", right)
    joined = (match.group(1) + (next_word.group(0) if next_word else "")).lower()
    hyphenated = f"{match.group(1)}-{next_word.group(0) if next_word else ''}".lower()
    if joined in vocabulary and hyphenated not in vocabulary:
        return left[:-1] + right  # a soft hyphen: "assess-" + "ment"
    return left + right  # a real compound: "strength-" + "based"


def build_blocks(pages: tuple[Page, ...] | list[Page]) -> list[Block]:
    """The document's blocks in reading order."""
    body_size = body_font_size(pages)
    vocabulary = _vocabulary(pages)
    left_margin = _body_left_margin(pages, body_size)
    placed = [
        _PlacedLine(line, page.number, page.index) for page in pages for line in page.lines
    ]
    blocks: list[Block] = []
    current: list[_PlacedLine] = []
    current_kind: BlockKind = "text"

    def flush() -> None:
        nonlocal current
        if current:
            blocks.append(_make_block(current_kind, current, vocabulary))
        current = []

    for position, placed_line in enumerate(placed):
        line = placed_line.line
        heading = is_heading_line(line, body_size)
        bullet = not heading and (
            bool(_BULLET.match(line.text))
            or _starts_indented_item(placed[position - 1] if position else None, placed_line,
                                     left_margin)
        )
        kind: BlockKind = "heading" if heading else ("list_item" if bullet else "text")
        if current and _continues(current, current_kind, placed_line, kind):
            current.append(placed_line)
            continue
        flush()
        current, current_kind = [placed_line], kind
    flush()
    return blocks


def _body_left_margin(pages: tuple[Page, ...] | list[Page], body_size: float) -> float:
    """The x position most body text starts at."""
    starts: Counter[int] = Counter()
    for page in pages:
        for line in page.lines:
            if line.font_size == body_size and not line.bold:
                starts[round(line.x0)] += len(line.text)
    return float(starts.most_common(1)[0][0]) if starts else 0.0


def _starts_indented_item(previous: _PlacedLine | None, new: _PlacedLine, margin: float) -> bool:
    """Whether `new` opens a list item that has no bullet character in the text layer."""
    indent = new.line.x0 - margin
    if not _LIST_INDENT[0] <= indent <= _LIST_INDENT[1]:
        return False
    if previous is None or abs(previous.line.x0 - new.line.x0) > 1.0:
        return True
    if new.page_index != previous.page_index:
        return previous.line.text.rstrip().endswith(_CLOSING_PUNCTUATION)
    return new.line.top - previous.line.top > _LIST_ITEM_GAP * new.line.font_size


def _continues(
    current: list[_PlacedLine], current_kind: BlockKind, new: _PlacedLine, kind: BlockKind
) -> bool:
    """Whether `new` carries on the block being built."""
    previous = current[-1]
    if kind == "list_item" or (kind == "heading") != (current_kind == "heading"):
        return False
    if kind == "heading":
        same_style = (
            abs(previous.line.font_size - new.line.font_size) < 0.3
            and previous.line.bold == new.line.bold
        )
        gap = new.line.top - previous.line.top
        close = new.page_index == previous.page_index and 0 < gap <= 1.6 * new.line.font_size
        return same_style and close
    if abs(previous.line.font_size - new.line.font_size) >= 0.5:
        return False
    if new.page_index != previous.page_index:
        return not previous.line.text.rstrip().endswith(_CLOSING_PUNCTUATION)
    gap = new.line.top - previous.line.top
    return 0 < gap <= _PARAGRAPH_GAP * new.line.font_size


def _make_block(kind: BlockKind, lines: list[_PlacedLine], vocabulary: set[str]) -> Block:
    # Lines are whitespace-normalised before joining, so offsets into the joined text
    # stay true and a sentence that starts after a page break gets that page.
    text = " ".join(lines[0].line.text.split())
    if kind == "list_item":
        text = _BULLET.sub("", text, count=1)
    page_breaks = []
    for previous, placed_line in zip(lines, lines[1:], strict=False):
        line_text = " ".join(placed_line.line.text.split())
        text = join_hyphenated(text, line_text, vocabulary)
        if placed_line.page_index != previous.page_index:
            page_breaks.append((len(text) - len(line_text), placed_line.page))
    first = lines[0].line
    return Block(
        kind=kind,
        text=text,
        page=lines[0].page,
        font_size=first.font_size,
        bold=first.bold,
        page_breaks=tuple(page_breaks),
    )
