"""The shipped classifier: read from the artefact in the package, else from the cache,
else fitted from models/training_data/ (first use only).

The artefact (models/artefacts/, rebuilt by scripts/build_classifier_artefact.py) is the
fit of the training sentences that ship beside it; it is used only when its model version
(training data + settings + code) is the one this code would fit, so a change to any of
them can never be served by a stale artefact. A fit made here is pickled under
$XDG_CACHE_HOME/cqc-themes/ with a name made of the model version and the library
versions, so a change to any of them trains afresh.
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from cqc_themes.models.classifier import FindingClassifier, model_version
from cqc_themes.models.training_data import TRAINING_DATA_DIR, load_training_data
from cqc_themes.user_cache import default_cache_dir

ARTEFACT_DIR = Path(__file__).resolve().parent / "artefacts"
ARTEFACT_PATH = ARTEFACT_DIR / "finding_classifier.pickle"


def library_versions() -> str:
    """The libraries a pickled model depends on, as a file-name part: a fit pickled under
    one torch or scikit-learn need not load (or predict the same) under another."""
    parts = []
    for package in ("scikit-learn", "numpy", "torch", "transformers"):
        try:
            parts.append(f"{package.replace('-', '')}{version(package)}")
        except PackageNotFoundError:
            parts.append(f"{package.replace('-', '')}none")
    parts.append(f"py{sys.version_info.major}.{sys.version_info.minor}")
    return "-".join(parts).replace("+", "_")


def expected_model_version(training_dir: Path = TRAINING_DATA_DIR) -> str:
    """The version of the model this code fits from the training data in `training_dir`."""
    training = load_training_data(training_dir)
    return model_version(
        training, [finding.label for finding in training], FindingClassifier().get_params()
    )


def trained_classifier(
    cache_dir: Path | None = None,
    training_dir: Path = TRAINING_DATA_DIR,
    on_fine_tune_step: Callable[[int, int], None] | None = None,
    on_notice: Callable[[str], None] | None = None,
    artefact_path: Path | None = ARTEFACT_PATH,
) -> FindingClassifier:
    """The classifier fitted on the training set: the shipped artefact when it is current,
    else the cached fit, else a fresh fit (minutes on a laptop's CPU, cached afterwards;
    `on_fine_tune_step(done, total)` reports its progress). `on_notice` gets one line when
    a stored model could not be used and is replaced by a fit."""
    training = load_training_data(training_dir)
    labels = [finding.label for finding in training]
    classifier = FindingClassifier()
    current = model_version(training, labels, classifier.get_params())
    path = (cache_dir or default_cache_dir()) / f"{current}-{library_versions()}.pickle"
    for stored in (artefact_path, path):
        if stored is None or not stored.exists():
            continue
        loaded, problem = read_fitted(stored)
        if loaded is not None and loaded.model_version_ == current:
            return loaded
        if problem and on_notice:
            on_notice(f"{stored}: {problem}; training the classifier instead")
    classifier.fit(training, labels, on_fine_tune_step=on_fine_tune_step)
    write_fitted(classifier, path)
    prune_fitted(path.parent, keep=KEPT_MODELS)
    return classifier


# Fits left by older training data or library versions are never read again; keeping a
# few lets two checkouts (or a branch switch) share the cache without refitting.
KEPT_MODELS = 3


def prune_fitted(cache_dir: Path, keep: int) -> None:
    """Delete all but the `keep` newest fitted classifiers in the cache."""
    try:
        fitted = sorted(
            cache_dir.glob("finding-classifier-*.pickle"),
            key=lambda path: path.stat().st_mtime,
            reverse=True,
        )
        for stale in fitted[keep:]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass  # another process pruned first, or the cache is read-only: harmless


def read_fitted(path: Path) -> tuple[FindingClassifier | None, str | None]:
    """The pickled classifier, or None and why it could not be read."""
    try:
        with open(path, "rb") as handle:
            classifier = pickle.load(handle)
    # A pickle from other code or libraries can fail in many ways (a missing class, a
    # tensor torch cannot read, a truncated file); each one means "fit it again".
    except (
        OSError,
        pickle.UnpicklingError,
        AttributeError,
        EOFError,
        ImportError,
        RuntimeError,
        ValueError,
        TypeError,
        KeyError,
        IndexError,
    ) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        return None, f"cannot be read ({reason[:120]})"
    if not isinstance(classifier, FindingClassifier):
        return None, "is not a fitted finding classifier"
    return classifier, None


def write_fitted(classifier: FindingClassifier, path: Path) -> None:
    """Write atomically; a cache that cannot be written only costs a refit next time."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(partial, "wb") as handle:
            pickle.dump(classifier, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)
    except OSError:
        partial.unlink(missing_ok=True)
