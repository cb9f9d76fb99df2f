"""The corpus stays whole when reports are removed or replaced: nothing of a removed
report is left (search, labels, topics, embeddings), finding ids are never reused, and a
newer report of a council supersedes the old one without deleting it."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from tiny_reports import tiny_report

from cqc_themes import Corpus, FindingFilter, ingest
from cqc_themes.corpus.store import text_hash
from cqc_themes.models.search.semantic_search import search_findings
from cqc_themes.records import FittedTopic, Label, TopicAssignment
from cqc_themes.removal import remove


def integrity_problems(corpus: Corpus) -> list[str]:
    """What SQLite's and FTS5's integrity checks report (the FTS check with rank = 1
    also compares the index with the findings it indexes); [] when both pass."""
    connection = corpus.connection
    problems = [row[0] for row in connection.execute("PRAGMA integrity_check") if row[0] != "ok"]
    problems += [str(tuple(row)) for row in connection.execute("PRAGMA foreign_key_check")]
    try:
        connection.execute(
            "INSERT INTO findings_fts (findings_fts, rank) VALUES ('integrity-check', 1)"
        )
    except sqlite3.DatabaseError as error:
        problems.append(f"FTS5: {error}")
    return problems


def label_everything(corpus: Corpus) -> None:
    """Store a label for every finding, as `classify` would (the label itself is not
    what these tests are about)."""
    findings = list(corpus.findings(FindingFilter(include_superseded=True)))
    corpus.store_labels(
        [Label(f.finding_id, "context", 1.0, {"context": 1.0}, "test-labels") for f in findings]
    )


def embed_everything(corpus: Corpus) -> None:
    findings = corpus.findings(FindingFilter(include_superseded=True))
    vectors = {text_hash(f.text): np.full(4, f.finding_id, dtype="<f4") for f in findings}
    corpus.store_embeddings("test-model", vectors)


def fit_one_topic_per_council(corpus: Corpus) -> None:
    findings = list(corpus.findings())
    councils = sorted({f.council for f in findings})
    corpus.save_topic_run(
        method="test",
        settings={},
        model_version="test",
        corpus_fingerprint="test",
        topics=[
            FittedTopic(n, council, (council,), sum(f.council == council for f in findings))
            for n, council in enumerate(councils)
        ],
        assignments=[
            TopicAssignment(f.finding_id, councils.index(f.council), 1.0) for f in findings
        ],
    )


@pytest.fixture
def two_reports(sample_pdfs: list[Path], tmp_path: Path) -> tuple[Corpus, Path, Path]:
    """A corpus holding reports a and b (copies of two samples), labelled, embedded and
    with topics, as a user's corpus would be after classify and themes."""
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    shutil.copy(sample_pdfs[0], a)
    shutil.copy(sample_pdfs[1], b)
    corpus = Corpus(tmp_path / "corpus.sqlite")
    summary = ingest([a, b], corpus, workers=1)
    assert summary.count("added") == 2
    label_everything(corpus)
    embed_everything(corpus)
    fit_one_topic_per_council(corpus)
    yield corpus, a, b
    corpus.close()


def _council_of(corpus: Corpus, path: Path) -> str:
    [summary] = [r for r in corpus.reports() if r.source_path == str(path.resolve())]
    return summary.council


def test_removing_a_report_takes_everything_of_it_and_nothing_else(
    two_reports: tuple[Corpus, Path, Path],
) -> None:
    corpus, a, b = two_reports
    council_a, council_b = _council_of(corpus, a), _council_of(corpus, b)
    b_findings = [f for f in corpus.findings() if f.council == council_b]
    a_words = council_a.split()[0]  # the place name: printed all through its own report
    assert any(hit.finding.council == council_a for hit in corpus.search(a_words, limit=500))

    summary = remove(corpus, [a])

    assert summary.reports == (council_a,) and summary.not_found == ()
    assert integrity_problems(corpus) == []
    assert [r.council for r in corpus.reports(include_superseded=True)] == [council_b]
    assert all(hit.finding.council != council_a for hit in corpus.search(a_words, limit=500))
    assert all(
        hit.finding.council == council_b for hit in corpus.search("people OR council", limit=500)
    )
    # b is exactly as it was: its findings, their labels and topics.
    assert list(corpus.findings()) == b_findings
    assert corpus.label_counts() == {"context": len(b_findings)}
    [topic] = corpus.topics()
    assert topic.label == council_b and topic.size == len(b_findings)
    # Cached vectors of a's texts went too, except those b's findings share.
    b_hashes = {text_hash(f.text) for f in b_findings}
    kept = corpus.cached_embeddings(b_hashes, "test-model")
    assert set(kept) == b_hashes
    assert summary.embeddings > 0
    assert corpus.count_unembedded("test-model") == 0
    stored = corpus.connection.execute("SELECT count(*) FROM embeddings").fetchone()[0]
    assert stored == len(b_hashes)


def test_a_removed_report_can_be_ingested_again_and_gets_new_finding_ids(
    two_reports: tuple[Corpus, Path, Path],
) -> None:
    corpus, a, b = two_reports
    # b was ingested last, so its findings hold the highest ids: SQLite would hand those
    # out again to the next insert without AUTOINCREMENT.
    highest = max(f.finding_id for f in corpus.findings())
    remove(corpus, [b])

    assert ingest([b], corpus, workers=1).count("added") == 1

    again = [f for f in corpus.findings() if f.council == _council_of(corpus, b)]
    assert min(f.finding_id for f in again) > highest
    assert integrity_problems(corpus) == []
    # The new findings are unlabelled: no label of the removed ones came back with them.
    assert corpus.count_unlabelled() == len(again)


