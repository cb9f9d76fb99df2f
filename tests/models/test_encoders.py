"""The encoder backends: ONNX Runtime gives PyTorch's vectors on real report sentences,
the exported graph is reused and mended from the cache, and without onnxruntime the
same vectors come from PyTorch with one note."""

from __future__ import annotations

import builtins
import logging
from pathlib import Path

import numpy as np
import pytest

from cqc_themes import Corpus
from cqc_themes.models.embeddings import (
    EMBEDDING_MODEL_NAME,
    encode_by_length,
    frozen_minilm_encoder,
    load_embedding_model,
)
from cqc_themes.models.encoders.fine_tuned import FineTunedInference

pytestmark = pytest.mark.slow

# Longer than MiniLM's 256-token window, so truncation is exercised too.
LONG_TEXT = " ".join(["Carers said the council's hub answered quickly and kindly."] * 40)


@pytest.fixture(scope="module")
def sample_texts(ingested_samples: Path) -> list[str]:
    with Corpus(ingested_samples) as corpus:
        texts = [finding.text for finding in corpus.findings()]
    return texts[::7][:300] + [LONG_TEXT, "Waits."]


@pytest.fixture
def without_onnxruntime(monkeypatch) -> None:
    """`import onnxruntime` fails, as on a machine without it."""
    real_import = builtins.__import__

    def no_onnxruntime(name, *args, **kwargs):
        if name == "onnxruntime":
            raise ImportError("No module named 'onnxruntime'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_onnxruntime)


def frozen_encoder(cache_dir: Path):
    """A fresh encoder (not the process's cached one) with its graph in `cache_dir`."""
    frozen_minilm_encoder.cache_clear()
    return frozen_minilm_encoder(cache_dir)


def sentence_transformers_vectors(texts: list[str]) -> np.ndarray:
    return load_embedding_model().encode(
        texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False
    )


def test_onnx_vectors_match_pytorch_on_report_sentences(
    sample_texts: list[str], tmp_path: Path
) -> None:
    encoder = frozen_encoder(tmp_path)
    assert len(list((tmp_path / "onnx").glob("*.onnx"))) == 1
    vectors = encode_by_length(encoder, sample_texts)
    cosine = (vectors * sentence_transformers_vectors(sample_texts)).sum(axis=1)
    assert cosine.min() >= 0.9999
    # One text alone (a search query) has no padding in its batch.
    alone = encoder([sample_texts[0]])[0]
    assert float(alone @ vectors[0]) >= 0.9999


def test_a_damaged_graph_in_the_cache_is_exported_again(
    sample_texts: list[str], tmp_path: Path
) -> None:
    frozen_encoder(tmp_path)
    (graph,) = (tmp_path / "onnx").glob("*.onnx")
    graph.write_bytes(b"not a graph")
    vectors = frozen_encoder(tmp_path)(sample_texts[:20])
    cosine = (vectors * sentence_transformers_vectors(sample_texts[:20])).sum(axis=1)
    assert cosine.min() >= 0.9999
    assert graph.stat().st_size > 1_000_000


def test_without_onnxruntime_pytorch_gives_the_same_vectors_and_one_note(
    sample_texts: list[str], tmp_path: Path, without_onnxruntime, caplog
) -> None:
    with caplog.at_level(logging.WARNING):
        encoder = frozen_encoder(tmp_path)
    assert [record.getMessage() for record in caplog.records] == [
        f"note: onnxruntime is not installed; encoding {EMBEDDING_MODEL_NAME} with PyTorch"
    ]
    assert not (tmp_path / "onnx").exists()
    vectors = encode_by_length(encoder, sample_texts[:50])
    cosine = (vectors * sentence_transformers_vectors(sample_texts[:50])).sum(axis=1)
    assert cosine.min() >= 0.9999


def test_fine_tuned_vectors_at_int8_label_like_pytorch_and_depend_on_the_text_alone(
    shipped_classifier, ingested_samples: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    with Corpus(ingested_samples) as corpus:
        findings = list(corpus.findings())[::3]
    frozen = encode_by_length(frozen_minilm_encoder(), [finding.text for finding in findings])
    tuned = shipped_classifier.encoder_
    texts = shipped_classifier.encoder_inputs(findings)
    inference = FineTunedInference(tuned)
    int8_vectors = inference.encode(texts)
    assert inference.model_name == f"{tuned.model_name}-int8"
    graphs = sorted((tmp_path / "cqc-themes" / "onnx").glob(f"{tuned.model_name}-*.onnx"))
    assert len(graphs) == 2 and graphs[0].name.endswith("-int8.onnx")
    pytorch_vectors = tuned.encode(texts)
    assert (int8_vectors * pytorch_vectors).sum(axis=1).mean() >= 0.99
    # What matters is the label: int8 changed 9 of 1,709 sample labels when measured.
    int8_labels = shipped_classifier.predict(findings, frozen, int8_vectors)
    pytorch_labels = shipped_classifier.predict(findings, frozen, pytorch_vectors)
    assert (int8_labels == pytorch_labels).mean() >= 0.985
    # A text's vector is the same alone, among others and in another order.
    assert np.array_equal(inference.encode([texts[5]])[0], int8_vectors[5])
    assert np.array_equal(inference.encode(texts[::-1])[::-1], int8_vectors)


def test_a_damaged_int8_graph_is_made_again(
    shipped_classifier, sample_texts: list[str], tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    texts = [f"key findings | score 3 | {text}" for text in sample_texts[:20]]
    before = FineTunedInference(shipped_classifier.encoder_).encode(texts)
    (graph,) = (tmp_path / "cqc-themes" / "onnx").glob("*-int8.onnx")
    graph.write_bytes(b"not a graph")
    inference = FineTunedInference(shipped_classifier.encoder_)
    assert np.array_equal(inference.encode(texts), before)
    assert inference.model_name.endswith("-int8")
    assert graph.stat().st_size > 1_000_000


def test_without_onnxruntime_fine_tuned_vectors_are_pytorch_fp32_under_its_own_name(
    shipped_classifier, sample_texts: list[str], tmp_path: Path, monkeypatch, without_onnxruntime
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    tuned = shipped_classifier.encoder_
    texts = [f"key findings | score 2 | {text}" for text in sample_texts[:30]]
    inference = FineTunedInference(tuned)
    vectors = inference.encode(texts)
    assert inference.model_name == tuned.model_name
    assert (vectors * tuned.encode(texts)).sum(axis=1).min() >= 0.9999
