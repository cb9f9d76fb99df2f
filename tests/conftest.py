"""Shared fixtures: the shipped sample reports, ingested once per test session.

Unit tests run on samples/ (fictional councils, our own words). Integration tests read
../shared and are skipped when it is absent.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from cqc_themes import Corpus, ingest

REPO = Path(__file__).resolve().parent.parent
SAMPLE_PDFS = REPO / "samples" / "pdf"
SAMPLE_SOURCES = REPO / "samples" / "source"
SAMPLE_TRUTH = REPO / "samples" / "ground_truth.csv"
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def sample_pdfs() -> list[Path]:
    pdfs = sorted(SAMPLE_PDFS.glob("*.pdf"))
    assert len(pdfs) >= 8, "samples/pdf should hold the rendered sample reports"
    return pdfs


@pytest.fixture(scope="session")
def sample_truth() -> dict[str, dict[str, str]]:
    with open(SAMPLE_TRUTH, encoding="utf-8") as handle:
        return {row["file"]: row for row in csv.DictReader(handle)}


@pytest.fixture(scope="session")
def ingested_samples(tmp_path_factory: pytest.TempPathFactory, sample_pdfs: list[Path]) -> Path:
    """A corpus file holding every sample report; copy it before writing to it."""
    path = tmp_path_factory.mktemp("samples") / "corpus.sqlite"
    with Corpus(path) as corpus:
        summary = ingest(sample_pdfs, corpus, workers=1)
    assert not summary.failed, [o.error for o in summary.failed]
    return path


@pytest.fixture
def sample_corpus_path(ingested_samples: Path, tmp_path: Path) -> Path:
    """A private, writable copy of the ingested samples corpus."""
    return copy_corpus(ingested_samples, tmp_path / "corpus.sqlite")


@pytest.fixture
def sample_corpus(sample_corpus_path: Path):
    with Corpus(sample_corpus_path) as corpus:
        yield corpus


@pytest.fixture(scope="session")
def stored_sample(sample_pdfs: list[Path]) -> Path:
    """The sample report the one-report corpus already holds (bad inputs are made from it)."""
    return next(path for path in sample_pdfs if path.name == "brackenford.pdf")


@pytest.fixture(scope="session")
def new_sample(sample_pdfs: list[Path]) -> Path:
    """A good sample report the one-report corpus does not hold yet."""
    return next(path for path in sample_pdfs if path.name == "eastmere.pdf")


@pytest.fixture(scope="session")
def one_report_corpus(tmp_path_factory: pytest.TempPathFactory, stored_sample: Path) -> Path:
    """A corpus holding `stored_sample` alone; copy it before writing to it."""
    path = tmp_path_factory.mktemp("one-report") / "corpus.sqlite"
    with Corpus(path) as corpus:
        summary = ingest([stored_sample], corpus, workers=1)
    assert summary.count("added") == 1
    return path


@pytest.fixture
def one_report_corpus_path(one_report_corpus: Path, tmp_path: Path) -> Path:
    """A private, writable copy of the one-report corpus."""
    return copy_corpus(one_report_corpus, tmp_path / "one-report.sqlite")


@pytest.fixture(scope="session")
def shared_corpus_dir() -> Path:
    corpus = SHARED / "corpus"
    if not (corpus / "ground_truth.csv").exists():
        pytest.skip("../shared/corpus is not present")
    return corpus


def copy_corpus(source: Path, destination: Path) -> Path:
    """A consistent copy of a corpus file."""
    with Corpus(source) as corpus:
        return corpus.backup(destination)


@pytest.fixture(scope="session")
def fitted_samples(ingested_samples: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The samples corpus with topics fitted once per session (BERTopic's first fit pays
    ~20 s of numba JIT) and every finding embedded; copy it before changing it."""
    from cqc_themes.models.discovery.topics import fit_topics
    from cqc_themes.models.embeddings import embed_texts

    path = copy_corpus(ingested_samples, tmp_path_factory.mktemp("fitted") / "corpus.sqlite")
    with Corpus(path) as corpus:
        fit_topics(corpus)
        embed_texts(corpus, [finding.text for finding in corpus.findings()])
    return path


@pytest.fixture(scope="session")
def discovered_samples(ingested_samples: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The samples corpus coded with the default codebook and its uncoded findings
    clustered into discovered themes, once per session; copy it before changing it."""
    from cqc_themes.models.themes import refresh_themes

    path = copy_corpus(ingested_samples, tmp_path_factory.mktemp("discovered") / "corpus.sqlite")
    with Corpus(path) as corpus:
        refresh_themes(corpus)
    return path


@pytest.fixture
def fitted_corpus_path(fitted_samples: Path, tmp_path: Path) -> Path:
    """A private, writable copy of the fitted samples corpus."""
    return copy_corpus(fitted_samples, tmp_path / "fitted.sqlite")


@pytest.fixture(scope="session")
def shipped_classifier():
    """The finding classifier as `classify` uses it: fitted from the shipped training data
    on first use, then loaded from the user's cache (so the CLI tests load, not refit)."""
    from cqc_themes.models.trained import trained_classifier

    return trained_classifier()
