"""Session fixtures for the reliability tests: a batch of distinct reports, what each
holds when ingested whole, and one warm process that forks `cqc-themes` runs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cqc_themes import Corpus, ingest
from reliability.harness import CliLauncher, ReportCounts, check_corpus, make_variants

# The nine samples plus this many renamed copies: enough files that a kill usually lands
# while reports are still going in (about 0.7 s of ingest on two cores).
VARIANTS = 13


@pytest.fixture(scope="session")
def report_batch(tmp_path_factory: pytest.TempPathFactory, sample_pdfs: list[Path]) -> list[Path]:
    """22 distinct report files: the samples and copies that differ after %%EOF."""
    folder = tmp_path_factory.mktemp("batch")
    return [*sample_pdfs, *make_variants(sample_pdfs, folder, VARIANTS)]


@pytest.fixture(scope="session")
def batch_reference(
    tmp_path_factory: pytest.TempPathFactory, report_batch: list[Path]
) -> dict[str, ReportCounts]:
    """Every batch report as stored by an uninterrupted ingest, by sha256."""
    path = tmp_path_factory.mktemp("reference") / "corpus.sqlite"
    with Corpus(path) as corpus:
        summary = ingest(report_batch, corpus, workers=1)
    assert not summary.failed, [outcome.error for outcome in summary.failed]
    check = check_corpus(path)
    assert check.ok, check.problems
    assert len(check.reports) == len(report_batch)
    return check.reports


@pytest.fixture(scope="session")
def launcher() -> Iterator[CliLauncher]:
    started = CliLauncher()
    yield started
    started.close()


@pytest.fixture(scope="session")
def keyword_only(launcher: CliLauncher, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """`--keyword` where `cqc-themes search` has it: FTS5 alone, no embedding model to load."""
    output = tmp_path_factory.mktemp("help") / "search-help"
    help_text = launcher.run(["search", "--help"], output).stdout
    return ["--keyword"] if "--keyword" in help_text else []


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """This folder's slow tests (kills during a topic refit, about a minute) run only when
    asked for with `-m slow`, so `pytest tests/reliability` stays near three minutes."""
    if "slow" in (config.getoption("markexpr") or ""):
        return
    here = Path(__file__).parent
    skip = pytest.mark.skip(reason="slow reliability test; run with -m slow")
    for item in items:
        if item.get_closest_marker("slow") and item.path.parent == here:
            item.add_marker(skip)
