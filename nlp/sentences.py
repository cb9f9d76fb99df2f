"""Splits paragraphs into findings (sentences) with spaCy's rule-based sentencizer.

No trained English pipeline can be installed here, so a blank pipeline with the
sentencizer does the splitting; tokenizer special cases stop it breaking after the
abbreviations CQC reports use.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

# Abbreviations that end in a full stop but never end a sentence in these reports.
_ABBREVIATIONS = (
    "e.g.", "i.e.", "etc.", "approx.", "Fig.", "No.", "no.", "vs.", "Dr.", "Mr.", "Mrs.",
    "Ms.", "St.", "Cllr.", "Cllr", "incl.", "para.", "paras.", "p.", "pp.", "cf.", "al.",
)


@lru_cache(maxsize=1)
def sentence_pipeline() -> Language:
    """A blank English pipeline with a sentencizer, built once per process."""
    # Imported here: spaCy pulls in thinc and torch (1.5 s), which commands that only
    # read the corpus never need.
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    for abbreviation in _ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbreviation, [{"ORTH": abbreviation}])
    return nlp


def split_sentences(texts: Iterable[str]) -> list[list[tuple[int, int]]]:
    """For each text, the (start, end) character offsets of its sentences."""
    spans = []
    for doc in sentence_pipeline().pipe(texts, batch_size=256):
        sentences = []
        for sentence in doc.sents:
            text = sentence.text.strip()
            if not any(ch.isalnum() for ch in text):
                continue
            # A fragment without a verb-sized body ("(2023)." or "1.") belongs to the
            # sentence before it.
            if sentences and len(text) < 4:
                sentences[-1] = (sentences[-1][0], sentence.end_char)
                continue
            sentences.append((sentence.start_char, sentence.end_char))
        spans.append(sentences)
    return spans
