"""ONNX graphs of transformer encoders, exported once into the user cache.

A graph's file name carries the model's name, a digest of its weights and the versions
of the libraries that wrote and run it, so new weights or a library upgrade export a
new graph instead of running a stale one. The export is written beside its final name
and renamed into place, so a reader never sees half a graph.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import warnings
from importlib import metadata
from pathlib import Path

from cqc_themes.user_cache import default_cache_dir

GRAPH_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
# Graphs kept in the cache (about 90 MB each, 23 MB at int8): the frozen model's and a
# few fine-tuned encoders' with their int8 copies; the least recently used go first.
GRAPHS_KEPT = 6
EXPORT_LIBRARIES = ("torch", "transformers", "onnx", "onnxruntime")


def graph_path(name: str, weights_digest: str, cache_dir: Path | None = None) -> Path:
    """Where the graph of `name` with these weights lives in the cache."""
    versions = "-".join(
        f"{library}{metadata.version(library).replace('+', '_')}" for library in EXPORT_LIBRARIES
    )
    folder = (cache_dir or default_cache_dir()) / "onnx"
    return folder / f"{name}-{weights_digest[:16]}-{versions}.onnx"


def file_digest(*paths: Path) -> str:
    """sha256 over the files' bytes, in order."""
    digest = hashlib.sha256()
    for path in paths:
        with path.open("rb") as handle:
            digest.update(hashlib.file_digest(handle, "sha256").digest())
    return digest.hexdigest()


def module_digest(module) -> str:  # module: torch.nn.Module
    """sha256 over a torch module's named weights."""
    digest = hashlib.sha256()
    for name, tensor in module.state_dict().items():
        digest.update(name.encode())
        digest.update(tensor.detach().cpu().contiguous().numpy().tobytes())
    return digest.hexdigest()


def export_graph(transformer, path: Path) -> None:
    """Write `transformer`'s (a BERT-style torch module) last hidden state for the three
    BERT inputs as an ONNX graph at `path`, with batch size and length left free."""
    import torch

    class LastHiddenState(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.transformer(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    # Two rows of different lengths, so the traced graph handles padding.
    sample = (
        torch.tensor([[101, 1037, 2460, 102, 0], [101, 1037, 2936, 6251, 102]]),
        torch.tensor([[1, 1, 1, 1, 0], [1, 1, 1, 1, 1]]),
        torch.zeros((2, 5), dtype=torch.long),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    was_training = transformer.training
    transformer.eval()
    try:
        with warnings.catch_warnings(), torch.inference_mode():
            # The tracer's notes on shapes and the exporter's deprecation notice are about
            # graphs with control flow, which BERT's forward pass does not have.
            warnings.simplefilter("ignore")
            torch.onnx.export(
                LastHiddenState(),
                sample,
                str(partial),
                input_names=list(GRAPH_INPUTS),
                output_names=["last_hidden_state"],
                opset_version=17,
                dynamo=False,
                dynamic_axes={
                    name: {0: "batch", 1: "tokens"} for name in (*GRAPH_INPUTS, "last_hidden_state")
                },
            )
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
        transformer.train(was_training)
    _prune(path.parent)


def int8_graph_path(path: Path) -> Path:
    """Where the int8 copy of the graph at `path` lives: beside it."""
    return path.with_name(f"{path.stem}-int8{path.suffix}")


def quantise_graph(source: Path, target: Path) -> None:
    """Write `source` with int8 MatMul weights (one scale per output column) and inputs
    quantised as they arrive, at `target`. Only MatMuls, where the time goes: the
    quantiser's default (every op it can, one scale per tensor) gave vectors further from
    fp32's (mean cosine 0.96 against 0.99 on generated findings) and ran slower (199
    against 262 findings/s in batches of 64)."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # The first layer stays fp32: it reads the embeddings, whose outlying dimensions
    # make one scale per input too coarse (with it at int8, 7 of 1,500 fine-tuned
    # vectors fell below cosine 0.9 of fp32's, 26 with every layer at int8).
    first_layer = [
        node.name
        for node in onnx.load(str(source), load_external_data=False).graph.node
        if node.op_type == "MatMul" and "/layer.0/" in node.name
    ]
    if not first_layer:
        raise ValueError(f"{source.name} has no layer.0 MatMul to keep at fp32")
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    # The quantiser logs advice meant for static quantisation (pre-process the graph
    # first) on the root logger, which would reach the user as a warning.
    logging.disable(logging.WARNING)
    try:
        quantize_dynamic(
            str(source),
            str(partial),
            weight_type=QuantType.QInt8,
            op_types_to_quantize=["MatMul"],
            per_channel=True,
            nodes_to_exclude=first_layer,
        )
        os.replace(partial, target)
    finally:
        logging.disable(logging.NOTSET)
        partial.unlink(missing_ok=True)
    _prune(target.parent)


def mark_used(path: Path) -> None:
    """Note that the graph was just used, so pruning keeps it."""
    with contextlib.suppress(OSError):  # a read-only cache still runs; only pruning suffers
        os.utime(path)


def _prune(folder: Path) -> None:
    graphs = sorted(folder.glob("*.onnx"), key=lambda graph: graph.stat().st_mtime)
    for graph in graphs[:-GRAPHS_KEPT]:
        graph.unlink(missing_ok=True)
