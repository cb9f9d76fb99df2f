"""Topic keywords and labels read like a researcher wrote them: no boilerplate, no
fragments bridging a dropped word, phrases rather than their loose words."""

from __future__ import annotations

import numpy as np

from cqc_themes.models.discovery.topic_labels import (
    display_case,
    rank_keywords,
    tidy_keywords,
    topic_label,
)
from cqc_themes.models.discovery.topic_vocabulary import (
    PhraseAnalyzer,
    is_generic,
    place_words,
    topic_stop_words,
)


def analyse(texts: list[str], max_words: int = 2) -> list[list[str]]:
    analyzer = PhraseAnalyzer(topic_stop_words(["camden"]), max_words).fit(texts)
    return [analyzer(text) for text in texts]


def test_boilerplate_phrases_and_place_names_never_become_terms() -> None:
    [terms] = analyse(["The local authority in Camden told us that staff supported carers."])
    assert "local" not in terms and "authority" not in terms
    assert "camden" not in terms and "told" not in terms and "staff" not in terms
    assert "carers" in terms


def test_phrases_never_bridge_a_stop_word_or_punctuation() -> None:
    [terms] = analyse(["Leaders promoted independence and prevented delays, reducing needs."])
    assert "promoted independence" in terms
    assert "independence prevented" not in terms
    assert "delays reducing" not in terms


def test_singular_and_plural_count_as_the_commoner_form() -> None:
    texts = ["Unpaid carers waited.", "Carers were supported.", "One carer said so."]
    terms = analyse(texts)
    assert "carer" not in terms[2] and "carers" in terms[2]


def test_short_prefix_hyphens_join_and_others_split() -> None:
    [terms] = analyse(["Care was co-ordinated with long-term providers."])
    assert "coordinated" in terms
    assert "long term" in terms


def test_numbers_and_years_are_not_keywords() -> None:
    [terms] = analyse(["In 2023, 62% of 1,200 people were satisfied."])
    assert all(not any(ch.isdigit() for ch in term) for term in terms)


def test_generic_words_need_a_partner() -> None:
    assert is_generic("people") and is_generic("care support")
    assert not is_generic("care homes") and not is_generic("young people")


def test_place_words_come_from_council_names() -> None:
    assert {"tyneside", "north", "hammersmith", "fulham"} <= place_words(
        ["North Tyneside Council", "London Borough of Hammersmith and Fulham"]
    )


def test_tidy_keywords_prefers_the_phrase_and_drops_one_council_words() -> None:
    ranked = ["carers", "unpaid carers", "unpaid", "brackenford", "respite", "carer", "people"]
    documents = [
        frozenset({"carers", "unpaid carers", "unpaid", "brackenford", "respite", "carer"}),
        frozenset({"carers", "unpaid carers", "unpaid", "respite", "people"}),
    ]
    keywords = tidy_keywords(ranked, documents, ["Brackenford", "Oakhurst"])
    assert keywords == ("unpaid carers", "respite")


def test_label_is_a_noun_phrase_of_two_keywords() -> None:
    texts = ["Unpaid carers waited for respite and carers assessments by the NHS."]
    label = topic_label(["unpaid carers", "respite", "carers assessments", "nhs"], texts)
    assert label == "Unpaid carers and respite"
    assert "_" not in label and not label[0].isdigit()


def test_a_phrase_near_the_top_heads_the_label() -> None:
    label = topic_label(["online", "contact centre", "email"], ["Online or by the contact centre."])
    assert label == "Contact centre and online"


def test_a_word_used_as_a_verb_never_names_a_theme() -> None:
    texts = ["Managing the VCSE pilot was hard.", "Leaders were managing the VCSE grants."]
    assert topic_label(["managing", "vcse", "pilot"], texts) == "VCSE and pilot"


def test_acronyms_keep_the_case_the_reports_print() -> None:
    assert display_case("jsna data", ["The JSNA data was used; the jsna was old."]) == "JSNA data"


def test_a_subject_and_its_verb_never_name_a_theme() -> None:
    texts = ["Fewer services felt safe than the England average.", "Surveys were run yearly."]
    assert topic_label(["england average", "services felt", "surveys"], texts) == (
        "England average and surveys"
    )


def test_proper_names_keep_the_capitals_the_reports_print_mid_sentence() -> None:
    texts = ["Staff knew their duties under the Care Act.", "Care Act duties were met."]
    assert topic_label(["care act", "duties"], texts) == "Care Act and duties"
    assert display_case("care plans", ["Care plans were late.", "Few had care plans."]) == (
        "care plans"
    )


def test_keywords_far_in_meaning_from_every_finding_mark_a_nameless_topic() -> None:
    centroid = np.array([1.0, 0.0])
    near, far = np.array([0.9, 0.436]), np.array([0.1, 0.995])
    assert rank_keywords(["far", "near"], [far, near], centroid, 0.3) == ("near", "far")
    assert rank_keywords(["far"], [far], centroid, 0.3) == ()
