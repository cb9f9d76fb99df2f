"""The shipped classifier artefact is the fit of the training data and code in the repo,
so first use loads it instead of training for minutes."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from cqc_themes.models.classifier import code_fingerprint
from cqc_themes.models.trained import ARTEFACT_PATH, expected_model_version, trained_classifier
from cqc_themes.models.training_data import load_training_data
from cqc_themes.models.training_vectors import TRAINING_VECTORS_PATH, load_training_vectors

needs_artefact = pytest.mark.skipif(
    not ARTEFACT_PATH.exists(),
    reason="no shipped artefact yet: run scripts/build_classifier_artefact.py",
)


@needs_artefact
def test_the_artefact_is_the_fit_of_the_current_training_data_and_code() -> None:
    with open(ARTEFACT_PATH, "rb") as handle:
        shipped = pickle.load(handle)
    # Fails when training data, settings or feature code change without a rebuild
    # (scripts/build_classifier_artefact.py).
    assert shipped.model_version_ == expected_model_version()
    vectors = load_training_vectors(
        TRAINING_VECTORS_PATH, shipped.model_version_, len(load_training_data())
    )
    assert vectors is not None and vectors.embeddings.shape[1] == 384
    size = sum(path.stat().st_size for path in (ARTEFACT_PATH, TRAINING_VECTORS_PATH))
    assert size < 40 * 2**20


@needs_artefact
def test_first_use_loads_the_artefact_without_training(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cqc_themes.models.classifier import FindingClassifier

    def no_fitting(*args: object, **kwargs: object) -> None:
        raise AssertionError("the shipped artefact should have been loaded")

    monkeypatch.setattr(FindingClassifier, "fit", no_fitting)
    classifier = trained_classifier(cache_dir=tmp_path / "empty-cache")
    assert classifier.model_version_ == expected_model_version()
    assert (
        classifier.predict(
            [_Finding("Carers waited many months for an assessment and some gave up.")]
        )[0]
        == "improvement"
    )


def test_a_reworded_comment_keeps_the_model_version_but_a_code_change_does_not(
    tmp_path: Path,
) -> None:
    module = tmp_path / "features.py"
    module.write_text('"""Doc."""\n\ndef weight():\n    return 2  # why two\n')
    original = code_fingerprint(module)
    module.write_text(
        '"""Other words."""\n\n\ndef weight():\n    """Says why."""\n'
        "    return 2  # a reworded comment\n"
    )
    assert code_fingerprint(module) == original
    module.write_text('"""Doc."""\n\ndef weight():\n    return 3\n')
    assert code_fingerprint(module) != original


class _Finding:
    def __init__(self, text: str) -> None:
        self.text = text
        self.quality_statement = "Assessing needs"
        self.subheading = "Key findings for this quality statement"
        self.statement_score = 2
