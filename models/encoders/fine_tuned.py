"""The fine-tuned encoder's inference (`FineTunedEncoder.encode`) as the classifier runs
it on a corpus: int8 by ONNX Runtime, one text at a time (int8.py), else fp32.

Int8 vectors are cached under the encoder's name plus "-int8", fp32 ones (ONNX Runtime's
or PyTorch's, cosine >= 0.9999 apart) under its own name. On the 555 dev findings int8
gave the same macro-F1 as fp32 (0.783) and changed 4 labels (`python
benchmarks/embedding_backends.py --dev-labels ...`); on the 1,709 sample findings it
changed 9. It sits beside FineTunedEncoder rather than
inside it because the classifier's model version hashes fine_tuning.py's code: an edit
there would retire every fitted classifier and the shipped artefact.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from cqc_themes.models.embeddings import (
    encode_by_length,
    int8_minilm_copy_encoder,
    minilm_copy_encoder,
)
from cqc_themes.models.encoders.int8 import INT8_SUFFIX
from cqc_themes.models.encoders.pooled import BatchEncoder
from cqc_themes.models.fine_tuning import FineTunedEncoder


class FineTunedInference:
    """A fitted FineTunedEncoder's `encode` by ONNX Runtime at int8 where it can (a
    TextEncoder). Its `model_name` says which: reading it loads the encoder."""

    def __init__(self, tuned: FineTunedEncoder) -> None:
        self._tuned = tuned
        self._batch_encoder: BatchEncoder | None = None
        self._model_name = tuned.model_name

    @property
    def model_name(self) -> str:
        self._load()
        return self._model_name

    def encode(
        self, texts: Sequence[str], on_batch: Callable[[int], None] | None = None
    ) -> np.ndarray:
        return encode_by_length(self._load(), texts, on_batch=on_batch)

    def _load(self) -> BatchEncoder:
        if self._batch_encoder is None:
            # The fitted torch module is the encoder's own (private) copy of MiniLM.
            transformer, max_tokens = self._tuned._encoder, self._tuned.settings.max_tokens
            int8 = int8_minilm_copy_encoder(self._tuned.model_name, transformer, max_tokens)
            if int8 is not None:
                self._batch_encoder = int8
                self._model_name = f"{self._tuned.model_name}{INT8_SUFFIX}"
            else:
                self._batch_encoder = minilm_copy_encoder(
                    self._tuned.model_name, transformer, max_tokens
                )
        return self._batch_encoder
