"""Labels per finding: stored in one go, replaced on relabelling, read back by filters."""

from __future__ import annotations

import pytest

from cqc_themes import Corpus, FindingFilter
from cqc_themes.errors import CorpusError
from cqc_themes.records import Label


def _labels(finding_ids: list[int], label: str, version: str = "test-model") -> list[Label]:
    probabilities = {"strength": 0.1, "improvement": 0.1, "context": 0.1, label: 0.8}
    return [Label(i, label, 0.8, probabilities, version) for i in finding_ids]


def test_unlabelled_findings_shrink_as_labels_are_stored(sample_corpus: Corpus) -> None:
    every_id = [finding.finding_id for finding in sample_corpus.findings()]
    assert [f.finding_id for f in sample_corpus.unlabelled_findings()] == every_id

    sample_corpus.store_labels(_labels(every_id[:10], "strength"))

    assert [f.finding_id for f in sample_corpus.unlabelled_findings()] == every_id[10:]
    assert sample_corpus.label_counts() == {"strength": 10}


def test_a_new_label_replaces_the_old_one(sample_corpus: Corpus) -> None:
    first_ids = [finding.finding_id for finding in sample_corpus.findings()][:5]
    sample_corpus.store_labels(_labels(first_ids, "strength", "model-a"))
    sample_corpus.store_labels(_labels(first_ids[:2], "improvement", "model-b"))

    assert sample_corpus.label_counts() == {"strength": 3, "improvement": 2}
    rows = sample_corpus.connection.execute(
        "SELECT model_version, count(*) AS n FROM labels GROUP BY model_version ORDER BY 1"
    ).fetchall()
    assert [(row["model_version"], row["n"]) for row in rows] == [("model-a", 3), ("model-b", 2)]


def test_findings_carry_their_label_and_filter_by_it(sample_corpus: Corpus) -> None:
    ids = [finding.finding_id for finding in sample_corpus.findings()]
    sample_corpus.store_labels(_labels(ids[:4], "improvement") + _labels(ids[4:6], "context"))

    improvements = list(sample_corpus.findings(FindingFilter(label="improvement")))
    assert [f.finding_id for f in improvements] == ids[:4]
    assert all(f.label == "improvement" and f.label_confidence == 0.8 for f in improvements)


def test_a_label_that_is_not_one_of_the_three_is_refused_and_nothing_is_stored(
    sample_corpus: Corpus,
) -> None:
    ids = [finding.finding_id for finding in sample_corpus.findings()][:3]
    bad = _labels(ids[:2], "strength") + _labels(ids[2:], "excellent")
    with pytest.raises(CorpusError, match="CHECK constraint"):
        sample_corpus.store_labels(bad)
    assert sample_corpus.label_counts() == {}
