"""`cqc-themes classify` on the sample reports: labels stored, --relabel redoes them, and
search and export filter by them. Slow: the classifier embeds every finding."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from run_cli import run_cli

from cqc_themes import Corpus
from cqc_themes.corpus.store import text_hash
from cqc_themes.domain import FINDING_LABELS
from cqc_themes.models.encoders.fine_tuned import FineTunedInference

pytestmark = pytest.mark.slow


@pytest.fixture
def classified_path(sample_corpus_path: Path, shipped_classifier) -> Path:
    result = run_cli("classify", db=sample_corpus_path)
    assert result.exit_code == 0, result.stderr
    return sample_corpus_path


def _label_rows(path: Path) -> dict[int, tuple[str, str, str]]:
    with Corpus(path) as corpus:
        rows = corpus.connection.execute(
            "SELECT finding_id, label, model_version, probabilities FROM labels"
        ).fetchall()
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


def test_classify_labels_every_finding_and_prints_the_counts(
    sample_corpus_path: Path, shipped_classifier
) -> None:
    result = run_cli("classify", db=sample_corpus_path)
    assert result.exit_code == 0, result.stderr
    with Corpus(sample_corpus_path) as corpus:
        total = corpus.count_findings()
        counts = corpus.label_counts()
    assert f"Labelled {total} finding(s)" in result.stdout
    assert set(counts) == set(FINDING_LABELS) and sum(counts.values()) == total
    for label in FINDING_LABELS:
        assert f"{label}" in result.stdout and str(counts[label]) in result.stdout
    rows = _label_rows(sample_corpus_path)
    assert {version for _, version, _ in rows.values()} == {shipped_classifier.model_version_}
    for label, _, probabilities in rows.values():
        by_label = json.loads(probabilities)
        assert set(by_label) == set(FINDING_LABELS)
        assert max(by_label, key=by_label.get) == label


def test_a_second_run_labels_nothing_new(classified_path: Path) -> None:
    before = _label_rows(classified_path)
    result = run_cli("classify", db=classified_path)
    assert result.exit_code == 0, result.stderr
    assert "Labelled 0 finding(s)" in result.stdout
    assert _label_rows(classified_path) == before


def test_relabel_replaces_every_label(classified_path: Path) -> None:
    with Corpus(classified_path) as corpus:
        corpus.connection.execute("UPDATE labels SET model_version = 'old-model'")
        total = corpus.count_findings()
    result = run_cli("classify", "--relabel", db=classified_path)
    assert result.exit_code == 0, result.stderr
    assert f"Labelled {total} finding(s)" in result.stdout
    rows = _label_rows(classified_path)
    assert len(rows) == total
    assert "old-model" not in {version for _, version, _ in rows.values()}


def test_search_and_export_filter_by_label(classified_path: Path) -> None:
    result = run_cli("search", "--keyword", "people OR carers OR staff", "--label",
                     "improvement", "--format", "json", "--limit", "50", db=classified_path)
    assert result.exit_code == 0, result.stderr
    hits = json.loads(result.stdout)
    assert hits and {hit["label"] for hit in hits} == {"improvement"}

    result = run_cli("export", "findings", "--label", "strength", db=classified_path)
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records and {record["label"] for record in records} == {"strength"}
    assert all(0 < record["label_confidence"] <= 1 for record in records)


def test_classify_without_a_corpus_is_a_one_line_error(tmp_path: Path) -> None:
    result = run_cli("classify", db=tmp_path / "absent.sqlite")
    assert result.exit_code == 1
    assert "no corpus here yet" in result.stderr
    assert "Traceback" not in result.stderr


def test_classify_caches_the_fine_tuned_vectors_and_drops_a_predecessors(
    sample_corpus_path: Path, shipped_classifier
) -> None:
    stale = shipped_classifier.encoder_.model_name.replace("-encoder", "0-encoder")
    with Corpus(sample_corpus_path) as corpus:
        corpus.store_embeddings(stale, {"0" * 40: np.ones(384, dtype=np.float32)})
        corpus.store_embeddings("some-other-model", {"0" * 40: np.ones(384, dtype=np.float32)})
    assert run_cli("classify", db=sample_corpus_path).exit_code == 0
    with Corpus(sample_corpus_path) as corpus:
        inputs = shipped_classifier.encoder_inputs(list(corpus.findings()))
        cached = corpus.cached_embeddings({text_hash(text) for text in inputs},
                                          FineTunedInference(shipped_classifier.encoder_).model_name)
        models = {row[0] for row in corpus.connection.execute(
            "SELECT DISTINCT model_name FROM embeddings")}
    assert len(cached) == len(set(inputs))
    assert stale not in models
    assert "some-other-model" in models
