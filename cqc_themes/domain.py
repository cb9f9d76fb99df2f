"""Facts about CQC local authority assessments, stated once for every stage to import.

The nine quality statements, the four themes they sit in, the four ratings, the score
words and the recurring sub-headings come from CQC's published assessment framework
for local authorities (Care Act 2014, Part 1), in use since December 2023.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class QualityStatement:
    name: str
    theme: str


THEME_WORKING_WITH_PEOPLE = "Working with people"
THEME_PROVIDING_SUPPORT = "Providing support"
THEME_ENSURING_SAFETY = "Ensuring safety"
THEME_LEADERSHIP = "Leadership"
THEMES: tuple[str, ...] = (
    THEME_WORKING_WITH_PEOPLE,
    THEME_PROVIDING_SUPPORT,
    THEME_ENSURING_SAFETY,
    THEME_LEADERSHIP,
)

QUALITY_STATEMENTS: tuple[QualityStatement, ...] = (
    QualityStatement("Assessing needs", THEME_WORKING_WITH_PEOPLE),
    QualityStatement("Supporting people to live healthier lives", THEME_WORKING_WITH_PEOPLE),
    QualityStatement("Equity in experience and outcomes", THEME_WORKING_WITH_PEOPLE),
    QualityStatement("Care provision, integration and continuity", THEME_PROVIDING_SUPPORT),
    QualityStatement("Partnerships and communities", THEME_PROVIDING_SUPPORT),
    QualityStatement("Safe pathways, systems and transitions", THEME_ENSURING_SAFETY),
    QualityStatement("Safeguarding", THEME_ENSURING_SAFETY),
    QualityStatement("Governance, management and sustainability", THEME_LEADERSHIP),
    QualityStatement("Learning, improvement and innovation", THEME_LEADERSHIP),
)
STATEMENT_NAMES: tuple[str, ...] = tuple(s.name for s in QUALITY_STATEMENTS)
THEME_OF_STATEMENT: dict[str, str] = {s.name: s.theme for s in QUALITY_STATEMENTS}

RATINGS: tuple[str, ...] = ("Outstanding", "Good", "Requires improvement", "Inadequate")
# Ratings that count as "higher" when comparing councils (the digest's split).
HIGHER_RATINGS: frozenset[str] = frozenset({"Outstanding", "Good"})

SCORE_WORDS: dict[int, str] = {
    1: "Evidence shows significant shortfalls",
    2: "Evidence shows some shortfalls",
    3: "Evidence shows a good standard",
    4: "Evidence shows an exceptional standard",
}
MAX_STATEMENT_SCORE = 4

# The three sub-headings CQC repeats under every quality statement.
SUBHEADING_EXPECT = "What people expect"
SUBHEADING_COMMITMENT = "The local authority commitment"
SUBHEADING_KEY_FINDINGS = "Key findings for this quality statement"
STATEMENT_SUBHEADINGS: tuple[str, ...] = (
    SUBHEADING_EXPECT,
    SUBHEADING_COMMITMENT,
    SUBHEADING_KEY_FINDINGS,
)
# Framework text: the same in every report, so it describes rather than judges.
FRAMEWORK_SUBHEADINGS: frozenset[str] = frozenset({SUBHEADING_EXPECT, SUBHEADING_COMMITMENT})

# Report-level sections outside the nine statements; the values are the names findings
# carry in the corpus (their "section").
SECTION_OVERVIEW = "Overall summary"
SECTION_PEOPLE_EXPERIENCE = "Summary of people's experiences"
SECTION_STRENGTHS_SUMMARY = "Summary of strengths, areas for development and next steps"
SECTION_ABOUT = "About the local authority"
# Sub-headings of the "About" section: facts and figures about the area and its budget.
ABOUT_SUBHEADINGS: frozenset[str] = frozenset({"Demographics", "Financial facts"})

# What the classifier says a finding does (models/classifier.py explains the three).
LABEL_STRENGTH = "strength"  # judges something as working well
LABEL_IMPROVEMENT = "improvement"  # reports a shortfall, risk, delay or gap
LABEL_CONTEXT = "context"  # describes without judging
FINDING_LABELS: tuple[str, ...] = (LABEL_STRENGTH, LABEL_IMPROVEMENT, LABEL_CONTEXT)


def normalise_words(text: str) -> str:
    """Lower-case, unify quotes and dashes, keep only letters, digits and single spaces."""
    text = text.lower().replace("’", "'").replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


# Wordings seen in the wild for statement names, beyond the canonical ones. Matching is on
# normalised words, so punctuation and case never matter.
_STATEMENT_ALIASES: dict[str, str] = {
    "supporting people to lead healthier lives": "Supporting people to live healthier lives",
    "supporting people to live healthy lives": "Supporting people to live healthier lives",
    "safe systems pathways and transitions": "Safe pathways, systems and transitions",
    "safe pathways systems and transition": "Safe pathways, systems and transitions",
    "care provision integration and continuity of care": (
        "Care provision, integration and continuity"
    ),
    "governance management and sustainability of services": (
        "Governance, management and sustainability"
    ),
    "learning improvement and innovation in care": "Learning, improvement and innovation",
    "equity in experiences and outcomes": "Equity in experience and outcomes",
    "partnership and communities": "Partnerships and communities",
    "assessing need": "Assessing needs",
}
_STATEMENT_BY_WORDS: dict[str, str] = {
    **{normalise_words(name): name for name in STATEMENT_NAMES},
    **_STATEMENT_ALIASES,
}
# Word sets let reordered names ("systems, pathways") match without listing every order.
_STATEMENT_BY_WORD_SET: dict[frozenset[str], str] = {
    frozenset(words.split()): name for words, name in _STATEMENT_BY_WORDS.items()
}


def canonical_statement(heading: str) -> str | None:
    """The canonical quality statement a heading names, or None if it names none."""
    words = normalise_words(heading)
    if words in _STATEMENT_BY_WORDS:
        return _STATEMENT_BY_WORDS[words]
    return _STATEMENT_BY_WORD_SET.get(frozenset(words.split()))


def canonical_rating(text: str) -> str | None:
    """The rating a short line states ("Requires Improvement" -> "Requires improvement")."""
    words = normalise_words(text)
    for rating in RATINGS:
        if words == normalise_words(rating):
            return rating
    return None


def expected_score_100(statement_scores: dict[str, int]) -> int | None:
    """CQC's 2024 rule: the score out of 100 is the nine scores' share of 36, rounded."""
    if len(statement_scores) != len(STATEMENT_NAMES):
        return None
    total = sum(statement_scores.values())
    # Round half up, as CQC's published figures do (Python's round() is banker's rounding).
    return int(100 * total / (MAX_STATEMENT_SCORE * len(STATEMENT_NAMES)) + 0.5)


def names_matching(text: str, names: tuple[str, ...]) -> tuple[str, ...]:
    """The names whose words contain `text`'s words, ignoring case and punctuation, so
    "requires-improvement" names "Requires improvement" and "safe" names two statements."""
    words = normalise_words(text)
    if not words:
        return ()
    return tuple(name for name in names if words in normalise_words(name))


def statements_matching(text: str) -> tuple[str, ...]:
    """The quality statements `text` names: part of a canonical name, or a known variant."""
    alias = canonical_statement(text)
    return (alias,) if alias else names_matching(text, STATEMENT_NAMES)


_ISO_DATE_PREFIX = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def iso_date_prefix(text: str) -> str:
    """A date as YYYY, YYYY-MM or YYYY-MM-DD, checked; raises ValueError naming the form."""
    match = _ISO_DATE_PREFIX.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    try:
        datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError as error:
        raise ValueError(f"{text!r} is not a date ({error})") from None
    return text.strip()
