"""Teaching a corpus's corrections to the fine-tuned encoder itself, when asked.

Refitting the two heads (teaching.py) keeps the shipped encoder, so the corrections can
only move the decision between vectors that were made without them. Training the encoder
further on the corrections lets the vectors learn the corpus's own wording: on
../shared, with half of each council's labelled findings as corrections, the other half
scores higher than with refitted heads alone (benchmarks/researcher_corrections.py
--fine-tune). It costs minutes rather than seconds, and every finding's fine-tuned vector
has to be made again, so it is the researcher's choice (`classify --fine-tune`), kept
with the corpus.

A taught encoder is seeded and cached under its model version in the user cache, so the
next `classify` or `eval` on the same corrections reads it back instead of training again.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from pathlib import Path

from cqc_themes.models.classifier import FindingClassifier
from cqc_themes.models.finding_features import ClassifiableFinding
from cqc_themes.models.fine_tuning import FineTunedEncoder, FineTuningSettings
from cqc_themes.models.trained import (
    library_versions,
    prune_fitted,
    read_fitted,
    write_fitted,
)
from cqc_themes.models.user_cache import default_cache_dir

# The first setting tried, chosen before any result was seen: fewer passes and a smaller
# step than the shipped fit (4 at 4e-5), because a few hundred sentences seen too often
# are learnt by heart, and the encoder must keep what the written sentences taught it.
CORRECTION_FINE_TUNING = FineTuningSettings(epochs=3, learning_rate=2e-5)

# Each corpus taught this way leaves one model of about 30 MB; a few are kept.
KEPT_TAUGHT_MODELS = 4


def taught_encoder(
    shipped: FineTunedEncoder,
    corrected: Sequence[ClassifiableFinding],
    labels: Sequence[str],
    encoder_inputs: Callable[[Sequence[ClassifiableFinding]], list[str]],
    model_name: str,
    on_step: Callable[[int, int], None] | None = None,
) -> FineTunedEncoder:
    """A copy of the shipped encoder, encoder and head, trained further on the corrected
    findings and their labels under `model_name`; the shipped one is left as it was."""
    taught = copy.copy(shipped)
    taught.model_name = model_name
    taught.settings = CORRECTION_FINE_TUNING
    taught._encoder = copy.deepcopy(shipped._encoder)
    taught._head = copy.deepcopy(shipped._head)
    # `fit` starts its head afresh, which would send the first steps' gradients into the
    # encoder at random; the corrections continue from the shipped head instead. (The
    # override lives on this copy only and is not pickled. It, and this function, belong
    # in FineTunedEncoder once the artefact is next rebuilt: editing fine_tuning.py
    # changes the model version.)
    taught._head.reset_parameters = lambda: None
    return taught.fit(encoder_inputs(corrected), list(labels), on_step=on_step)


def taught_model_path(model_version: str, cache_dir: Path | None = None) -> Path:
    folder = (cache_dir or default_cache_dir()) / "taught"
    return folder / f"{model_version}-{library_versions()}.pickle"


def cached_taught_model(
    model_version: str, cache_dir: Path | None = None
) -> FindingClassifier | None:
    """The corpus's fine-tuned model of this version if an earlier run cached it."""
    path = taught_model_path(model_version, cache_dir)
    if not path.exists():
        return None
    classifier, _problem = read_fitted(path)  # unreadable: train again, as on first use
    if classifier is None or classifier.model_version_ != model_version:
        return None
    return classifier


def cache_taught_model(classifier: FindingClassifier, cache_dir: Path | None = None) -> None:
    path = taught_model_path(classifier.model_version_, cache_dir)
    write_fitted(classifier, path)
    prune_fitted(path.parent, keep=KEPT_TAUGHT_MODELS)
