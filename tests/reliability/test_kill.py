"""A killed ingest never costs a committed report, never leaves half of one, and a re-run
finishes the job.

Kills land at seeded random moments (SIGKILL to the command and its PDF workers) and, to
reach the moments a random kill rarely hits, just before chosen SQL statements: while the
schema of a new corpus is being written and inside a report's transaction.
"""

from __future__ import annotations

import random
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

from reliability.harness import (
    CRASH_EXIT,
    INSTALLED_CLI,
    CliLauncher,
    ReportCounts,
    check_corpus,
    committed_reports,
    copy_corpus,
    kill_group,
    kill_round,
    run_installed,
)

KILLS = 20


def _run_seconds(launcher: CliLauncher, corpus: Path, paths: list[Path], work: Path) -> float:
    """How long an uninterrupted ingest takes here: the window a kill lands in."""
    start = time.perf_counter()
    result = launcher.run(["--db", str(corpus), "ingest", *map(str, paths)], work / "run")
    assert result.returncode == 0, result.stderr
    return time.perf_counter() - start


def test_sigkill_at_random_moments_keeps_commits_and_leaves_no_half_report(
    launcher: CliLauncher,
    report_batch: list[Path],
    batch_reference: dict[str, ReportCounts],
    ingested_samples: Path,
    tmp_path: Path,
) -> None:
    """Even rounds start from an empty corpus, odd ones from one holding the nine samples."""
    starts = [None, copy_corpus(ingested_samples, tmp_path / "samples.sqlite")]
    windows = []
    for number, start in enumerate(starts):
        corpus = tmp_path / f"calibrate{number}.sqlite"
        if start:
            shutil.copy(start, corpus)
        windows.append(_run_seconds(launcher, corpus, report_batch, tmp_path))
    rng = random.Random(20240517)
    landed = rounds = 0
    while landed < KILLS:
        assert rounds < 2 * KILLS, f"only {landed} of {rounds} kills landed mid-run"
        start, window = starts[rounds % 2], windows[rounds % 2]
        corpus = tmp_path / f"round{rounds}.sqlite"
        if start:
            shutil.copy(start, corpus)
        outcome = kill_round(
            launcher, corpus, report_batch, batch_reference,
            delay=rng.uniform(0.0, window), work=tmp_path,
        )
        assert not outcome.problems, (rounds, outcome.delay, outcome.problems)
        landed += outcome.landed
        rounds += 1


def _statement_count(launcher: CliLauncher, argv: list[str], work: Path) -> int:
    count_file = work / "statements"
    pid = launcher.start(argv, work / "count", statement_count_file=count_file)
    assert launcher.wait(pid) == 0, (work / "count.err").read_text()
    return int(count_file.read_text())


def test_crash_before_any_sql_statement_of_a_new_corpus_leaves_it_usable(
    launcher: CliLauncher,
    sample_pdfs: list[Path],
    batch_reference: dict[str, ReportCounts],
    tmp_path: Path,
) -> None:
    """Crash points: every other statement while the corpus is opened and its schema
    written (about 35), then a spread through the first report's transaction."""
    files = [str(path) for path in sample_pdfs[1:3]]

    def argv(corpus: Path) -> list[str]:
        return ["--db", str(corpus), "ingest", "--workers", "1", *files]

    total = _statement_count(launcher, argv(tmp_path / "counted.sqlite"), tmp_path)
    crash_points = [*range(1, 40, 2), *range(40, total // 2, 61), total]
    for point in crash_points:
        corpus = tmp_path / f"crash{point}.sqlite"
        pid = launcher.start(argv(corpus), tmp_path / "crash", crash_before_statement=point)
        assert launcher.wait(pid) == CRASH_EXIT, (point, (tmp_path / "crash.err").read_text())
        after = check_corpus(corpus, batch_reference) if corpus.exists() else None
        assert after is None or after.ok, (point, after.problems)
        rerun = launcher.run(argv(corpus), tmp_path / "rerun")
        assert rerun.returncode == 0, (point, rerun.stderr)
        final = check_corpus(corpus, batch_reference)
        assert final.ok and len(final.reports) == len(files), (point, final.problems)


def test_sigkill_of_the_installed_command_mid_ingest(
    report_batch: list[Path],
    batch_reference: dict[str, ReportCounts],
    tmp_path: Path,
) -> None:
    """The real `cqc-themes` script, killed once reports are going in, then run again."""
    corpus = tmp_path / "corpus.sqlite"
    argv = [str(INSTALLED_CLI), "--db", str(corpus), "ingest", *map(str, report_batch)]
    process = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    seen: set[str] = set()
    while process.poll() is None and len(seen) < 5:
        seen |= committed_reports(corpus)
        time.sleep(0.005)
    assert kill_group(process.pid)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL, stderr
    after = check_corpus(corpus, batch_reference)
    assert after.ok, after.problems
    assert seen <= set(after.reports)
    assert len(after.reports) < len(report_batch), "the kill came after the last report"

    rerun = run_installed(["--db", str(corpus), "ingest", *map(str, report_batch)])
    assert rerun.returncode == 0, rerun.stderr
    assert re.search(rf"\b{len(after.reports)}\s+already\s+present", rerun.stdout), rerun.stdout
    final = check_corpus(corpus, batch_reference)
    assert final.ok and set(final.reports) == set(batch_reference), final.problems
