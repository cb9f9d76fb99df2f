"""A killed `cqc-themes themes --refit` (or `classify`) leaves the previous results whole.

Each run fits for a while before it writes anything, so these tests are slow (about half
a minute per kill) and are skipped unless slow tests are asked for: `-m slow`. Commands
that do not exist yet are skipped too.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from reliability.harness import CRASH_EXIT, CliLauncher, check_corpus, kill_group

pytestmark = pytest.mark.slow


def _require_command(launcher: CliLauncher, name: str, work: Path) -> None:
    help_text = launcher.run(["--help"], work / "help").stdout
    if f" {name} " not in help_text:
        pytest.skip(f"`cqc-themes {name}` does not exist yet")


def _topic_state(path: Path) -> tuple[object, ...]:
    """The current topic run: its id, topics and assignments, as stored."""
    connection = sqlite3.connect(path)
    try:
        return tuple(
            connection.execute(sql).fetchall()
            for sql in (
                "SELECT id, corpus_fingerprint FROM topic_runs WHERE is_current = 1",
                "SELECT t.* FROM topics t JOIN topic_runs r ON r.id = t.run_id"
                " WHERE r.is_current = 1 ORDER BY t.topic_id",
                "SELECT count(*) FROM finding_topics f JOIN topic_runs r ON r.id = f.run_id"
                " WHERE r.is_current = 1",
            )
        )
    finally:
        connection.close()


def _wal_size(path: Path) -> int:
    wal = Path(f"{path}-wal")
    return wal.stat().st_size if wal.exists() else 0


def _assert_previous_topics_stand(
    launcher: CliLauncher, path: Path, before: tuple[object, ...], work: Path
) -> None:
    after = check_corpus(path)
    assert after.ok, after.problems
    assert _topic_state(path) == before, "the interrupted refit changed the stored topics"
    shown = launcher.run(["--db", str(path), "themes", "--format", "json"], work / "show")
    assert shown.returncode == 0 and "Traceback" not in shown.stderr, shown.stderr


def test_a_refit_killed_while_it_saves_leaves_the_previous_topics(
    launcher: CliLauncher, fitted_corpus_path: Path, tmp_path: Path
) -> None:
    """SIGKILL as soon as the refit starts writing, which is when it saves the new run."""
    _require_command(launcher, "themes", tmp_path)
    before = _topic_state(fitted_corpus_path)
    assert before[1], "the fixture should hold fitted topics"
    baseline = _wal_size(fitted_corpus_path)
    pid = launcher.start(
        ["--db", str(fitted_corpus_path), "themes", "--refit", "--seed", "7"], tmp_path / "refit"
    )
    while launcher.poll(pid) is None and _wal_size(fitted_corpus_path) <= baseline:
        time.sleep(0.002)
    killed = kill_group(pid)
    returncode = launcher.wait(pid)
    if returncode == 0:
        pytest.skip("the refit finished before the kill; nothing to check")
    assert killed and returncode < 0, (tmp_path / "refit.err").read_text()
    _assert_previous_topics_stand(launcher, fitted_corpus_path, before, tmp_path)


def test_a_refit_that_dies_mid_transaction_leaves_the_previous_topics(
    launcher: CliLauncher, fitted_corpus_path: Path, tmp_path: Path
) -> None:
    """The process ends as the new run is being made current, old runs not yet dropped."""
    _require_command(launcher, "themes", tmp_path)
    before = _topic_state(fitted_corpus_path)
    pid = launcher.start(
        ["--db", str(fitted_corpus_path), "themes", "--refit", "--seed", "7"],
        tmp_path / "refit", crash_before_sql="UPDATE topic_runs SET is_current",
    )
    assert launcher.wait(pid) == CRASH_EXIT, (tmp_path / "refit.err").read_text()
    _assert_previous_topics_stand(launcher, fitted_corpus_path, before, tmp_path)


def _unlabelled(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(
            "SELECT count(*) FROM findings f LEFT JOIN labels l ON l.finding_id = f.id"
            " WHERE l.finding_id IS NULL"
        ).fetchone()[0]
    finally:
        connection.close()


def test_a_classify_killed_while_it_writes_is_finished_by_a_rerun(
    launcher: CliLauncher, fitted_corpus_path: Path, tmp_path: Path
) -> None:
    """SIGKILL at the first write (every finding is already embedded, so that is labels)."""
    _require_command(launcher, "classify", tmp_path)
    path = fitted_corpus_path
    baseline = _wal_size(path)
    pid = launcher.start(["--db", str(path), "classify"], tmp_path / "classify")
    while launcher.poll(pid) is None and _wal_size(path) <= baseline:
        time.sleep(0.002)
    kill_group(pid)
    if launcher.wait(pid) == 0:
        pytest.skip("classify finished before the kill; nothing to check")
    after = check_corpus(path)
    assert after.ok, after.problems
    rerun = launcher.run(["--db", str(path), "classify"], tmp_path / "rerun")
    assert rerun.returncode == 0 and "Traceback" not in rerun.stderr, rerun.stderr
    assert check_corpus(path).ok
    assert _unlabelled(path) == 0
