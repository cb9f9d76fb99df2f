"""Scale: the whole pipeline on 10, 50 and 153 full-length generated reports.

    python benchmarks/scale.py [--sizes 10 50 153] [--reports /tmp/scale-reports]
        [--steps ingest classify themes digest digest-again search-semantic]
        [--step 'codebook-code=codebook code'] [--reuse-classifier-cache]
    python benchmarks/scale.py --search-corpus CORPUS   (search figures only)

The reports come from samples/generate_reports.py (written to --reports once, then
reused). For each size, every step runs as its own `cqc-themes` command, one after
another on one corpus, from a fresh HOME (nothing cached: no classifier, no topics, no
vectors) unless --reuse-classifier-cache copies ~/.cache/cqc-themes in. Each command's
wall time and peak resident memory (largest process, and the sampled total of it and
its workers) go in the table. Steps whose command this install lacks are skipped and
said so; --step NAME=ARGS adds one (for commands that land later). Then keyword,
semantic and hybrid search in-process after warm-up (p50 and p95 over the queries).

Issue 14's goal: at 153 reports, ingest + classify + themes + digest at most 600 s in
all, digest again at most 10 s, no command above 4 GiB, search p95 at most 50 ms.
Timings on a shared machine are wall times: say what else was running.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from cqc_themes import Corpus
from cqc_themes.corpus import search as search_module
from cqc_themes.models.search.semantic_search import search_findings

REPO = Path(__file__).resolve().parent.parent
GENERATOR = REPO / "samples" / "generate_reports.py"
CLI = Path(sys.executable).with_name("cqc-themes")
MEMORY_LIMIT = 4 * 1024**3
# The cold pipeline issue 14 budgets, and the warm digest.
PIPELINE = ("ingest", "classify", "themes", "digest")
STEPS = {
    "ingest": "ingest {reports}",
    "classify": "classify",
    "codebook": "codebook code",
    "themes": "themes --format json",
    "digest": "digest --out {work}/digest",
    "digest-again": "digest --out {work}/digest",
    "search-keyword": "search carers --keyword --format json",
    "search-semantic": "search 'help for family members who look after someone' "
    "--semantic --format json",
    "search-hybrid": "search 'waiting for an occupational therapist' --format json",
}
DEFAULT_STEPS = (
    "ingest",
    "classify",
    "codebook",
    "themes",
    "digest",
    "digest-again",
    "search-keyword",
    "search-semantic",
    "search-hybrid",
)
QUERIES = (
    "unpaid carers waiting for an assessment",
    "direct payments",
    "safeguarding enquiries",
    "hospital discharge delays",
    "equality data",
    "workforce recruitment",
    "young people moving to adult services",
    "reablement",
    "home care capacity",
    "waiting lists",
    "prevention and early help",
    "co-production with people",
)


@dataclass(frozen=True)
class Run:
    step: str
    seconds: float
    returncode: int
    largest_rss: int  # bytes: ru_maxrss of the largest process in the command
    total_rss: int  # bytes: the most the command and its workers held at once (sampled)
    last_error: str


def _group_rss(group: int) -> int:
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
            if int(fields[2]) == group:  # field 5, pgrp, counted after the name
                total += int(fields[21]) * os.sysconf("SC_PAGE_SIZE")  # field 24, rss
        except (OSError, IndexError, ValueError):
            continue
    return total


def run_measured(step: str, argv: list[str], env: dict[str, str]) -> Run:
    """Run one `cqc-themes` command in its own process group; time and memory it."""
    # A wrapper process, so RUSAGE_CHILDREN covers this one command and its workers only.
    wrapper = (
        "import resource, subprocess, sys\n"
        "code = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL).returncode\n"
        "maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "open(sys.argv[1], 'w').write(str(maxrss))\n"
        "sys.exit(code)\n"
    )
    with tempfile.NamedTemporaryFile(mode="r", suffix=".maxrss") as maxrss:
        began = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-c", wrapper, maxrss.name, str(CLI), *argv],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
            env=env,
        )
        peak = [0]

        def sample() -> None:
            while process.poll() is None:
                peak[0] = max(peak[0], _group_rss(process.pid))
                time.sleep(0.1)

        sampler = threading.Thread(target=sample)
        sampler.start()
        try:
            _, stderr = process.communicate()
        finally:
            # The command runs in its own session: stopping this script must stop it too.
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
            sampler.join()
        seconds = time.perf_counter() - began
        largest = int(maxrss.read() or 0) * 1024  # Linux reports KiB
    error = stderr.strip().splitlines()[-1:] if process.returncode else []
    return Run(step, seconds, process.returncode, largest, peak[0], "".join(error)[:160])


def available_commands() -> str:
    return subprocess.run([str(CLI), "--help"], capture_output=True, text=True).stdout


def step_available(argv: list[str], help_text: str) -> bool:
    """The command's first word is listed; for a subcommand, the group's help lists it."""
    if f" {argv[0]} " not in help_text:
        return False
    if len(argv) > 1 and argv[1].replace("-", "").isalpha() and argv[0] != "search":
        sub_help = subprocess.run(
            [str(CLI), argv[0], "--help"], capture_output=True, text=True
        ).stdout
        return f" {argv[1]} " in sub_help
    return True


def generated_reports(folder: Path, councils: int) -> list[Path]:
    subprocess.run(
        [sys.executable, str(GENERATOR), "--councils", str(councils), "--out", str(folder)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return sorted(folder.glob("*.pdf"))[:councils]


def search_latencies(corpus_path: Path) -> dict[str, list[float]]:
    """Milliseconds per query by mode, in-process, after one warm-up query per mode."""
    timings: dict[str, list[float]] = {}
    with Corpus(corpus_path, create=False) as corpus:
        for mode in ("keyword", "semantic", "hybrid"):
            search_findings(corpus, "carers", mode=mode)
            timings[mode] = []
            for query in QUERIES:
                began = time.perf_counter()
                search_findings(corpus, query, mode=mode)
                timings[mode].append((time.perf_counter() - began) * 1000)
    return timings


def hybrid_overlap(corpus_path: Path, limit: int = 20) -> float:
    """Mean share of each query's first `limit` hybrid hits that stay the same when the
    keyword half ranks every word of the query (no word dropped as too common)."""
    shares = []
    with Corpus(corpus_path, create=False) as corpus:
        for query in QUERIES:
            pooled = search_findings(corpus, query, mode="hybrid", limit=limit)
            kept = search_module.KEYWORD_POOL_MATCHES
            search_module.KEYWORD_POOL_MATCHES = 2**62
            try:
                every_word = search_findings(corpus, query, mode="hybrid", limit=limit)
            finally:
                search_module.KEYWORD_POOL_MATCHES = kept
            ids = {hit.finding.finding_id for hit in every_word.hits}
            shares.append(
                sum(hit.finding.finding_id in ids for hit in pooled.hits) / max(len(ids), 1)
            )
    return sum(shares) / len(shares)


def print_search_figures(corpus_path: Path) -> None:
    """Search latencies on an existing corpus (--search-corpus), and what dropping
    common words from the hybrid's keyword pool changes."""
    with Corpus(corpus_path, create=False) as corpus:
        findings = corpus.count_findings()
    timings = search_latencies(corpus_path)
    print(f"{corpus_path}: {findings:,} findings, load {os.getloadavg()[0]:.1f}")
    for mode, values in timings.items():
        print(
            f"  {mode:8s} search in-process p50 / p95: {percentile(values, 0.5):.1f} / "
            f"{percentile(values, 0.95):.1f} ms ({len(values)} queries)"
        )
    print(
        "  hybrid first 20 hits shared with an every-word keyword pool: "
        f"{hybrid_overlap(corpus_path):.0%} (mean over the queries)"
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


@dataclass(frozen=True)
class SizeFigures:
    reports: int
    findings: int
    runs: list[Run]
    searches: dict[str, list[float]]


def measure_size(pdfs: list[Path], steps: dict[str, str], reuse_cache: bool) -> SizeFigures:
    with tempfile.TemporaryDirectory(prefix=f"cqc-scale-{len(pdfs)}-") as folder:
        work = Path(folder)
        home = work / "home"
        home.mkdir()
        if reuse_cache and (Path.home() / ".cache" / "cqc-themes").is_dir():
            # The classifier only: exported ONNX graphs are part of a cold run.
            shutil.copytree(
                Path.home() / ".cache" / "cqc-themes",
                home / ".cache" / "cqc-themes",
                ignore=shutil.ignore_patterns("onnx"),
            )
        reports = work / "reports"
        reports.mkdir()
        for pdf in pdfs:
            (reports / pdf.name).symlink_to(pdf)
        corpus = work / "corpus.sqlite"
        env = dict(
            os.environ,
            HOME=str(home),
            CQC_THEMES_DB=str(corpus),
            XDG_CACHE_HOME=str(home / ".cache"),
            XDG_DATA_HOME=str(home / ".local"),
        )
        runs = []
        for step, template in steps.items():
            argv = _split(template.format(reports=reports, work=work))
            run = run_measured(step, argv, env)
            runs.append(run)
            outcome = "ok" if run.returncode == 0 else f"exit {run.returncode}: {run.last_error}"
            print(
                f"  {len(pdfs)} reports, {step}: {run.seconds:.1f} s, largest RSS "
                f"{_mib(run.largest_rss)} MiB, total {_mib(run.total_rss)} MiB, {outcome}",
                flush=True,
            )
        with Corpus(corpus, create=False) as handle:
            findings = handle.count_findings()
        searches = search_latencies(corpus)
    return SizeFigures(len(pdfs), findings, runs, searches)


def _split(command: str) -> list[str]:
    return shlex.split(command)


def _mib(size: int) -> str:
    return f"{size / 1024**2:,.0f}"


def print_table(rows: list[SizeFigures]) -> None:
    header = ["step", *(f"{row.reports} reports ({row.findings:,} findings)" for row in rows)]
    table = [header]
    for number, run in enumerate(rows[-1].runs):
        cells = [run.step]
        for row in rows:
            this = row.runs[number]
            peak = max(this.largest_rss, this.total_rss)
            failed = "" if this.returncode == 0 else f" exit {this.returncode}"
            cells.append(f"{this.seconds:7.1f} s {_mib(peak):>5} MiB{failed}")
        table.append(cells)
    pipeline = ["cold pipeline (" + " + ".join(PIPELINE) + ")"]
    for row in rows:
        pipeline.append(f"{sum(r.seconds for r in row.runs if r.step in PIPELINE):7.1f} s")
    table.append(pipeline)
    for mode in ("keyword", "semantic", "hybrid"):
        table.append(
            [f"{mode} search in-process p50 / p95"]
            + [
                f"{percentile(row.searches[mode], 0.5):.1f} / "
                f"{percentile(row.searches[mode], 0.95):.1f} ms"
                for row in rows
            ]
        )
    widths = [max(len(line[column]) for line in table) for column in range(len(header))]
    for number, line in enumerate(table):
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)))
        if number == 0:
            print("  ".join("-" * width for width in widths))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 50, 153])
    parser.add_argument(
        "--reports",
        type=Path,
        default=Path("/tmp/scale-reports"),
        help="folder of generated reports (made or topped up as needed)",
    )
    parser.add_argument(
        "--steps",
        nargs="+",
        default=list(DEFAULT_STEPS),
        help=f"steps to run, in order, from: {', '.join(STEPS)}",
    )
    parser.add_argument(
        "--step",
        action="append",
        default=[],
        metavar="NAME=ARGS",
        help="an extra step: cqc-themes arguments ({reports} and {work} "
        "are filled in); runs after --steps",
    )
    parser.add_argument(
        "--reuse-classifier-cache",
        action="store_true",
        help="copy ~/.cache/cqc-themes into each fresh HOME (skips "
        "first-use training; the corpus work stays cold)",
    )
    parser.add_argument(
        "--search-corpus",
        type=Path,
        help="only time keyword, semantic and hybrid search on this existing corpus",
    )
    args = parser.parse_args()
    if args.search_corpus:
        print_search_figures(args.search_corpus)
        return 0
    # `timeout` or `kill` sends SIGTERM: unwind, so the running command is stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    unknown = [step for step in args.steps if step not in STEPS]
    if unknown:
        parser.error(f"unknown step(s) {unknown}; known: {', '.join(STEPS)}")
    chosen = {step: STEPS[step] for step in args.steps}
    for extra in args.step:
        name, _, command = extra.partition("=")
        chosen[name] = command
    help_text = available_commands()
    steps = {}
    for step, template in chosen.items():
        if step_available(_split(template), help_text):
            steps[step] = template
        else:
            print(f"{step}: `cqc-themes {template.split()[0]}` ... is not in this install; skipped")
    pdfs = generated_reports(args.reports, max(args.sizes))
    load = os.getloadavg()[0]
    print(
        f"{len(pdfs)} generated reports in {args.reports}; {os.cpu_count()} cores; load "
        f"average {load:.1f} at the start; fresh HOME per size"
        + (" with the classifier cache copied in" if args.reuse_classifier_cache else "")
    )
    rows = [
        measure_size(pdfs[:size], steps, args.reuse_classifier_cache) for size in sorted(args.sizes)
    ]
    print()
    print_table(rows)
    peak = max(max(run.largest_rss, run.total_rss) for row in rows for run in row.runs)
    verdict = "under" if peak < MEMORY_LIMIT else "OVER"
    print(
        f"peak memory of any command: {_mib(peak)} MiB, {verdict} the 4 GiB limit; "
        f"load average {os.getloadavg()[0]:.1f} at the end"
    )
    return 0 if verdict == "under" else 1


if __name__ == "__main__":
    sys.exit(main())