def test_remove_finds_reports_by_content_by_folder_and_by_council(
    two_reports: tuple[Corpus, Path, Path], tmp_path: Path
) -> None:
    corpus, a, b = two_reports
    council_a, council_b = _council_of(corpus, a), _council_of(corpus, b)
    moved = tmp_path / "elsewhere" / "renamed.pdf"
    moved.parent.mkdir()
    shutil.move(b, moved)

    # The same file under another name is matched by its content.
    assert remove(corpus, [moved]).reports == (council_b,)
    ingest([moved], corpus, workers=1)
    # A folder matches every report ingested from under it, even once it is gone.
    shutil.rmtree(moved.parent)
    assert remove(corpus, [moved.parent]).reports == (council_b,)
    # A council by its exact name, in any case.
    assert remove(corpus, council=council_a.upper()).reports == (council_a,)
    assert corpus.reports(include_superseded=True) == []
    assert integrity_problems(corpus) == []


def test_a_path_or_council_matching_nothing_is_named_and_the_rest_is_removed(
    two_reports: tuple[Corpus, Path, Path], tmp_path: Path
) -> None:
    corpus, a, b = two_reports
    missing = tmp_path / "never-ingested.pdf"

    summary = remove(corpus, [missing, a], council="Nowhere Council")

    assert len(summary.reports) == 1
    assert len(summary.not_found) == 2
    assert str(missing) in summary.not_found[0] and "Nowhere Council" in summary.not_found[1]
    assert [r.source_path for r in corpus.reports()] == [str(b.resolve())]


def test_editing_a_finding_keeps_the_search_index_in_step(tmp_path: Path) -> None:
    with Corpus(tmp_path / "corpus.sqlite") as corpus:
        corpus.add_report(tiny_report("Fenwick Council", ["Carers waited a long time."]))
        [finding] = corpus.findings()
        corpus.connection.execute(
            "UPDATE findings SET text = 'Reablement was quick.' WHERE id = ?",
            (finding.finding_id,),
        )
        assert corpus.search("carers") == []
        assert [hit.finding.finding_id for hit in corpus.search("reablement")] == [
            finding.finding_id
        ]
        assert integrity_problems(corpus) == []


# Superseded reports ----------------------------------------------------------------------


def _assessment(council: str, published_iso: str, sentence: str):
    report = tiny_report(council, [sentence])
    return replace(report, published=published_iso, published_iso=published_iso)


def test_a_newer_report_of_a_council_supersedes_the_old_one_and_keeps_it(
    tmp_path: Path,
) -> None:
    with Corpus(tmp_path / "corpus.sqlite") as corpus:
        # The newer assessment goes in first: publication date decides, not ingest order.
        corpus.add_report(_assessment("Fenwick Council", "2025-06-01", "Waits for reviews fell."))
        corpus.add_report(_assessment("Fenwick Council", "2024-03-01", "Waits for reviews grew."))
        corpus.add_report(_assessment("Ashby Council", "2024-01-01", "Reviews were on time."))

        listed = [(r.council, r.published_iso) for r in corpus.reports()]
        assert listed == [("Ashby Council", "2024-01-01"), ("Fenwick Council", "2025-06-01")]
        every = corpus.reports(include_superseded=True)
        assert [(r.published_iso, r.current) for r in every if r.council == "Fenwick Council"] == [
            ("2024-03-01", False),
            ("2025-06-01", True),
        ]
        assert [f.text for f in corpus.findings(FindingFilter(council="Fenwick"))] == [
            "Waits for reviews fell."
        ]
        assert [h.finding.text for h in corpus.search("waits")] == ["Waits for reviews fell."]
        everything = FindingFilter(include_superseded=True)
        assert len(corpus.search("waits", everything)) == 2

        # Removing the newer report makes the older one current again.
        [newer] = [r for r in every if r.current and r.council == "Fenwick Council"]
        corpus.remove_reports([newer.report_id])
        assert [h.finding.text for h in corpus.search("waits")] == ["Waits for reviews grew."]


def test_reports_published_the_same_day_go_by_ingest_order(tmp_path: Path) -> None:
    with Corpus(tmp_path / "corpus.sqlite") as corpus:
        corpus.add_report(_assessment("Fenwick Council", "2025-06-01", "First copy."))
        corpus.add_report(_assessment("FENWICK COUNCIL", "2025-06-01", "Corrected copy."))
        assert [f.text for f in corpus.findings()] == ["Corrected copy."]


@pytest.mark.slow  # embeds with MiniLM
def test_every_search_mode_leaves_out_a_superseded_report_unless_asked(tmp_path: Path) -> None:
    """A council's older report is superseded by its newer one: search by meaning, by
    keyword or both shows the newer report's finding, and the older one only on request."""
    older = "Unpaid carers waited months for a carer's assessment."
    newer = "Carers' assessments are now completed within four weeks of a request."
    with Corpus(tmp_path / "corpus.sqlite") as corpus:
        corpus.add_report(tiny_report("Fenwick Council", [older]))
        corpus.add_report(tiny_report("Fenwick Council", [newer]))
        assert corpus.has_superseded_reports()
        for mode in ("semantic", "hybrid", "keyword"):
            shown = {
                hit.finding.text
                for hit in search_findings(corpus, "carers assessment", mode=mode).hits
            }
            assert shown == {newer}, mode
            every = search_findings(
                corpus, "carers assessment", FindingFilter(include_superseded=True), mode=mode
            )
            assert {hit.finding.text for hit in every.hits} == {older, newer}, mode
