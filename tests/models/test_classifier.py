"""The finding classifier on sentences written for these tests: clear, hedged and placed.

Marked slow: the shared fitted classifier needs the embedding model.
"""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone

from cqc_themes.domain import FINDING_LABELS
from cqc_themes.models.classifier import FindingClassifier, model_version
from cqc_themes.models.embeddings import SentenceEmbedder
from cqc_themes.models.training_data import LabelledFinding

pytestmark = pytest.mark.slow

KEY_FINDINGS = "Key findings for this quality statement"


def _finding(text: str, subheading: str | None = KEY_FINDINGS,
             statement: str | None = "Assessing needs", score: int | None = 2) -> LabelledFinding:
    return LabelledFinding(text, "context", statement, subheading, score)


CLEAR = [
    ("Residents praised how quickly the falls service responded, and most were seen within "
     "two days.", "strength"),
    ("Partners described the council as a reliable, open partner that listened to them.",
     "strength"),
    ("The proportion of carers satisfied with their support was well above the England "
     "average.", "strength"),
    ("Some carers waited over six months for an assessment and heard nothing in that time.",
     "improvement"),
    ("Reviews were overdue for almost half of the people receiving long-term support.",
     "improvement"),
    ("Staff told us high caseloads meant they could not always visit people when needed.",
     "improvement"),
    ("The council commissions a voluntary organisation to run its carers' hub.", "context"),
    ("Assessments are carried out by four locality teams and a hospital team.", "context"),
    ("In 2024 the council received 3,100 safeguarding concerns.", "context"),
]
HEDGED = [
    ("Although the carers' hub was praised, carers waited months for their own assessments.",
     "improvement"),
    ("Staff were committed and caring, but waiting lists for reviews kept growing.",
     "improvement"),
    ("There were waiting lists for occupational therapy, but these had halved in a year.",
     "strength"),
    ("Despite rising demand, people were assessed promptly and waits had fallen.", "strength"),
]


@pytest.mark.parametrize(("text", "label"), CLEAR)
def test_clear_sentences(shipped_classifier: FindingClassifier, text: str, label: str) -> None:
    assert shipped_classifier.predict([_finding(text)])[0] == label


@pytest.mark.parametrize(("text", "label"), HEDGED)
def test_hedged_sentences_take_the_label_of_their_main_point(
    shipped_classifier: FindingClassifier, text: str, label: str
) -> None:
    assert shipped_classifier.predict([_finding(text)])[0] == label


def test_framework_text_is_context_whatever_it_says(
    shipped_classifier: FindingClassifier,
) -> None:
    glowing = "I have care and support that is timely, excellent and praised by everyone."
    for subheading in ("What people expect", "The local authority commitment"):
        probabilities = shipped_classifier.predict_proba([_finding(glowing, subheading)])[0]
        assert dict(zip(shipped_classifier.classes_, probabilities, strict=True)) == {
            "strength": 0.0, "improvement": 0.0, "context": 1.0}


def test_about_section_facts_are_context_even_when_they_sound_like_judgements(
    shipped_classifier: FindingClassifier,
) -> None:
    facts = [
        _finding("About 21% of residents are aged 65 or over.", "Demographics", None, None),
        _finding("The council overspent its adult social care budget by £4 million, a "
                 "worrying shortfall.", "Financial facts", None, None),
        _finding("Deprivation is high and life expectancy is poor.", "About Anywhere Council",
                 None, None),
    ]
    assert list(shipped_classifier.predict(facts)) == ["context", "context", "context"]
    shortfall = _finding("The council overspent its adult social care budget by £4 million, "
                         "a worrying shortfall.")
    assert shipped_classifier.predict([shortfall])[0] == "improvement"


def test_probabilities_are_a_distribution_over_the_three_labels(
    shipped_classifier: FindingClassifier,
) -> None:
    assert sorted(shipped_classifier.classes_) == sorted(FINDING_LABELS)
    probabilities = shipped_classifier.predict_proba([_finding(text) for text, _ in CLEAR])
    assert probabilities.shape == (len(CLEAR), 3)
    assert np.allclose(probabilities.sum(axis=1), 1.0)
    assert shipped_classifier.model_version_.startswith("finding-classifier-")


def test_same_data_and_seed_give_the_same_model() -> None:
    findings = [_finding(text) for text, _ in CLEAR + HEDGED]
    labels = [label for _, label in CLEAR + HEDGED]
    embeddings = SentenceEmbedder().encode([finding.text for finding in findings])
    first = FindingClassifier(random_state=3).fit(findings, labels, embeddings=embeddings)
    second = clone(first).fit(findings, labels, embeddings=embeddings)
    assert first.model_version_ == second.model_version_
    assert np.array_equal(first.predict_proba(findings, embeddings),
                          second.predict_proba(findings, embeddings))


def test_model_version_names_the_data_and_settings() -> None:
    findings = [_finding(text) for text, _ in CLEAR]
    labels = [label for _, label in CLEAR]
    settings = FindingClassifier().get_params()
    version = model_version(findings, labels, settings)
    assert version == model_version(findings, labels, settings)
    assert version != model_version(findings[1:], labels[1:], settings)
    assert version != model_version(findings, labels, {**settings, "C": 1.0})


def test_unknown_labels_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown labels"):
        FindingClassifier().fit([_finding("Staff were kind.")], ["praise"],
                                embeddings=np.zeros((1, 384), dtype=np.float32))
