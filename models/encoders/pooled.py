"""Mean-pooled, unit-length sentence vectors from a BERT-style encoder, by ONNX Runtime
where it is installed and the graph exports, else by PyTorch.

On this project's 2-core machine ONNX Runtime fp32 gives the same vectors as PyTorch
(cosine 1.0000) and, unlike PyTorch, needs no `import torch` to encode a search query.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from cqc_themes.models.encoders.onnx_graph import (
    GRAPH_INPUTS,
    export_graph,
    graph_path,
    mark_used,
)

# Turns a batch of texts into unit-length float32 rows, one per text, in order.
BatchEncoder = Callable[[Sequence[str]], np.ndarray]

log = logging.getLogger(__name__)


def pooled_encoder(
    name: str,
    weights_digest: str,
    tokenizer_file: Path,
    max_tokens: int,
    load_transformer: Callable[[], object],
    cache_dir: Path | None = None,
    threads: int | None = None,
) -> BatchEncoder:
    """The encoder `name` (with weights `weights_digest`) as a batch encoder.

    `tokenizer_file` is its tokenizer.json; texts are cut at `max_tokens` tokens.
    `load_transformer()` gives the torch module, called only to export the graph (once
    per weights and library versions, into the cache) or to encode when ONNX Runtime
    cannot. ONNX Runtime runs on `threads` threads (default: every core the process
    may use)."""
    tokenize = text_tokenizer(tokenizer_file, max_tokens)
    try:
        import onnxruntime
    except ImportError:
        log.warning("note: onnxruntime is not installed; encoding %s with PyTorch", name)
        return _torch_encoder(tokenize, load_transformer())
    path = graph_path(name, weights_digest, cache_dir)
    for attempt in ("cached", "exported"):
        if attempt == "exported" or not path.exists():
            try:
                export_graph(load_transformer(), path)
            except Exception as error:  # noqa: BLE001 - PyTorch still encodes correctly
                log.warning("note: could not export %s to ONNX (%s); using PyTorch", name, error)
                return _torch_encoder(tokenize, load_transformer())
        try:
            encoder = _onnx_encoder(tokenize, onnx_session(onnxruntime, path, threads))
            mark_used(path)
            return encoder
        except Exception as error:  # noqa: BLE001 - a damaged graph is exported again
            path.unlink(missing_ok=True)
            if attempt == "exported":
                log.warning("note: ONNX Runtime cannot run %s (%s); using PyTorch", name, error)
    return _torch_encoder(tokenize, load_transformer())


def text_tokenizer(tokenizer_file: Path, max_tokens: int) -> Callable[[Sequence[str]], dict]:
    """Texts to the three BERT inputs as int64 arrays, padded to the batch's longest."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(tokenizer_file))
    # The file's own settings pad every text to 128 tokens; pad to the batch instead.
    tokenizer.no_padding()
    tokenizer.enable_padding(pad_id=tokenizer.token_to_id("[PAD]"), pad_token="[PAD]")
    tokenizer.enable_truncation(max_length=max_tokens)

    def tokenize(texts: Sequence[str]) -> dict[str, np.ndarray]:
        encodings = tokenizer.encode_batch(list(texts))
        return {
            "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
        }

    return tokenize


def onnx_session(onnxruntime, path: Path, threads: int | None):
    options = onnxruntime.SessionOptions()
    # One batch at a time on every core the process may use; more threads than cores
    # only make the two compete.
    options.intra_op_num_threads = threads or len(os.sched_getaffinity(0))
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def _onnx_encoder(tokenize, session) -> BatchEncoder:
    def encode(texts: Sequence[str]) -> np.ndarray:
        feeds = tokenize(texts)
        hidden = session.run(None, {name: feeds[name] for name in GRAPH_INPUTS})[0]
        return mean_pooled(hidden, feeds["attention_mask"])

    return encode


def _torch_encoder(tokenize, transformer) -> BatchEncoder:
    import torch

    transformer.eval()

    def encode(texts: Sequence[str]) -> np.ndarray:
        feeds = tokenize(texts)
        with torch.inference_mode():
            hidden = transformer(
                **{name: torch.from_numpy(feeds[name]) for name in GRAPH_INPUTS}
            ).last_hidden_state
        return mean_pooled(hidden.numpy(), feeds["attention_mask"])

    return encode


def mean_pooled(hidden: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
    """MiniLM's pooling: the mean of the real tokens' vectors, scaled to unit length."""
    mask = attention_mask[..., None].astype(np.float32)
    pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
    norms = np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
    return (pooled / norms).astype(np.float32)
