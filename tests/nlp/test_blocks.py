"""Lines become headings, paragraphs and list items; words broken at a line end are mended."""

from __future__ import annotations

import pytest

from cqc_themes.nlp.blocks import build_blocks, join_hyphenated
from cqc_themes.records import Line, Page

BODY = 11.0
PITCH = 15.0  # body line spacing, as the samples print it


@pytest.mark.parametrize(
    ("left", "right", "vocabulary", "joined"),
    [
        ("a strength-", "based approach", {"strength", "based"}, "a strength-based approach"),
        ("the assess-", "ment was late", {"assessment"}, "the assessment was late"),
        # The document spells it both ways: keep the hyphen it was printed with.
        ("were co-", "produced", {"coproduced", "co-produced"}, "were co-produced"),
        ("the council", "agreed", set(), "the council agreed"),
    ],
)
def test_join_hyphenated(left: str, right: str, vocabulary: set[str], joined: str) -> None:
    assert join_hyphenated(left, right, vocabulary) == joined


def _page(index: int, lines: list[tuple[str, float]], x0: float = 50.0) -> Page:
    """A page of body lines given as (text, top) or (text, top, x0)."""
    built = []
    for entry in lines:
        text, top, *indent = entry
        built.append(Line(text=text, top=top, x0=indent[0] if indent else x0,
                          font_size=BODY, bold=False))
    return Page(index=index, number=index + 1, width=595, height=842, lines=tuple(built))


def _heading(text: str, top: float) -> Line:
    return Line(text=text, top=top, x0=50.0, font_size=14.0, bold=True)


def test_paragraph_lines_join_and_a_soft_hyphen_goes_when_the_document_spells_the_word() -> None:
    page = _page(0, [
        ("Every assessment we read was recorded on time.", 100),
        ("Staff said the first assess-", 130),
        ("ment took too long, but strength-", 130 + PITCH),
        ("based practice was common.", 130 + 2 * PITCH),
    ])
    blocks = build_blocks([page])
    assert [b.text for b in blocks] == [
        "Every assessment we read was recorded on time.",
        "Staff said the first assessment took too long, but strength-based practice was common.",
    ]


def test_headings_are_told_apart_by_size() -> None:
    heading = _heading("Safeguarding", 80)
    body = _page(0, [("The council had clear procedures.", 110)])
    page = Page(index=0, number=1, width=595, height=842, lines=(heading, *body.lines))
    assert [(b.kind, b.text) for b in build_blocks([page])] == [
        ("heading", "Safeguarding"), ("text", "The council had clear procedures."),
    ]


def test_bulleted_lines_are_list_items_without_their_bullets() -> None:
    page = _page(0, [
        ("Its main priorities were:", 100),
        ("• shorter waits for assessments", 100 + PITCH),
        ("• better support for unpaid carers", 100 + 2 * PITCH),
    ])
    assert [(b.kind, b.text) for b in build_blocks([page])] == [
        ("text", "Its main priorities were:"),
        ("list_item", "shorter waits for assessments"),
        ("list_item", "better support for unpaid carers"),
    ]


def test_indented_lines_without_bullets_are_list_items_and_wrapped_items_stay_whole() -> None:
    # Browsers draw bullets as shapes, so the text layer holds only the indented text.
    body = [(f"Body line {n} of a paragraph about the council's plan for the year.", 60 + n * PITCH)
            for n in range(6)]
    items = [
        ("Its main priorities were:", 200),
        ("shorter waits for assessments", 225, 68.0),
        ("better support for unpaid carers, including short", 250, 68.0),
        ("breaks and carers' assessments", 250 + PITCH, 68.0),
        ("a stable workforce", 290, 68.0),
        ("The plan was agreed in 2024.", 320),
    ]
    blocks = build_blocks([_page(0, body + items)])
    assert [(b.kind, b.text) for b in blocks[1:]] == [
        ("text", "Its main priorities were:"),
        ("list_item", "shorter waits for assessments"),
        ("list_item", "better support for unpaid carers, including short breaks and carers' "
                      "assessments"),
        ("list_item", "a stable workforce"),
        ("text", "The plan was agreed in 2024."),
    ]


def test_a_paragraph_runs_on_across_a_page_break_and_records_where() -> None:
    first = _page(0, [("Waits were long. The council had", 700)])
    second = _page(1, [("a plan to cut them. It worked.", 80)])
    [block] = build_blocks([first, second])
    assert block.text == "Waits were long. The council had a plan to cut them. It worked."
    assert block.page == 1
    assert block.page_breaks == ((len("Waits were long. The council had "), 2),)


def test_a_finished_sentence_at_the_foot_of_a_page_ends_the_paragraph() -> None:
    first = _page(0, [("Waits were long.", 700)])
    second = _page(1, [("A new paragraph starts here.", 80)])
    assert [b.page for b in build_blocks([first, second])] == [1, 2]
