"""Bad input at volume: damaged copies of the sample reports and random bytes.

Every input must end as an added report or a one-line error naming the file, never as an
exception or a traceback, and the corpus must stay whole with every earlier report in it.
About 600 inputs in all; hypothesis is derandomized so CI sees the same inputs each run.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reliability.harness import (
    CliLauncher,
    FuzzTally,
    check_corpus,
    copy_corpus,
    flip_bytes,
    fuzz_ingest,
    overwrite_block,
    random_damage,
    run_installed,
    sample_pdfs,
    splice,
    truncate,
)

SOURCES = [path.read_bytes() for path in sample_pdfs()]
REPEATABLE = settings(
    deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@st.composite
def damaged_reports(draw: st.DrawFn) -> bytes:
    """A sample report with bytes flipped, cut short, spliced onto another, or overwritten."""
    data = draw(st.sampled_from(SOURCES))
    position = st.integers(0, len(data) - 1)
    kind = draw(st.sampled_from(["flip", "truncate", "splice", "overwrite"]))
    if kind == "flip":
        changes = draw(st.lists(st.tuples(position, st.integers(0, 255)), min_size=1, max_size=16))
        return flip_bytes(data, changes)
    if kind == "truncate":
        return truncate(data, draw(position), draw(st.booleans()))
    if kind == "splice":
        other = draw(st.sampled_from(SOURCES))
        return splice(data, other, draw(position), draw(st.integers(0, len(other) - 1)))
    return overwrite_block(data, draw(position), draw(st.binary(min_size=1, max_size=2048)))


# Random bytes, some dressed as a PDF so they get past the first check to the PDF reader.
random_files = st.one_of(
    st.binary(max_size=4096),
    st.binary(max_size=4096).map(lambda body: b"%PDF-1.7\n" + body + b"\n%%EOF\n"),
)


@pytest.fixture(scope="module")
def fuzz_corpus(tmp_path_factory: pytest.TempPathFactory, ingested_samples: Path) -> Path:
    """The samples corpus, shared by every input of a test so damage would accumulate."""
    return copy_corpus(ingested_samples, tmp_path_factory.mktemp("fuzz") / "corpus.sqlite")


@pytest.fixture(scope="module")
def fuzz_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("inputs")


def _ingest_and_check(corpus: Path, folder: Path, data: bytes, tally: FuzzTally) -> None:
    path = folder / f"input-{tally.inputs:04d}.pdf"
    path.write_bytes(data)
    fuzz_ingest(corpus, path, tally)
    path.unlink()
    assert tally.tracebacks == []
    assert tally.bad_messages == []
    assert tally.losses == []


def test_damaged_reports_are_added_or_refused_in_one_line(
    fuzz_corpus: Path, fuzz_folder: Path
) -> None:
    tally = FuzzTally()

    @settings(REPEATABLE, max_examples=300)
    @given(damaged_reports())
    def ingest_one(data: bytes) -> None:
        _ingest_and_check(fuzz_corpus, fuzz_folder, data, tally)

    ingest_one()
    assert tally.inputs >= 300
    assert tally.added and tally.failed, "the mutations should both break and spare reports"
    assert check_corpus(fuzz_corpus).ok


def test_random_bytes_are_refused_in_one_line(fuzz_corpus: Path, fuzz_folder: Path) -> None:
    tally = FuzzTally()

    @settings(REPEATABLE, max_examples=150)
    @given(random_files)
    def ingest_one(data: bytes) -> None:
        _ingest_and_check(fuzz_corpus, fuzz_folder, data, tally)

    ingest_one()
    assert tally.inputs >= 150 and tally.added == 0
    assert check_corpus(fuzz_corpus).ok


_SUMMARY = re.compile(r"(\d+)\s+failed\.")


def _check_cli_batch(stdout: str, stderr: str, returncode: int, batch: list[Path]) -> None:
    """One error line per failed file, naming it; exit 1 exactly when something failed."""
    assert "Traceback" not in stderr
    failed = int(_SUMMARY.search(stdout).group(1))
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == failed, stderr
    names = {path.name for path in batch}
    for line in lines:
        assert line.startswith("error: ") and any(name in line for name in names), line
    assert returncode == (1 if failed else 0)


def test_the_command_reports_each_bad_file_on_its_own_line(
    launcher: CliLauncher, ingested_samples: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    work = tmp_path_factory.mktemp("cli-fuzz")
    corpus = copy_corpus(ingested_samples, work / "corpus.sqlite")
    before = set(check_corpus(corpus).reports)
    batches = iter(range(1_000))

    @settings(REPEATABLE, max_examples=5)
    @given(st.lists(st.one_of(damaged_reports(), random_files), min_size=20, max_size=20))
    def ingest_batch(files: list[bytes]) -> None:
        folder = work / f"batch{next(batches)}"
        folder.mkdir()
        batch = [folder / f"bad-{number:02d}.pdf" for number in range(len(files))]
        for path, data in zip(batch, files, strict=True):
            path.write_bytes(data)
        result = launcher.run(["--db", str(corpus), "ingest", str(folder)], work / "run")
        _check_cli_batch(result.stdout, result.stderr, result.returncode, batch)
        after = check_corpus(corpus)
        assert after.ok, after.problems
        assert before <= set(after.reports)
        shutil.rmtree(folder)

    ingest_batch()


def test_the_installed_command_shows_no_traceback_for_bad_files(
    ingested_samples: Path, tmp_path: Path
) -> None:
    rng = random.Random(7)
    batch = [tmp_path / "bad" / f"bad-{number:02d}.pdf" for number in range(30)]
    batch[0].parent.mkdir()
    for path in batch:
        path.write_bytes(random_damage(rng, SOURCES))
    corpus = copy_corpus(ingested_samples, tmp_path / "corpus.sqlite")
    before = set(check_corpus(corpus).reports)
    result = run_installed(["--db", str(corpus), "ingest", str(batch[0].parent)])
    _check_cli_batch(result.stdout, result.stderr, result.returncode, batch)
    after = check_corpus(corpus)
    assert after.ok and before <= set(after.reports), after.problems
