"""Domain facts every stage relies on: statement names, the 2024 score rule, dates."""

from __future__ import annotations

import pytest

from cqc_themes.domain import (
    QUALITY_STATEMENTS,
    STATEMENT_NAMES,
    THEMES,
    canonical_rating,
    canonical_statement,
    expected_score_100,
)
from cqc_themes.nlp.metadata import parse_published_iso


def test_nine_statements_in_four_themes() -> None:
    assert len(STATEMENT_NAMES) == 9
    assert [sum(s.theme == theme for s in QUALITY_STATEMENTS) for theme in THEMES] == [3, 2, 2, 2]


@pytest.mark.parametrize("name", STATEMENT_NAMES)
def test_canonical_names_map_to_themselves_whatever_the_case(name: str) -> None:
    assert canonical_statement(name) == name
    assert canonical_statement(name.upper() + ":") == name


@pytest.mark.parametrize(
    ("heading", "statement"),
    [
        ("Safe systems, pathways and transitions", "Safe pathways, systems and transitions"),
        ("Supporting people to lead healthier lives", "Supporting people to live healthier lives"),
        ("Assessing need", "Assessing needs"),
        ("Partnership and communities", "Partnerships and communities"),
        ("Equity in experiences and outcomes", "Equity in experience and outcomes"),
        ("Care provision, integration and continuity of care",
         "Care provision, integration and continuity"),
        ("Governance, management & sustainability", "Governance, management and sustainability"),
        ("Learning, innovation and improvement", "Learning, improvement and innovation"),
        ("  safeguarding  ", "Safeguarding"),
    ],
)
def test_heading_variants_map_to_the_canonical_name(heading: str, statement: str) -> None:
    assert canonical_statement(heading) == statement


@pytest.mark.parametrize(
    "heading",
    [
        "",
        "Safeguarding adults board",
        "Assessing",
        "Key findings for this quality statement",
        "Summary of people's experiences",
        "Leadership",
        "Financial information",
        "The council assessed needs of carers",
    ],
)
def test_other_headings_name_no_statement(heading: str) -> None:
    assert canonical_statement(heading) is None


@pytest.mark.parametrize(
    ("text", "rating"),
    [("Requires Improvement", "Requires improvement"), ("GOOD", "Good"),
     ("Outstanding", "Outstanding"), ("inadequate", "Inadequate"), ("Goodness", None),
     ("Good practice was seen", None)],
)
def test_canonical_rating(text: str, rating: str | None) -> None:
    assert canonical_rating(text) == rating


def _scores(*values: int) -> dict[str, int]:
    return dict(zip(STATEMENT_NAMES, values, strict=False))


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        (_scores(3, 3, 3, 3, 3, 3, 3, 3, 3), 75),
        (_scores(4, 4, 4, 4, 4, 4, 4, 4, 4), 100),
        (_scores(1, 1, 1, 1, 1, 1, 1, 1, 1), 25),
        (_scores(2, 3, 2, 3, 4, 3, 3, 3, 3), 72),  # 26/36 = 72.2: down
        (_scores(2, 3, 2, 2, 3, 2, 2, 2, 2), 56),  # 20/36 = 55.6: up
        (_scores(1, 2, 1, 1, 2, 1, 1, 1, 1), 31),  # 11/36 = 30.6: up
    ],
)
def test_expected_score_is_the_nine_scores_share_of_36_rounded(
    scores: dict[str, int], expected: int
) -> None:
    assert expected_score_100(scores) == expected


def test_expected_score_needs_all_nine() -> None:
    assert expected_score_100(_scores(3, 3, 3, 3, 3, 3, 3, 3)) is None
    assert expected_score_100({}) is None


@pytest.mark.parametrize(
    ("published", "iso"),
    [
        ("17 May 2024", "2024-05-17"),
        ("9 January 2025", "2025-01-09"),
        (" 5 June 2024 ", "2024-06-05"),
        ("5 Jun 2024", "2024-06-05"),
        ("January 2025", "2025-01"),
        ("sometime in 2024", None),
        ("31 February 2024", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_published_iso(published: str | None, iso: str | None) -> None:
    assert parse_published_iso(published) == iso
