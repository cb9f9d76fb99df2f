"""The shipped classifier: fitted from models/training_data/ at first use, then cached.

Only the training sentences ship, never a fitted model, so the model can always be
rebuilt from the repository. The fit (a few minutes of fine-tuning on two CPU cores,
offline) is pickled under
$XDG_CACHE_HOME/cqc-themes/ with a name made of the model version (training data +
settings) and the library versions, so a change to any of them trains afresh.
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path

import numpy
import sklearn

from cqc_themes.models.classifier import FindingClassifier, model_version
from cqc_themes.models.training_data import TRAINING_DATA_DIR, load_training_data


def default_cache_dir() -> Path:
    """$XDG_CACHE_HOME/cqc-themes, else ~/.cache/cqc-themes."""
    cache_home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache_home) / "cqc-themes"


def trained_classifier(
    cache_dir: Path | None = None,
    training_dir: Path = TRAINING_DATA_DIR,
    on_fine_tune_step: Callable[[int, int], None] | None = None,
) -> FindingClassifier:
    """The classifier fitted on the training set, from the cache when it is there.
    A fit (first use only) fine-tunes the encoder: minutes, not seconds, on a laptop's
    CPU; `on_fine_tune_step(done, total)` reports its progress."""
    training = load_training_data(training_dir)
    labels = [finding.label for finding in training]
    classifier = FindingClassifier()
    version = model_version(training, labels, classifier.get_params())
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    name = f"{version}-sklearn{sklearn.__version__}-numpy{numpy.__version__}-py{python}.pickle"
    path = (cache_dir or default_cache_dir()) / name
    cached = _load(path)
    if cached is not None:
        return cached
    classifier.fit(training, labels, on_fine_tune_step=on_fine_tune_step)
    _save(classifier, path)
    _prune(path.parent, keep=KEPT_MODELS)
    return classifier


# Fits left by older training data or library versions are never read again; keeping a
# few lets two checkouts (or a branch switch) share the cache without refitting.
KEPT_MODELS = 3


def _prune(cache_dir: Path, keep: int) -> None:
    """Delete all but the `keep` newest fitted classifiers in the cache."""
    try:
        fitted = sorted(cache_dir.glob("finding-classifier-*.pickle"),
                        key=lambda path: path.stat().st_mtime, reverse=True)
        for stale in fitted[keep:]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass  # another process pruned first, or the cache is read-only: harmless


def _load(path: Path) -> FindingClassifier | None:
    try:
        with open(path, "rb") as handle:
            classifier = pickle.load(handle)
    except FileNotFoundError:
        return None
    except (OSError, pickle.UnpicklingError, AttributeError, EOFError, ImportError):
        return None  # unreadable or from other code: refit rather than fail
    return classifier if isinstance(classifier, FindingClassifier) else None


def _save(classifier: FindingClassifier, path: Path) -> None:
    """Write atomically; a cache that cannot be written only costs a refit next time."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(partial, "wb") as handle:
            pickle.dump(classifier, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)
    except OSError:
        partial.unlink(missing_ok=True)
