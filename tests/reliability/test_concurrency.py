"""Searching while ingest writes: no search fails, and none sees part of a report.

Four readers run against one corpus while `cqc-themes ingest` adds reports to it: a
process looping over `Corpus.search` and `Corpus.reports` (re-opening the corpus now and
then, as each command does), one listing reports as fast as it can, `cqc-themes search`
runs one after another, and the installed `cqc-themes search` script. The commands search
by keyword only: meaning-based search would first spend a minute embedding every finding,
which is the topics tests' business.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from cqc_themes import Corpus
from reliability.harness import (
    INSTALLED_CLI,
    SEARCH_QUERIES,
    CliLauncher,
    ReportCounts,
    check_corpus,
)


def test_searches_while_ingest_writes_never_fail_or_see_half_a_report(
    launcher: CliLauncher,
    report_batch: list[Path],
    batch_reference: dict[str, ReportCounts],
    keyword_only: list[str],
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "corpus.sqlite"
    Corpus(corpus).close()  # readers need a corpus to open; ingest fills it
    stop = tmp_path / "stop"
    searcher = launcher.start_call(
        "search_loop", tmp_path / "searcher", corpus=str(corpus), stop_file=str(stop),
        results=str(tmp_path / "searcher.json"),
    )
    lister = launcher.start_call(
        "search_loop", tmp_path / "lister", corpus=str(corpus), stop_file=str(stop),
        results=str(tmp_path / "lister.json"), queries=[], reopen_every=1000,
    )
    # One worker spreads the commits over a few seconds, so readers meet many states.
    ingest = launcher.start(
        ["--db", str(corpus), "ingest", "--workers", "1", *map(str, report_batch)],
        tmp_path / "ingest",
    )
    installed = subprocess.Popen(
        [str(INSTALLED_CLI), "--db", str(corpus), "search", "carers", *keyword_only,
         "--format", "json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    cli_searches: list[tuple[int, str, int]] = []  # (exit code, stderr, hits)
    while launcher.poll(ingest) is None:
        query = SEARCH_QUERIES[len(cli_searches) % len(SEARCH_QUERIES)]
        result = launcher.run(
            ["--db", str(corpus), "search", query, *keyword_only, "--format", "json",
             "--limit", "50"],
            tmp_path / "cli-search",
        )
        hits = len(json.loads(result.stdout)) if result.returncode == 0 else -1
        cli_searches.append((result.returncode, result.stderr.strip(), hits))
    installed_out, installed_err = installed.communicate(timeout=120)
    stop.touch()
    for reader in ("searcher", "lister"):
        pid = searcher if reader == "searcher" else lister
        assert launcher.wait(pid) == 0, (tmp_path / f"{reader}.err").read_text()
    seen = json.loads((tmp_path / "searcher.json").read_text())
    listed = json.loads((tmp_path / "lister.json").read_text())

    final = check_corpus(corpus, batch_reference)
    assert final.ok and len(final.reports) == len(report_batch), final.problems
    assert seen["failures"] == [] and listed["failures"] == []
    assert seen["searches"] >= 50 and listed["listings"] >= 200
    for reader in (seen, listed):
        assert any(0 < size < len(report_batch) for size in reader["sizes"]), "no overlap"
        half_seen = {
            sha: states for sha, states in reader["seen"].items()
            if states != [[final.reports[sha].findings, final.reports[sha].statement_scores]]
        }
        assert half_seen == {}, "a reader saw a report before all of it was committed"
    assert [search for search in cli_searches if search[:2] != (0, "")] == []
    assert len(cli_searches) >= 3
    assert installed.returncode == 0 and installed_err.strip() == "", installed_err
    assert isinstance(json.loads(installed_out), list)
