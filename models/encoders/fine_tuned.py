"""The fine-tuned encoder's inference (`FineTunedEncoder.encode`) run by ONNX Runtime.

Same vectors (cosine >= 0.9999 to its PyTorch pooling) under the same model name, so the
corpus cache is shared with the PyTorch path. It sits beside FineTunedEncoder rather than
inside it because the classifier's model version hashes fine_tuning.py's code: an edit
there would retire every fitted classifier and the shipped artefact. When the artefact
is next rebuilt anyway, this belongs in `FineTunedEncoder.encode`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from cqc_themes.models.embeddings import encode_by_length, minilm_copy_encoder
from cqc_themes.models.encoders.pooled import BatchEncoder
from cqc_themes.models.fine_tuning import FineTunedEncoder


class FineTunedInference:
    """A fitted FineTunedEncoder's `encode`, by ONNX Runtime where it can (a TextEncoder)."""

    def __init__(self, tuned: FineTunedEncoder) -> None:
        self.model_name = tuned.model_name
        self._tuned = tuned
        self._batch_encoder: BatchEncoder | None = None

    def encode(
        self, texts: Sequence[str], on_batch: Callable[[int], None] | None = None
    ) -> np.ndarray:
        if self._batch_encoder is None:
            # The fitted torch module is the encoder's own (private) copy of MiniLM.
            self._batch_encoder = minilm_copy_encoder(
                self.model_name, self._tuned._encoder, self._tuned.settings.max_tokens
            )
        return encode_by_length(self._batch_encoder, texts, on_batch=on_batch)
