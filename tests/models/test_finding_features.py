"""Place, judgement words and main clauses: the classifier's hand-made features, and the
word-list baseline built on them. None of these load the embedding model."""

from __future__ import annotations

import pytest

from cqc_themes.models.baselines import LexiconBaseline
from cqc_themes.models.finding_features import (
    PLACE_ABOUT,
    PLACE_FRAMEWORK,
    PLACE_PEOPLE_SUMMARY,
    PLACE_STATEMENT,
    PLACE_STRENGTHS_SUMMARY,
    PLACE_UNKNOWN,
    place_of,
)
from cqc_themes.models.lexicon import cues, main_clause
from cqc_themes.models.training_data import LabelledFinding


def _finding(text: str = "A sentence.", subheading: str | None = None,
             statement: str | None = None) -> LabelledFinding:
    return LabelledFinding(text, "context", statement, subheading)


@pytest.mark.parametrize(
    ("subheading", "statement", "place"),
    [
        ("What people expect", "Assessing needs", PLACE_FRAMEWORK),
        ("The local authority commitment", "Safeguarding", PLACE_FRAMEWORK),
        ("Demographics", None, PLACE_ABOUT),
        ("Financial facts", None, PLACE_ABOUT),
        ("About Anywhere County Council", None, PLACE_ABOUT),
        ("Summary of people's experiences", None, PLACE_PEOPLE_SUMMARY),
        ("Summary of strengths, areas for development and next steps", None,
         PLACE_STRENGTHS_SUMMARY),
        ("Key findings for this quality statement", "Assessing needs", PLACE_STATEMENT),
        ("Hospital discharge", "Safe pathways, systems and transitions", PLACE_STATEMENT),
        (None, None, PLACE_UNKNOWN),
    ],
)
def test_place_comes_from_the_subheading_and_statement(
    subheading: str | None, statement: str | None, place: str
) -> None:
    assert place_of(_finding(subheading=subheading, statement=statement)) == place


def test_a_first_person_sentence_is_framework_text_wherever_it_was_filed() -> None:
    finding = _finding("I can find out what help there is and how to get it.",
                       "Key findings for this quality statement", "Assessing needs")
    assert place_of(finding) == PLACE_FRAMEWORK


@pytest.mark.parametrize(
    ("sentence", "main"),
    [
        ("Although carers praised the hub, many waited months for an assessment.",
         "many waited months for an assessment."),
        ("There were waiting lists, but these had halved in a year.",
         "these had halved in a year."),
        ("Partners were positive; however, joint funding decisions were slow.",
         "joint funding decisions were slow."),
        ("Staff were kind and well trained.", "Staff were kind and well trained."),
    ],
)
def test_main_clause_follows_the_turn(sentence: str, main: str) -> None:
    assert main_clause(sentence) == main


def test_cues_count_praise_and_criticism_as_whole_words() -> None:
    counts = cues("Wellbeing checks were not always timely, but staff were kind.")
    assert counts.positive == 2  # timely, kind; "wellbeing" is not "well"
    assert counts.negative == 1  # not
    assert counts.contrast == 1


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        ("People praised how quickly the reablement team responded.", "strength"),
        ("Some carers waited over six months for an assessment.", "improvement"),
        ("The council commissions a charity to run its carers' hub.", "context"),
    ],
)
def test_lexicon_baseline_reads_plain_sentences(sentence: str, label: str) -> None:
    baseline = LexiconBaseline().fit()
    assert baseline.predict([_finding(sentence)])[0] == label
