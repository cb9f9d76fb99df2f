"""Reliability figures: kills survived, bad inputs handled, concurrent searches served.

    python benchmarks/reliability_figures.py [--kills 20] [--fuzz 500] [--seed 7]

Runs the same checks as tests/reliability, at volume, and prints what they found:

- kills: `cqc-themes ingest` over 22 reports is SIGKILLed at seeded random moments (and
  as chosen SQL statements start); after each, the corpus must open, pass SQLite's and
  FTS5's integrity checks, keep every report seen committed before the kill, hold no
  half-written report, and a re-run must finish the job;
- bad input: damaged copies of the samples and random bytes through `ingest()` one by
  one and through the command in batches; counted: exceptions that escaped (tracebacks),
  error messages that are not one line naming the file, and corpus losses;
- concurrent searches: library searches, report listings and `cqc-themes search` runs
  while ingest writes; counted: failures and sightings of a half-written report.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from reliability.harness import (  # noqa: E402 - the harness lives with the tests
    CRASH_EXIT,
    SEARCH_QUERIES,
    CliLauncher,
    FuzzTally,
    ReportCounts,
    check_corpus,
    copy_corpus,
    fuzz_ingest,
    kill_round,
    make_variants,
    random_damage,
    sample_pdfs,
)

from cqc_themes import Corpus, ingest  # noqa: E402

CLI_BATCH = 25


def reference_batch(work: Path) -> tuple[list[Path], dict[str, ReportCounts], Path]:
    """22 distinct reports, what each holds when ingested whole, and a samples corpus."""
    samples = sample_pdfs()
    batch = [*samples, *make_variants(samples, work / "batch", 13)]
    with Corpus(work / "reference.sqlite") as corpus:
        summary = ingest(batch, corpus, workers=1)
    if summary.failed:
        raise SystemExit(f"the batch does not ingest cleanly: {summary.failed[0].error}")
    with Corpus(work / "samples.sqlite") as corpus:
        ingest(samples, corpus, workers=1)
    return batch, check_corpus(work / "reference.sqlite").reports, work / "samples.sqlite"


def kill_figures(
    launcher: CliLauncher,
    kills: int,
    rng: random.Random,
    batch: list[Path],
    expected: dict[str, ReportCounts],
    samples_corpus: Path,
    work: Path,
) -> None:
    starts = [None, copy_corpus(samples_corpus, work / "start-samples.sqlite")]
    windows = []
    for number, start in enumerate(starts):
        corpus = work / f"calibrate{number}.sqlite"
        if start:
            shutil.copy(start, corpus)
        began = time.perf_counter()
        launcher.run(["--db", str(corpus), "ingest", *map(str, batch)], work / "calibrate")
        windows.append(time.perf_counter() - began)

    landed = survived = rounds = 0
    committed_before: list[int] = []
    failures: list[str] = []
    while landed < kills and rounds < 3 * kills:
        start, window = starts[rounds % 2], windows[rounds % 2]
        corpus = work / f"kill{rounds}.sqlite"
        if start:
            shutil.copy(start, corpus)
        outcome = kill_round(
            launcher, corpus, batch, expected, rng.uniform(0.0, window), work
        )
        rounds += 1
        if not outcome.landed:
            continue
        landed += 1
        committed_before.append(len(outcome.seen_before))
        if outcome.problems:
            failures.append(f"kill {landed}: {outcome.problems}")
        else:
            survived += 1
        corpus.unlink(missing_ok=True)
    print(f"kills survived: {survived}/{landed} (SIGKILL at seeded random moments, "
          f"{rounds} runs started, {rounds - landed} finished before their kill)")
    if committed_before:
        print(f"  reports seen committed before a kill: min {min(committed_before)}, "
              f"median {statistics.median(committed_before):g}, max {max(committed_before)}")
    for failure in failures:
        print(f"  FAILED {failure}")

    crash_figures(launcher, batch[1:3], expected, work)


def crash_figures(
    launcher: CliLauncher, files: list[Path], expected: dict[str, ReportCounts], work: Path
) -> None:
    """A crash as each chosen SQL statement starts, on a new corpus: every schema step."""
    def argv(corpus: Path) -> list[str]:
        return ["--db", str(corpus), "ingest", "--workers", "1", *map(str, files)]

    count_file = work / "statements"
    launcher.wait(launcher.start(argv(work / "count.sqlite"), work / "count",
                                 statement_count_file=count_file))
    total = int(count_file.read_text())
    points = [*range(1, 40), *range(40, total, 23), total]
    survived = 0
    for point in points:
        corpus = work / f"crash{point}.sqlite"
        pid = launcher.start(argv(corpus), work / "crash", crash_before_statement=point)
        crashed = launcher.wait(pid) == CRASH_EXIT
        after_ok = not corpus.exists() or check_corpus(corpus, expected).ok
        rerun = launcher.run(argv(corpus), work / "rerun")
        final = check_corpus(corpus, expected)
        if crashed and after_ok and rerun.returncode == 0 and final.ok and len(final.reports) == 2:
            survived += 1
        else:
            print(f"  FAILED crash before statement {point}: {final.problems}")
        corpus.unlink(missing_ok=True)
    print(f"crashes survived: {survived}/{len(points)} (process ended as SQL statement N "
          f"started, N over all {total} statements of a 2-report ingest into a new corpus)")


def fuzz_figures(
    launcher: CliLauncher, inputs: int, rng: random.Random, samples_corpus: Path, work: Path
) -> None:
    sources = [path.read_bytes() for path in sample_pdfs()]
    corpus = copy_corpus(samples_corpus, work / "fuzz.sqlite")
    tally = FuzzTally()
    library_inputs = inputs - inputs // 5
    folder = work / "fuzz"
    folder.mkdir()
    began = time.perf_counter()
    for number in range(library_inputs):
        path = folder / f"input-{number:04d}.pdf"
        path.write_bytes(random_damage(rng, sources))
        fuzz_ingest(corpus, path, tally)
        path.unlink()
    library_seconds = time.perf_counter() - began

    cli_inputs = cli_tracebacks = cli_bad_lines = 0
    cli_corpus = copy_corpus(samples_corpus, work / "fuzz-cli.sqlite")
    before = set(check_corpus(cli_corpus).reports)
    while cli_inputs < inputs - library_inputs:
        batch_folder = work / f"cli-batch-{cli_inputs}"
        batch_folder.mkdir()
        names = []
        for number in range(min(CLI_BATCH, inputs - library_inputs - cli_inputs)):
            path = batch_folder / f"bad-{cli_inputs + number:04d}.pdf"
            path.write_bytes(random_damage(rng, sources))
            names.append(path.name)
        result = launcher.run(["--db", str(cli_corpus), "ingest", str(batch_folder)],
                              work / "cli-fuzz")
        cli_inputs += len(names)
        cli_tracebacks += result.stderr.count("Traceback")
        failed = re.search(r"(\d+)\s+failed\.", result.stdout)
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        cli_bad_lines += sum(
            not (line.startswith("error: ") and any(name in line for name in names))
            for line in lines
        )
        if failed is None or int(failed.group(1)) != len(lines):
            cli_bad_lines += 1
        shutil.rmtree(batch_folder)
    after = check_corpus(cli_corpus)
    cli_losses = (not after.ok) + len(before - set(after.reports))
    library_check = check_corpus(corpus)

    total = tally.inputs + cli_inputs
    print(f"fuzz inputs tried: {total} ({tally.inputs} through ingest(), one by one, "
          f"{library_seconds / max(tally.inputs, 1) * 1000:.0f} ms each; {cli_inputs} through "
          f"`cqc-themes ingest` in batches of {CLI_BATCH})")
    print(f"  added {tally.added}, refused {tally.failed} (ingest()); "
          f"tracebacks: {len(tally.tracebacks) + cli_tracebacks}; "
          f"messages not one line naming the file: {len(tally.bad_messages) + cli_bad_lines}; "
          f"corpus losses: {len(tally.losses) + cli_losses + (not library_check.ok)}")
    for problem in [*tally.tracebacks, *tally.bad_messages, *tally.losses][:10]:
        print(f"  FAILED {problem}")


def search_figures(
    launcher: CliLauncher, batch: list[Path], expected: dict[str, ReportCounts], work: Path
) -> None:
    corpus = work / "concurrent.sqlite"
    Corpus(corpus).close()
    stop = work / "stop"
    readers = {
        "searcher": launcher.start_call(
            "search_loop", work / "searcher", corpus=str(corpus), stop_file=str(stop),
            results=str(work / "searcher.json"),
        ),
        "lister": launcher.start_call(
            "search_loop", work / "lister", corpus=str(corpus), stop_file=str(stop),
            results=str(work / "lister.json"), queries=[], reopen_every=1000,
        ),
    }
    help_text = launcher.run(["search", "--help"], work / "help").stdout
    keyword_only = ["--keyword"] if "--keyword" in help_text else []
    began = time.perf_counter()
    ingest_pid = launcher.start(
        ["--db", str(corpus), "ingest", "--workers", "1", *map(str, batch)], work / "ingest"
    )
    cli_runs = cli_failures = 0
    while launcher.poll(ingest_pid) is None:
        query = SEARCH_QUERIES[cli_runs % len(SEARCH_QUERIES)]
        result = launcher.run(
            ["--db", str(corpus), "search", query, *keyword_only, "--format", "json"],
            work / "cli-search",
        )
        cli_runs += 1
        cli_failures += result.returncode != 0 or bool(result.stderr.strip())
    ingest_seconds = time.perf_counter() - began
    stop.touch()
    final = check_corpus(corpus, expected)
    searches = listings = failures = half_seen = 0
    for name, pid in readers.items():
        if launcher.wait(pid) != 0:
            failures += 1
            continue
        seen = json.loads((work / f"{name}.json").read_text())
        searches += seen["searches"]
        listings += seen["listings"]
        failures += len(seen["failures"])
        half_seen += sum(
            states != [[final.reports[sha].findings, final.reports[sha].statement_scores]]
            for sha, states in seen["seen"].items()
        )
    print(f"concurrent searches run: {searches + cli_runs} ({searches} Corpus.search in a "
          f"second process, {cli_runs} `cqc-themes search` runs) plus {listings} report "
          f"listings, during a {ingest_seconds:.1f} s ingest of {len(batch)} reports")
    print(f"  failures: {failures + cli_failures}; half-written reports seen: {half_seen}; "
          f"corpus after: {'ok' if final.ok else final.problems}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=20, help="SIGKILLs that land mid-run")
    parser.add_argument("--fuzz", type=int, default=500, help="bad inputs in all")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    launcher = CliLauncher()
    with tempfile.TemporaryDirectory(prefix="cqc-reliability-") as folder:
        work = Path(folder)
        batch, expected, samples_corpus = reference_batch(work)
        began = time.perf_counter()
        # One generator each, so the fuzz inputs do not depend on how the kills went.
        kill_figures(launcher, args.kills, random.Random(args.seed), batch, expected,
                     samples_corpus, work)
        fuzz_figures(launcher, args.fuzz, random.Random(args.seed + 1), samples_corpus, work)
        search_figures(launcher, batch, expected, work)
        print(f"({time.perf_counter() - began:.0f} s in all; seed {args.seed})")
    launcher.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
