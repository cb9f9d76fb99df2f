"""The memory-mapped vector index: same answers as scanning every vector, never stale."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from cqc_themes import Corpus, FindingFilter, ingest
from cqc_themes.models.embeddings import SentenceEmbedder, embed_texts
from cqc_themes.models.search.semantic_search import semantic_search
from cqc_themes.models.search.vector_index import finding_vectors, index_folder

pytestmark = pytest.mark.slow


def brute_force_top(corpus: Corpus, query: str, filters: FindingFilter, limit: int) -> list[int]:
    findings = list(corpus.findings(filters))
    vectors = embed_texts(corpus, [finding.text for finding in findings])
    similarity = vectors @ SentenceEmbedder().encode([query])[0]
    order = np.argsort(-similarity, kind="stable")[:limit]
    return [findings[i].finding_id for i in order]


@pytest.mark.parametrize(
    ("query", "filters"),
    [
        ("help for family members who look after someone", FindingFilter()),
        ("staff shortages and agency workers", FindingFilter()),
        ("people waiting a long time", FindingFilter(rating="good")),
        ("abuse and neglect enquiries", FindingFilter(quality_statement="safeguarding")),
    ],
)
def test_index_answers_the_same_top_hits_as_scanning_every_vector(
    fitted_corpus_path: Path, query: str, filters: FindingFilter
) -> None:
    with Corpus(fitted_corpus_path) as corpus:
        hits = semantic_search(corpus, query, filters, limit=10, min_similarity=-1.0)
        assert [hit.finding.finding_id for hit in hits] == brute_force_top(
            corpus, query, filters, 10
        )
        assert index_folder(corpus).is_dir()


def test_index_is_rebuilt_when_findings_are_added_or_its_files_are_damaged(
    sample_pdfs: list[Path], tmp_path: Path
) -> None:
    embedder = SentenceEmbedder()
    with Corpus(tmp_path / "corpus.sqlite") as corpus:
        ingest(sample_pdfs[:1], corpus, workers=1)
        first = finding_vectors(corpus, embedder)
        assert len(first.finding_ids) == corpus.count_findings()

        ingest(sample_pdfs[1:2], corpus, workers=1)
        grown = finding_vectors(corpus, embedder)
        assert len(grown.finding_ids) == corpus.count_findings() > len(first.finding_ids)
        new_finding = max(finding.finding_id for finding in corpus.findings())
        assert new_finding in grown.finding_ids
        row = int(np.flatnonzero(grown.finding_ids == new_finding)[0])
        text = next(f.text for f in corpus.findings() if f.finding_id == new_finding)
        assert np.allclose(grown.vectors[row], embedder.encode([text])[0], atol=1e-5)

        # Copies: overwriting a file in place under a live memory map would fault.
        grown_ids, grown_vectors = grown.finding_ids.copy(), np.array(grown.vectors)
        del grown
        for damaged in index_folder(corpus).glob("*.npy"):
            damaged.write_bytes(b"not an array")
        mended = finding_vectors(corpus, embedder)
        assert np.array_equal(mended.finding_ids, grown_ids)
        assert np.allclose(mended.vectors, grown_vectors)
