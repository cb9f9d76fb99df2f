"""A corpus's own classifier: the shipped one, refitted with the researcher's corrections.

Corrections are real report sentences, which our written training sentences can only
imitate, so each counts for `correction_weight` training sentences (repeated, as the
classifier's fit takes no sample weights). Only the two heads
are refitted (the logistic regression over frozen embeddings, words, cues and place, and
the fine-tuned encoder's three-way head); the fine-tuned encoder itself is kept, so every
vector the corpus already caches is still good and the refit takes seconds on vectors
already computed (the training sentences' ship with the artefact).

The corpus's model is named by the shipped model, the corrections and the teaching code,
so new corrections make a new version and the next `classify` relabels what it labelled.

A researcher may also ask for the encoder to be fine-tuned on the corrections
(`classify --fine-tune`, kept with the corpus; taught_encoder.py): slower, and better.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from cqc_themes.corpus import Corpus
from cqc_themes.models import taught_encoder as taught_encoder_module
from cqc_themes.models.classifier import FindingClassifier, code_fingerprint
from cqc_themes.models.embeddings import embed_texts
from cqc_themes.models.encoders.fine_tuned import FineTunedInference
from cqc_themes.models.fine_tuning import FineTunedEncoder
from cqc_themes.models.taught_encoder import (
    CORRECTION_FINE_TUNING,
    cache_taught_model,
    cached_taught_model,
    taught_encoder,
)
from cqc_themes.models.trained import default_cache_dir, trained_classifier
from cqc_themes.models.training_data import LabelledFinding, load_training_data
from cqc_themes.models.training_vectors import (
    TRAINING_VECTORS_PATH,
    TrainingVectors,
    compute_training_vectors,
    load_training_vectors,
    save_training_vectors,
)
from cqc_themes.records import StoredFinding

# A correction counts as this many written training sentences, so a few hundred real
# sentences weigh about as much as the 5,000 written ones, while a dozen cannot swamp
# them. Measured on benchmarks/researcher_corrections.py against 4 (the first choice)
# and 100: all three score within noise of each other; 20 and 100 make the confidences
# fit the corpus better (lower calibration error) and 20 refits in half the time of 100.
CORRECTION_WEIGHT = 20
TAUGHT_VERSION_INFIX = "-taught-"

# The corpus setting that says how its corrections are taught, and its one non-default
# value (no setting: the two heads are refitted).
TEACHING_SETTING = "teaching"
TEACH_BY_FINE_TUNING = "fine-tune"


def fine_tunes(corpus: Corpus) -> bool:
    """Whether this corpus's corrections are taught by fine-tuning the encoder too."""
    return corpus.setting(TEACHING_SETTING) == TEACH_BY_FINE_TUNING


def set_fine_tuning(corpus: Corpus, enabled: bool) -> None:
    """Make the corpus teach its corrections by fine-tuning the encoder (or stop)."""
    corpus.set_setting(TEACHING_SETTING, TEACH_BY_FINE_TUNING if enabled else None)


class RefittedHeadEncoder:
    """A fine-tuned encoder with a refitted head: the shipped encoder (same vectors and
    cache name, new probabilities from them) or one taught the corrections."""

    def __init__(self, encoder: FineTunedEncoder, head: LogisticRegression) -> None:
        self.encoder = encoder
        self.head = head
        self.model_name = encoder.model_name

    def encode(
        self, texts: Sequence[str], on_batch: Callable[[int], None] | None = None
    ) -> np.ndarray:
        return self.encoder.encode(texts, on_batch=on_batch)

    def probabilities_from_vectors(self, vectors: np.ndarray) -> np.ndarray:
        return self.head.predict_proba(np.asarray(vectors, dtype=np.float32))


def fine_tuned_encoder(classifier: FindingClassifier) -> FineTunedEncoder | None:
    """The fine-tuned encoder that makes `classifier`'s tuned vectors: the shipped one, or
    under a taught model's new head the shipped one or the one taught the corrections."""
    encoder = classifier.encoder_
    return encoder.encoder if isinstance(encoder, RefittedHeadEncoder) else encoder


def corpus_classifier(
    corpus: Corpus,
    shipped: FindingClassifier | None = None,
    *,
    correction_weight: int = CORRECTION_WEIGHT,
    on_notice: Callable[[str], None] | None = None,
) -> FindingClassifier:
    """The classifier `classify` uses on this corpus: the shipped one, taught the corpus's
    corrections when it has any (by fine-tuning too if the corpus says so)."""
    shipped = shipped or trained_classifier()
    corrected = [corrected.finding for corrected in corpus.corrected_findings()]
    if not corrected:
        return shipped
    encoder = fine_tuned_encoder(shipped)
    fine_tuning = encoder is not None and fine_tunes(corpus)
    if fine_tuning:
        # Read back before any vector is loaded or made: a cached model needs none.
        version = taught_version(
            shipped.model_version_, corrected, correction_weight, fine_tuned=True
        )
        cached = cached_taught_model(version)
        if cached is not None:
            return cached
    training = load_training_data()
    shipped_vectors = training_vectors(shipped, training, on_notice=on_notice)
    embeddings = embed_texts(corpus, [finding.text for finding in corrected])
    if not fine_tuning:
        tuned = None
        if encoder is not None:
            tuned = embed_texts(
                corpus, shipped.encoder_inputs(corrected), embedder=FineTunedInference(encoder)
            )
        return teach(
            shipped,
            corrected,
            embeddings,
            tuned,
            training,
            shipped_vectors,
            correction_weight=correction_weight,
        )
    if on_notice:
        on_notice(
            f"fine-tuning the encoder on {len(corrected)} correction(s) (minutes; once for "
            "these corrections), then every finding's fine-tuned vector is made again"
        )
    encoder = taught_encoder(
        encoder,
        corrected,
        [finding.label for finding in corrected],
        shipped.encoder_inputs,
        model_name=f"{version}-encoder",
    )
    taught_vectors = TrainingVectors(
        version,
        shipped_vectors.embeddings,
        FineTunedInference(encoder).encode(shipped.encoder_inputs(training)),
    )
    tuned = embed_texts(
        corpus, shipped.encoder_inputs(corrected), embedder=FineTunedInference(encoder)
    )
    taught = teach(
        shipped,
        corrected,
        embeddings,
        tuned,
        training,
        taught_vectors,
        correction_weight=correction_weight,
        encoder=encoder,
    )
    cache_taught_model(taught)
    return taught


