"""Running headers and footers go, printed page numbers stay, in all three sample layouts."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from cqc_themes.extract import extract_document
from cqc_themes.extract.pdfium_reader import read_pages_pdfium
from cqc_themes.extract.running_headers import printed_page_number, strip_running_headers
from cqc_themes.records import ExtractedDocument, Line, Page

# Page furniture the three sample layouts print: a browser's print stamp and file URL
# with "n/m"; a branded running header and a "Page n of m" footer; or a bare page number,
# with the running title at the foot of only a few pages.
FURNITURE = {
    "file URL": re.compile(r"file://"),
    "print stamp": re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4},\s+\d{1,2}:\d{2}\s*[AP]M\b"),
    "page n of m": re.compile(r"\bPage\s+\d+\s+of\s+\d+\b", re.I),
    "branded header": re.compile(r"^Local authority assessment \|"),
    "bare page number": re.compile(r"^\d{1,4}$"),
    "running title": re.compile(r"local authority assessment report", re.I),
}
BROWSER_SAMPLE = "eastmere.pdf"
BRANDED_SAMPLE = "oakhurst.pdf"
FOOT_TITLE_SAMPLE = "wyndham-cross.pdf"
SOURCES = Path(__file__).resolve().parents[2] / "samples" / "source"


def _layout(sample: str) -> str:
    source = json.loads((SOURCES / sample.replace(".pdf", ".json")).read_text("utf-8"))
    return source.get("layout", "browser")


def _furniture_in(text: str) -> list[str]:
    return [name for name, pattern in FURNITURE.items() if pattern.search(text)]


def test_every_raw_sample_page_has_furniture_to_strip(sample_pdfs: list[Path]) -> None:
    # Guards the tests below: the samples really do print headers and footers.
    for path in sample_pdfs:
        for page in read_pages_pdfium(path):
            found = {name for line in page.lines for name in _furniture_in(line.text)}
            assert found, f"{path.name} page {page.index + 1} prints no header or footer"


def test_no_header_or_footer_text_is_left_in_any_line(
    extracted_samples: dict[str, ExtractedDocument],
) -> None:
    for name, document in extracted_samples.items():
        for page in document.pages:
            for line in page.lines:
                assert not _furniture_in(line.text), f"{name} p{page.number}: {line.text!r}"


def test_exactly_the_printed_furniture_lines_go(
    extracted_samples: dict[str, ExtractedDocument],
) -> None:
    # A header and a footer a page, except in the foot-title layout: one footer line (the
    # page number, with the running title beside it on a few pages).
    for name, document in extracted_samples.items():
        per_page = 1 if _layout(name) == "foot-title" else 2
        assert document.stripped_lines == per_page * len(document.pages), name


def test_a_running_title_on_only_two_or_three_pages_is_stripped(
    sample_pdfs: list[Path], extracted_samples: dict[str, ExtractedDocument]
) -> None:
    source = next(path for path in sample_pdfs if path.name == FOOT_TITLE_SAMPLE)
    raw_pages = read_pages_pdfium(source)
    titled = [
        page.index
        for page in raw_pages
        if any(FURNITURE["running title"].search(line.text) for line in page.lines)
    ]
    assert _layout(FOOT_TITLE_SAMPLE) == "foot-title"
    assert 2 <= len(titled) <= 3 < len(raw_pages) // 2, titled

    document = extracted_samples[FOOT_TITLE_SAMPLE]
    assert [page.number for page in document.pages] == list(range(1, len(raw_pages) + 1))
    for page in document.pages:
        assert not any(FURNITURE["running title"].search(line.text) for line in page.lines)


def test_report_title_on_the_first_page_is_kept(
    extracted_samples: dict[str, ExtractedDocument], sample_truth: dict[str, dict[str, str]]
) -> None:
    for name, document in extracted_samples.items():
        first_lines = " ".join(line.text for line in document.pages[0].lines[:3])
        assert sample_truth[name]["council"] in first_lines, name


@pytest.mark.parametrize("sample", [BROWSER_SAMPLE, BRANDED_SAMPLE, FOOT_TITLE_SAMPLE])
@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_pages_cut_from_the_middle_keep_their_printed_numbers(
    sample: str, engine: str, tmp_path: Path, sample_pdfs: list[Path]
) -> None:
    source = next(path for path in sample_pdfs if path.name == sample)
    writer = PdfWriter()
    for page in PdfReader(source).pages[2:5]:
        writer.add_page(page)
    buffer = io.BytesIO()
    writer.write(buffer)
    excerpt = tmp_path / "pages-3-to-5.pdf"
    excerpt.write_bytes(buffer.getvalue())

    document = extract_document(excerpt, engine=engine)

    assert [page.number for page in document.pages] == [3, 4, 5]
    assert not any(_furniture_in(line.text) for page in document.pages for line in page.lines)


def _line(text: str, top: float, size: float = 10.0, bold: bool = False) -> Line:
    return Line(text=text, top=top, x0=50.0, font_size=size, bold=bold)


def _page(index: int, lines: list[Line]) -> Page:
    return Page(index=index, number=index + 1, width=595.0, height=842.0, lines=tuple(lines))


@pytest.mark.parametrize(
    ("footer", "number"),
    [
        ("Page 3 of 9", 3),
        ("page 12 of 40", 12),
        ("3/9", 3),
        ("file:///home/me/report.html 7/12", 7),
        ("Care Quality Commission Page 4 of 10", 4),
        ("17", 17),
    ],
)
def test_printed_page_number_is_read_from_the_footer(footer: str, number: int) -> None:
    assert printed_page_number([_line(footer, 820.0)]) == number


@pytest.mark.parametrize("text", ["Safeguarding", "In 2023/24 the council spent more.", ""])
def test_lines_without_a_page_number_give_none(text: str) -> None:
    assert printed_page_number([_line(text, 820.0)]) is None


def test_stripping_uses_printed_numbers_and_keeps_body_text() -> None:
    pages = [
        _page(
            index,
            [
                _line("Local authority assessment | Fenwick Council", 20.0, size=8.0),
                _line("Body text that happens to mention page 4 of the plan.", 300.0),
                _line(f"Page {index + 5} of 12", 815.0, size=8.0),
            ],
        )
        for index in range(3)
    ]

    cleaned, removed = strip_running_headers(pages)

    assert [page.number for page in cleaned] == [5, 6, 7]
    assert removed == 6
    assert all(
        [line.text for line in page.lines]
        == ["Body text that happens to mention page 4 of the plan."]
        for page in cleaned
    )


def test_a_large_heading_opening_two_pages_is_not_mistaken_for_a_header() -> None:
    body = [_line(f"Body sentence number {n} of this page.", 200.0 + 14 * n) for n in range(5)]
    pages = [
        _page(index, [_line("Key findings for this quality statement", 40.0, 14.0, True), *body])
        for index in range(2)
    ]

    cleaned, removed = strip_running_headers(pages)

    assert removed == 0
    assert all(page.lines[0].text.startswith("Key findings") for page in cleaned)


def _two_page_report(footer: str) -> list[Page]:
    """A two-page report: a title, body lines, and `footer` at the foot of both pages."""
    title = _line("Fenwick Council: local authority assessment", 40.0, size=17.0, bold=True)
    pages = []
    for index in range(2):
        body = [_line(f"Body sentence {n} on page {index + 1}.", 200.0 + 14 * n) for n in range(6)]
        first = [title] if index == 0 else []
        pages.append(_page(index, [*first, *body, _line(footer, 700.0 + 30 * index, size=8.0)]))
    return pages


@pytest.mark.parametrize(
    "footer",
    [
        "Fenwick Council local authority assessment report",
        "Fenwick Council - local authority assessment",
        "Care Quality Commission: Fenwick Council assessment report",
    ],
)
def test_a_running_title_goes_from_a_two_page_report_wherever_it_sits(footer: str) -> None:
    # Each footer sits at a different height, above the margin band on page one.
    cleaned, removed = strip_running_headers(_two_page_report(footer))

    assert removed == 2
    assert cleaned[0].lines[0].text == "Fenwick Council: local authority assessment"
    assert all(footer not in line.text for page in cleaned for line in page.lines)


@pytest.mark.parametrize(
    "repeated",
    [
        "Fenwick Council",  # the council's name alone, e.g. in a rating box
        "Fenwick Council assessment teams were stretched",  # words the title does not have
    ],
)
def test_a_repeated_line_that_is_not_the_title_is_kept(repeated: str) -> None:
    cleaned, removed = strip_running_headers(_two_page_report(repeated))

    assert removed == 0
    assert sum(line.text == repeated for page in cleaned for line in page.lines) == 2
