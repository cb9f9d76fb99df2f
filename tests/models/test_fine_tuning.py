"""The fine-tuned encoder: what it reads, that it is reproducible, and that the cache
(pickle and corpus vectors) gives back exactly the model that was trained.

Marked slow: each test fine-tunes a MiniLM copy for a few steps.
"""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from cqc_themes.models.fine_tuning import FineTunedEncoder, FineTuningSettings, encoder_input
from cqc_themes.models.training_data import LabelledFinding

pytestmark = pytest.mark.slow

CLASSES = ("context", "improvement", "strength")
SENTENCES = [
    ("Carers told us the hub's staff were warm and quick to help.", "strength"),
    ("Reablement helped most people return home without long-term care.", "strength"),
    ("Some people waited four months for an occupational therapy visit.", "improvement"),
    ("Reviews were overdue for a third of people in residential care.", "improvement"),
    ("The council runs two day centres and a shared lives scheme.", "context"),
    ("Assessments are completed by three locality teams.", "context"),
]
SETTINGS = FineTuningSettings(epochs=2, batch_size=4)


def _fitted(random_state: int = 0) -> FineTunedEncoder:
    settings = FineTuningSettings(epochs=SETTINGS.epochs, batch_size=SETTINGS.batch_size,
                                  random_state=random_state)
    texts = [text for text, _ in SENTENCES]
    labels = [label for _, label in SENTENCES]
    return FineTunedEncoder(CLASSES, settings, model_name="test-encoder").fit(texts, labels)


def test_the_encoder_reads_place_and_score_before_the_sentence() -> None:
    scored = LabelledFinding("Waits had halved.", "strength", "Assessing needs",
                             "Key findings for this quality statement", 3)
    summary = LabelledFinding("People felt listened to.", "strength", None,
                              "Summary of people's experiences", None)
    assert encoder_input(scored) == "quality statement | score 3 | Waits had halved."
    assert encoder_input(summary) == "people's experiences | no score | People felt listened to."


def test_vectors_are_unit_length_and_probabilities_sum_to_one() -> None:
    encoder = _fitted()
    vectors = encoder.encode([text for text, _ in SENTENCES])
    assert vectors.shape == (len(SENTENCES), 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    probabilities = encoder.probabilities_from_vectors(vectors)
    assert probabilities.shape == (len(SENTENCES), len(CLASSES))
    assert np.allclose(probabilities.sum(axis=1), 1.0)


def test_same_seed_same_model_other_seed_other_model() -> None:
    texts = [text for text, _ in SENTENCES]
    first, again, other = _fitted(0), _fitted(0), _fitted(1)
    assert np.array_equal(first.encode(texts), again.encode(texts))
    assert not np.array_equal(first.encode(texts), other.encode(texts))


def test_a_pickled_encoder_predicts_exactly_as_the_trained_one() -> None:
    encoder = _fitted()
    texts = [text for text, _ in SENTENCES]
    restored = pickle.loads(pickle.dumps(encoder))
    assert restored.model_name == "test-encoder"
    assert np.array_equal(restored.encode(texts), encoder.encode(texts))
    vectors = encoder.encode(texts)
    assert np.array_equal(restored.probabilities_from_vectors(vectors),
                          encoder.probabilities_from_vectors(vectors))


def test_fine_tuning_leaves_the_shared_embedding_model_alone() -> None:
    from cqc_themes.models.embeddings import SentenceEmbedder

    before = SentenceEmbedder().encode(["Carers valued the hub."])
    _fitted()
    assert np.array_equal(SentenceEmbedder().encode(["Carers valued the hub."]), before)