def teach(
    shipped: FindingClassifier,
    corrected: Sequence[StoredFinding],
    embeddings: np.ndarray,
    tuned_vectors: np.ndarray | None,
    sentences: Sequence[LabelledFinding],
    training: TrainingVectors,
    *,
    correction_weight: int = CORRECTION_WEIGHT,
    encoder: FineTunedEncoder | None = None,
) -> FindingClassifier:
    """The shipped classifier with both heads refitted on its training `sentences` (whose
    vectors are `training`) plus the corrected findings, each `correction_weight` times.
    `embeddings` and `tuned_vectors` are the corrected findings' vectors; the tuned ones,
    and `training.tuned`, are the shipped encoder's, or `encoder`'s when it was taught the
    corrections (taught_encoder.py)."""
    if len(sentences) != len(training.embeddings):
        raise ValueError(
            f"{len(sentences)} training sentences but {len(training.embeddings)} training vectors"
        )
    repeats = [index for index in range(len(corrected)) for _ in range(correction_weight)]
    findings = [*sentences, *(corrected[index] for index in repeats)]
    labels = [finding.label for finding in findings]
    all_embeddings = np.vstack([training.embeddings.astype(np.float32), embeddings[repeats]])
    # The regression half is refitted by the classifier's own fit, with its encoder off.
    taught = FindingClassifier(**{**shipped.get_params(), "fine_tune_epochs": 0}).fit(
        findings, labels, embeddings=all_embeddings
    )
    if shipped.encoder_ is not None and tuned_vectors is not None:
        head = LogisticRegression(
            C=shipped.C,
            class_weight=shipped.class_weight,
            max_iter=5000,
            random_state=shipped.random_state,
        ).fit(np.vstack([training.tuned.astype(np.float32), tuned_vectors[repeats]]), labels)
        if list(head.classes_) != list(taught.classes_):
            raise ValueError(f"head classes {head.classes_} differ from {taught.classes_}")
        taught.encoder_ = RefittedHeadEncoder(encoder or fine_tuned_encoder(shipped), head)
        taught.fine_tune_epochs = shipped.fine_tune_epochs
    taught.model_version_ = taught_version(
        shipped.model_version_, corrected, correction_weight, fine_tuned=encoder is not None
    )
    taught.taught_texts_ = frozenset(finding.text for finding in corrected)
    taught.encoder_fine_tuned_ = encoder is not None
    return taught


def taught_version(
    shipped_version: str,
    corrected: Sequence[StoredFinding],
    correction_weight: int,
    *,
    fine_tuned: bool = False,
) -> str:
    """Names a corpus's model by the shipped model, the corrections, how they are taught
    and this code."""
    digest = hashlib.sha256()
    digest.update(json.dumps([shipped_version, correction_weight]).encode())
    digest.update(code_fingerprint(Path(sys.modules[__name__].__file__)).encode())
    if fine_tuned:
        digest.update(json.dumps(asdict(CORRECTION_FINE_TUNING), sort_keys=True).encode())
        digest.update(code_fingerprint(Path(taught_encoder_module.__file__)).encode())
    for finding in sorted(corrected, key=lambda finding: (finding.text, finding.label or "")):
        record = [
            finding.text,
            finding.quality_statement,
            finding.subheading,
            finding.statement_score,
            finding.label,
        ]
        digest.update(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
    return f"{shipped_version}{TAUGHT_VERSION_INFIX}{digest.hexdigest()[:12]}"


def training_vectors(
    shipped: FindingClassifier,
    sentences: Sequence[LabelledFinding],
    cache_dir: Path | None = None,
    on_notice: Callable[[str], None] | None = None,
) -> TrainingVectors:
    """The vectors of `shipped`'s training `sentences`: from the artefact, else the cache,
    else computed once (two encoder passes; about a minute) and cached."""
    cached_path = (cache_dir or default_cache_dir()) / f"{shipped.model_version_}-vectors.npz"
    for path in (TRAINING_VECTORS_PATH, cached_path):
        vectors = load_training_vectors(path, shipped.model_version_, len(sentences))
        if vectors is not None:
            return vectors
    if on_notice:
        on_notice("embedding the training sentences once for this model (about a minute)")
    vectors = compute_training_vectors(shipped, sentences)
    # An unwritable cache only costs this minute again next time.
    with contextlib.suppress(OSError):
        save_training_vectors(vectors, cached_path)
    return vectors
