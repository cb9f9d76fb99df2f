"""Findings are sentences: abbreviations and numbering must not split them."""

from __future__ import annotations

import pytest

from cqc_themes.nlp import split_sentences


def sentences(text: str) -> list[str]:
    [spans] = split_sentences([text])
    return [text[start:end].strip() for start, end in spans]


@pytest.mark.parametrize(
    "text",
    [
        "Some services, e.g. the carers' hub, were praised by people who used them.",
        "Staff followed procedure No. 4 when a concern was raised out of hours.",
        "People valued the service, i.e. they said it kept them at home.",
        "Dr. Ahmed chaired the partnership board for most of the year.",
        "Waits fell from 14 weeks to 9 weeks (approx. a third) during 2024.",
    ],
)
def test_abbreviations_do_not_end_a_sentence(text: str) -> None:
    assert sentences(text) == [text]


def test_sentences_split_at_full_stops_question_and_exclamation_marks() -> None:
    text = "Waiting lists were long. Was anyone reviewed? Some waited six months!"
    assert sentences(text) == [
        "Waiting lists were long.", "Was anyone reviewed?", "Some waited six months!"
    ]


def test_a_tiny_fragment_stays_with_the_sentence_before_it() -> None:
    text = "Reviews were overdue for 40% of people. (2). The council had a plan."
    assert sentences(text) == ["Reviews were overdue for 40% of people. (2).",
                               "The council had a plan."]


def test_each_text_gets_its_own_spans() -> None:
    texts = ["One sentence here.", "", "First one. Second one."]
    assert [len(spans) for spans in split_sentences(texts)] == [1, 0, 2]
