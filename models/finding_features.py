"""What the classifier reads besides a finding's embedding: its words and its place.

Where a sentence sits says a lot about what it does. The framework sub-headings ("What
people expect", "The local authority commitment") are the same text in every report, so
they describe by definition, and so do the "About" facts (demographics, finances); a
statement's score shifts the odds between strengths and shortfalls.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import astuple
from typing import Protocol

import numpy as np

from cqc_themes.domain import (
    ABOUT_SUBHEADINGS,
    FRAMEWORK_SUBHEADINGS,
    MAX_STATEMENT_SCORE,
    SECTION_PEOPLE_EXPERIENCE,
    SECTION_STRENGTHS_SUMMARY,
)
from cqc_themes.models.lexicon import cues, main_clause


class ClassifiableFinding(Protocol):
    """Anything with a sentence and its place: `Finding`, `StoredFinding`, `LabelledFinding`."""

    @property
    def text(self) -> str: ...
    @property
    def quality_statement(self) -> str | None: ...
    @property
    def subheading(self) -> str | None: ...
    @property
    def statement_score(self) -> int | None: ...


PLACE_FRAMEWORK = "framework"
PLACE_ABOUT = "about"
PLACE_PEOPLE_SUMMARY = "people's experiences"
PLACE_STRENGTHS_SUMMARY = "strengths summary"
PLACE_STATEMENT = "quality statement"
PLACE_UNKNOWN = "unknown"
PLACES: tuple[str, ...] = (
    PLACE_FRAMEWORK,
    PLACE_ABOUT,
    PLACE_PEOPLE_SUMMARY,
    PLACE_STRENGTHS_SUMMARY,
    PLACE_STATEMENT,
    PLACE_UNKNOWN,
)
# Places whose sentences describe and never judge: the framework's text is the same in
# every report, and the "About" profile states facts (population, budget) that CQC weighs
# only in the statement sections.
DESCRIPTIVE_PLACES: frozenset[str] = frozenset({PLACE_FRAMEWORK, PLACE_ABOUT})


_FIRST_PERSON = re.compile(r"^\W*I\b")


def place_of(finding: ClassifiableFinding) -> str:
    """Which kind of report text the finding sits in (one of PLACES)."""
    subheading = finding.subheading or ""
    if subheading in FRAMEWORK_SUBHEADINGS:
        return PLACE_FRAMEWORK
    if subheading in ABOUT_SUBHEADINGS or subheading.startswith("About "):
        return PLACE_ABOUT
    if subheading == SECTION_PEOPLE_EXPERIENCE:
        return PLACE_PEOPLE_SUMMARY
    if subheading == SECTION_STRENGTHS_SUMMARY:
        return PLACE_STRENGTHS_SUMMARY
    if _FIRST_PERSON.match(finding.text):
        # CQC's findings speak of people in the third person; a sentence in the first
        # person is an "I statement" of the framework whose heading the parser missed.
        return PLACE_FRAMEWORK
    if finding.quality_statement:
        return PLACE_STATEMENT
    return PLACE_UNKNOWN


def place_matrix(findings: Sequence[ClassifiableFinding]) -> np.ndarray:
    """One row per finding: its place, one-hot."""
    matrix = np.zeros((len(findings), len(PLACES)), dtype=np.float32)
    for row, finding in enumerate(findings):
        matrix[row, PLACES.index(place_of(finding))] = 1.0
    return matrix


def score_matrix(findings: Sequence[ClassifiableFinding]) -> np.ndarray:
    """One row per finding: its statement score, one-hot (all zero when it has none)."""
    matrix = np.zeros((len(findings), MAX_STATEMENT_SCORE), dtype=np.float32)
    for row, finding in enumerate(findings):
        if finding.statement_score:
            matrix[row, finding.statement_score - 1] = 1.0
    return matrix


def cue_matrix(findings: Sequence[ClassifiableFinding]) -> np.ndarray:
    """One row per finding: judgement words counted in the whole sentence and in its main
    clause (log-scaled), so a turn such as "although ..., " shifts the weight."""
    rows = []
    for finding in findings:
        whole = cues(finding.text)
        main = cues(main_clause(finding.text))
        rows.append([*astuple(whole), main.positive, main.negative, main.hedges])
    return np.log1p(np.array(rows, dtype=np.float32).reshape(len(findings), -1))


_PERCENTAGE = re.compile(r"\d+(?:\.\d+)?\s?(?:%|per ?cent\b)")
_NUMBER = re.compile(r"£?\d[\d,]*(?:\.\d+)?")


def words_for_tfidf(text: str) -> str:
    """Lower-cased text with figures replaced by placeholders: what a figure says depends
    on the words around it ("compared with", "below the average"), not on its digits."""
    text = text.lower().replace("’", "'")
    text = _PERCENTAGE.sub(" percentfigure ", text)
    return _NUMBER.sub(" numberfigure ", text)
