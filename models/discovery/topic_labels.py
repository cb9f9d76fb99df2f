"""Human-readable topic labels from ranked keywords: "Unpaid carers and respite".

c-TF-IDF ranks words and two-word phrases; these functions turn that ranking into a
short list of distinct keywords and a label a researcher would write, not
"0_carers_carer_unpaid".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from cqc_themes.models.discovery.topic_vocabulary import is_generic, word_stem

# How far down the keywords a phrase may come from to head the label.
_HEAD_CANDIDATES = 3
# How much the c-TF-IDF rank counts beside closeness in meaning (cosine, -1..1).
_RANK_WEIGHT = 0.2


def _stems(phrase: str) -> frozenset[str]:
    return frozenset(word_stem(word) for word in phrase.split())


def tidy_keywords(
    ranked: Sequence[str],
    document_terms: Sequence[frozenset[str]],
    groups: Sequence[str],
    limit: int = 10,
) -> tuple[str, ...]:
    """Distinct, recurring keywords from a c-TF-IDF ranking, best first.

    `document_terms[i]` holds the terms (as the vectorizer analysed them) of the topic's
    i-th document and `groups[i]` its council. A keyword must recur in two councils when
    the topic spans two or more, which keeps place and programme names out. A word that
    a well-ranked phrase contains gives way to the phrase ("carers" -> "unpaid carers").
    """
    group_count = len(set(groups))
    needed_groups = min(2, group_count)

    def recurs(term: str) -> bool:
        found = {
            group for terms, group in zip(document_terms, groups, strict=True) if term in terms
        }
        return len(found) >= needed_groups

    candidates = [term for term in ranked if not is_generic(term) and recurs(term)]
    # Phrases ranked near the top may absorb the words they contain.
    absorbing = candidates[: 2 * limit]
    chosen: list[str] = []
    covered: set[frozenset[str]] = set()
    for term in candidates:
        term = _widest_phrase(term, absorbing)
        if _stems(term) in covered:
            continue
        covered.add(_stems(term))
        chosen.append(term)
        if len(chosen) == limit:
            break
    return tuple(chosen)


def _widest_phrase(term: str, phrases: Sequence[str]) -> str:
    """The best-ranked phrase that contains `term`, repeatedly ("carers" -> "unpaid
    carers" -> "unpaid carers assessments"), or the term itself."""
    while True:
        stems = _stems(term)
        wider = next(
            (p for p in phrases if len(p.split()) > len(term.split()) and stems <= _stems(p)),
            None,
        )
        if wider is None:
            return term
        term = wider


def rank_keywords(
    candidates: Sequence[str],
    vectors: Sequence[np.ndarray],
    centroid: np.ndarray,
    min_similarity: float,
) -> tuple[str, ...]:
    """Candidates re-ranked by closeness in meaning to the topic's centroid, with a nudge
    for their c-TF-IDF rank; empty when none is closer than `min_similarity`, which
    marks a topic held together by style rather than subject."""
    if not candidates:
        return ()
    similarity = np.asarray(vectors) @ centroid
    if similarity.max() < min_similarity:
        return ()
    rank_bonus = _RANK_WEIGHT * (1 - np.arange(len(candidates)) / len(candidates))
    order = np.argsort(-(similarity + rank_bonus), kind="stable")
    return tuple(candidates[i] for i in order)


def topic_label(keywords: Sequence[str], texts: Sequence[str], parts: int = 2) -> str:
    """A noun phrase from the keywords, as a researcher would name the theme: "Armed
    forces and veterans", not "Managing: VCSE and pilot".

    A phrase near the top makes the better head ("Contact centre and email", not "Online
    and contact centre"); later parts are keywords sharing no word with what the label
    already says. Keywords that read as verbs or adverbs ("informed", "newly", "managing
    the") name nothing, so they are passed over unless nothing else is left."""
    if not keywords:
        return "Miscellaneous findings"
    joined = " ".join(texts)
    nameable = [k for k in keywords if _names_something(k, joined)] or list(keywords)
    head = next((k for k in nameable[:_HEAD_CANDIDATES] if " " in k), nameable[0])
    said: set[str] = set(_stems(head))
    chosen = [head]
    for keyword in nameable:
        if len(chosen) == parts:
            break
        if said & _stems(keyword):
            continue
        said.update(_stems(keyword))
        chosen.append(keyword)
    shown = [display_case(part, texts) for part in chosen]
    label = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
    return label[0].upper() + label[1:]


def _names_something(keyword: str, text: str) -> bool:
    """False for a lone word that reads as a verb or adverb in the texts: "-ed" and "-ly"
    words, words that follow a subject or auxiliary ("this meant", "had improved"), and
    "-ing" words used with an object ("managing the budget")."""
    if " " in keyword:
        # A subject and its verb ("services felt", "people told") is a clause, not a name.
        return not _reads_as_verb(keyword.split()[-1])
    if keyword.endswith(("ed", "ly")):
        return False
    word = re.escape(keyword)
    if re.search(rf"\b(?:this|which|it|also) {word}\b", text, re.IGNORECASE):
        return False
    if keyword.endswith("ing"):
        with_object = re.search(
            rf"\b{word} (?:the|a|an|their|its|people|them)\b", text, re.IGNORECASE
        )
        return with_object is None
    return True


# Past forms the "-ed" test misses, common in reports' reporting verbs.
_IRREGULAR_PAST = frozenset(
    {
        "felt",
        "told",
        "said",
        "found",
        "saw",
        "made",
        "had",
        "was",
        "were",
        "did",
        "got",
        "knew",
        "thought",
        "gave",
        "took",
        "kept",
        "left",
        "met",
        "heard",
        "sought",
        "brought",
        "began",
        "led",
    }
)


def _reads_as_verb(word: str) -> bool:
    return word in _IRREGULAR_PAST or (word.endswith("ed") and not word.endswith("need"))


def display_case(phrase: str, texts: Sequence[str]) -> str:
    """The phrase with acronyms and proper names as the reports print them ("nhs" ->
    "NHS", "care act" -> "Care Act"): a word keeps its capital when that is how it is
    mostly printed in the middle of a sentence."""
    joined = " ".join(texts)
    words = []
    for word in phrase.split():
        forms = Counter(re.findall(rf"\b{re.escape(word)}\b", joined, re.IGNORECASE))
        printed = forms.most_common(1)[0][0] if forms else word
        if printed.isupper() and len(printed) > 1:
            words.append(printed)
            continue
        inside = Counter(
            found
            for found in re.findall(rf"(?<=[a-z,] ){re.escape(word)}\b", joined, re.IGNORECASE)
        )
        capitalised = sum(n for form, n in inside.items() if form[:1].isupper())
        words.append(word.capitalize() if capitalised * 2 > sum(inside.values()) else word)
    return " ".join(words)
