"""The shipped classifier is fitted once and then read from the cache."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cqc_themes.models.classifier import FindingClassifier
from cqc_themes.models.trained import KEPT_MODELS, trained_classifier

pytestmark = pytest.mark.slow

_SENTENCES = [
    ("People said staff were kind and listened to them.", "strength"),
    ("Reablement helped most people regain their independence.", "strength"),
    ("Partners praised the council's open and reliable approach.", "strength"),
    ("Carers waited months for an assessment.", "improvement"),
    ("Reviews were overdue for many people.", "improvement"),
    ("Information on the website was out of date.", "improvement"),
    ("The council runs two day centres.", "context"),
    ("Assessments are done by three locality teams.", "context"),
    ("The council commissions a carers' hub.", "context"),
]


@pytest.fixture
def tiny_training_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "training"
    folder.mkdir()
    lines = [json.dumps({"text": text, "label": label}) for text, label in _SENTENCES]
    (folder / "tiny.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_first_use_fits_and_caches_later_uses_load(
    tiny_training_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    first = trained_classifier(cache, tiny_training_dir)
    assert len(list(cache.glob("*.pickle"))) == 1

    def no_fitting(*args: object, **kwargs: object) -> None:
        raise AssertionError("the cached model should have been loaded, not refitted")

    monkeypatch.setattr(FindingClassifier, "fit", no_fitting)
    again = trained_classifier(cache, tiny_training_dir)
    assert again.model_version_ == first.model_version_


def test_changed_training_data_means_a_new_model(tiny_training_dir: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = trained_classifier(cache, tiny_training_dir)
    with open(tiny_training_dir / "tiny.jsonl", "a", encoding="utf-8") as handle:
        handle.write(json.dumps({"text": "Staff were proud to work there.",
                                 "label": "strength"}) + "\n")
    second = trained_classifier(cache, tiny_training_dir)
    assert second.model_version_ != first.model_version_
    assert len(list(cache.glob("*.pickle"))) == 2


def test_a_damaged_cache_file_is_refitted(tiny_training_dir: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = trained_classifier(cache, tiny_training_dir)
    (cached,) = cache.glob("*.pickle")
    cached.write_bytes(b"not a pickle")
    assert trained_classifier(cache, tiny_training_dir).model_version_ == first.model_version_


def test_old_fits_are_pruned_but_the_newest_few_kept(
    tiny_training_dir: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    for age in range(5):
        old = cache / f"finding-classifier-old{age}-sklearn0-numpy0-py3.0.pickle"
        old.write_bytes(b"from older training data")
        os.utime(old, (1_000_000 + age, 1_000_000 + age))
    unrelated = cache / "notes.txt"
    unrelated.write_text("not ours to delete", encoding="utf-8")

    fitted = trained_classifier(cache, tiny_training_dir)

    kept = sorted(path.name for path in cache.glob("finding-classifier-*.pickle"))
    assert len(kept) == KEPT_MODELS
    assert any(name.startswith(fitted.model_version_) for name in kept)
    assert "finding-classifier-old4-sklearn0-numpy0-py3.0.pickle" in kept
    assert "finding-classifier-old0-sklearn0-numpy0-py3.0.pickle" not in kept
    assert unrelated.exists()
