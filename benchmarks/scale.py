"""Scale: a corpus of all 153 English councils, and how costs grow from 10 to 50 to 153.

    python benchmarks/scale.py [--sizes 10 50 153] [--byte-variants] [--skip-models]

Makes 153 synthetic reports from the nine samples. With Chromium (as samples/
render_samples.py uses) each is re-rendered with its own council name, statement scores,
rating and publication date; without it, or with --byte-variants, the sample PDFs are
copied with a distinct comment after %%EOF. Rendered reports are cached in
$TMPDIR/cqc-themes-scale, so only the first run pays for Chromium.

For each size it ingests into a fresh corpus with the installed `cqc-themes` command and
prints, as a table: ingest wall time, peak memory (ru_maxrss of the largest process, and
the sampled total of the command and its PDF workers), corpus file size, the time to
open the corpus (which runs SQLite's quick_check) and keyword-search latency. Then, if
the commands exist, `classify`, `themes` and `digest` on the largest corpus, in that
order, cold (first run) and warm (second run); a later command's cold run reuses what an
earlier one cached. Peak memory must stay under 4 GiB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from reliability.harness import make_variants  # noqa: E402 - the harness lives with the tests

from cqc_themes import Corpus

REPO = Path(__file__).resolve().parent.parent
SAMPLE_SOURCES = REPO / "samples" / "source"
SAMPLE_PDFS = REPO / "samples" / "pdf"
CLI = Path(sys.executable).with_name("cqc-themes")
CACHE = Path(tempfile.gettempdir()) / "cqc-themes-scale"
COUNCILS = 153
MEMORY_LIMIT = 4 * 1024**3
SEARCH_QUERIES = (
    "carers", '"unpaid carers"', "safeguard*", "direct payments", "waiting OR waits",
    "workforce", "transitions NOT children", "occupational therap*", "equality data",
    "hospital discharge",
)
# Ratings by overall score, as CQC bands them.
RATING_BANDS = ((25, "Inadequate"), (50, "Requires improvement"), (75, "Good"),
                (100, "Outstanding"))
PLACE_STARTS = ("Alder", "Ash", "Birch", "Bram", "Cedar", "Elm", "Fern", "Hazel", "Holly",
                "Lark", "Oak", "Rowan", "Thorn", "Willow", "Wren", "Yew")
PLACE_ENDS = ("bury", "field", "ford", "ham", "ley", "mere", "stead", "ton", "wick", "worth")


# Synthetic reports ------------------------------------------------------------------------


def _short_name(slug: str) -> str:
    """The place name the sample's text uses: kestrel-vale -> Kestrel Vale."""
    return " ".join(part.capitalize() for part in slug.split("-"))


def synthetic_source(number: int, slug: str, source: dict) -> dict:
    """Sample `slug` as council `number`: new place name, scores, rating and date."""
    rng = random.Random(number)
    place = PLACE_STARTS[number % len(PLACE_STARTS)] + PLACE_ENDS[number // len(PLACE_STARTS)]
    doc = json.loads(json.dumps(source).replace(_short_name(slug), place))
    scores = {name: rng.randint(1, 4) for name in doc["qs_scores"]}
    overall = round(100 * sum(scores.values()) / 36)
    doc["qs_scores"] = scores
    for section in doc["sections"]:
        if section["section"] in scores:
            section["score"] = scores[section["section"]]
    doc["overall_score_100"] = overall
    doc["overall_rating"] = next(rating for top, rating in RATING_BANDS if overall <= top)
    published = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(700))
    doc["published"] = f"{published.day} {published:%B %Y}"
    return doc


def _renderer():
    spec = importlib.util.spec_from_file_location("render_samples", REPO / "samples" /
                                                  "render_samples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rendered_reports(chromium: str) -> list[Path]:
    """153 re-rendered reports (cached); samples/ itself is never written."""
    folder = CACHE / "rendered-v1"
    pdfs = sorted(folder.glob("*.pdf"))
    if len(pdfs) == COUNCILS:
        return pdfs
    folder.mkdir(parents=True, exist_ok=True)
    render = _renderer()
    sources = [(path.stem, json.loads(path.read_text(encoding="utf-8")))
               for path in sorted(SAMPLE_SOURCES.glob("*.json"))]

    def one(number: int) -> Path:
        slug, source = sources[number % len(sources)]
        doc = synthetic_source(number, slug, source)
        out = folder / f"{number:03d}-{slug}.pdf"
        if out.exists():
            return out
        work = Path(tempfile.mkdtemp(prefix="cqc-scale-"))
        try:
            html = work / "report.html"
            html.write_text(render.build_html(doc), encoding="utf-8")
            partial = work / "report.pdf"
            render.print_pdf(chromium, html, partial,
                             header_footer=doc.get("layout", "browser") == "browser")
            render.fix_pdf_dates(partial, doc["published"])
            shutil.move(partial, out)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return out

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        pdfs = sorted(pool.map(one, range(COUNCILS)))
    print(f"rendered {len(pdfs)} synthetic reports with Chromium in "
          f"{time.perf_counter() - began:.0f} s (cached in {folder})")
    return pdfs


def byte_variant_reports() -> list[Path]:
    return make_variants(sorted(SAMPLE_PDFS.glob("*.pdf")), CACHE / "byte-variants", COUNCILS)


# Measuring -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    seconds: float
    returncode: int
    largest_rss: int  # bytes: ru_maxrss of the largest process in the run
    total_rss: int  # bytes: the most the run's processes held at once (sampled)
    stdout: str
    stderr: str


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


def run_measured(argv: list[str]) -> Run:
    """Run the installed command in its own process group; time and memory it."""
    # A wrapper process, so RUSAGE_CHILDREN covers this one command and its workers only.
    wrapper = (
        "import resource, subprocess, sys\n"
        "code = subprocess.run(sys.argv[2:]).returncode\n"
        "maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "open(sys.argv[1], 'w').write(str(maxrss))\n"
        "sys.exit(code)\n"
    )
    with tempfile.NamedTemporaryFile(mode="r", suffix=".maxrss") as maxrss:
        began = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-c", wrapper, maxrss.name, str(CLI), *argv],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        )
        peak = [0]

        def sample() -> None:
            while process.poll() is None:
                peak[0] = max(peak[0], _group_rss(process.pid))
                time.sleep(0.05)

        sampler = threading.Thread(target=sample)
        sampler.start()
        stdout, stderr = process.communicate()
        sampler.join()
        seconds = time.perf_counter() - began
        largest = int(maxrss.read() or 0) * 1024  # Linux reports KiB
    return Run(seconds, process.returncode, largest, peak[0], stdout, stderr)


@dataclass(frozen=True)
class SizeFigures:
    reports: int
    findings: int
    ingest: Run
    corpus_bytes: int
    open_ms: float
    search_ms: list[float]
    cli_search_seconds: float


def measure_size(pdfs: list[Path], work: Path) -> SizeFigures:
    corpus = work / f"corpus-{len(pdfs)}.sqlite"
    ingest = run_measured(["--db", str(corpus), "ingest", *map(str, pdfs)])
    if ingest.returncode != 0:
        raise SystemExit(f"ingest of {len(pdfs)} failed:\n{ingest.stderr[-2000:]}")
    opens = []
    for _ in range(5):
        began = time.perf_counter()
        Corpus(corpus, create=False).close()
        opens.append((time.perf_counter() - began) * 1000)
    with Corpus(corpus, create=False) as handle:
        reports = len(handle.reports())
        findings = handle.count_findings()
        handle.search("carers")
        timings = []
        for _ in range(5):
            for query in SEARCH_QUERIES:
                began = time.perf_counter()
                handle.search(query, limit=20)
                timings.append((time.perf_counter() - began) * 1000)
        handle.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    began = time.perf_counter()
    subprocess.run([str(CLI), "--db", str(corpus), "search", "carers", *_keyword_flag(),
                    "--format", "json"], capture_output=True, check=True)
    cli_search = time.perf_counter() - began
    return SizeFigures(reports, findings, ingest, corpus.stat().st_size,
                       statistics.median(opens), timings, cli_search)


def _keyword_flag() -> list[str]:
    help_text = subprocess.run([str(CLI), "search", "--help"], capture_output=True,
                               text=True).stdout
    return ["--keyword"] if "--keyword" in help_text else []


def _mib(size: int) -> str:
    return f"{size / 1024**2:,.0f}"


def print_table(rows: list[SizeFigures]) -> None:
    header = ("reports", "findings", "ingest s", "ms/report", "largest RSS MiB",
              "total RSS MiB", "corpus MiB", "open ms", "search ms p50", "search ms p95",
              "CLI search s")
    table = [header]
    for row in rows:
        ordered = sorted(row.search_ms)
        table.append((
            f"{row.reports}", f"{row.findings:,}", f"{row.ingest.seconds:.1f}",
            f"{row.ingest.seconds / row.reports * 1000:.0f}", _mib(row.ingest.largest_rss),
            _mib(row.ingest.total_rss), f"{row.corpus_bytes / 1024**2:.1f}",
            f"{row.open_ms:.1f}", f"{statistics.median(ordered):.2f}",
            f"{ordered[int(len(ordered) * 0.95) - 1]:.2f}", f"{row.cli_search_seconds:.1f}",
        ))
    widths = [max(len(line[column]) for line in table) for column in range(len(header))]
    for number, line in enumerate(table):
        print("  ".join(cell.rjust(width) for cell, width in zip(line, widths, strict=True)))
        if number == 0:
            print("  ".join("-" * width for width in widths))
    first, last = rows[0], rows[-1]
    factor = last.reports / first.reports
    print(f"growth {first.reports} -> {last.reports} reports (x{factor:.1f}): ingest "
          f"x{last.ingest.seconds / first.ingest.seconds:.1f}, corpus "
          f"x{last.corpus_bytes / first.corpus_bytes:.1f}, total RSS "
          f"x{last.ingest.total_rss / first.ingest.total_rss:.1f}, search p50 "
          f"x{statistics.median(last.search_ms) / statistics.median(first.search_ms):.1f}, "
          f"open x{last.open_ms / first.open_ms:.1f}")


MODEL_COMMANDS = {
    "classify": ["classify"],
    "themes": ["themes", "--format", "json"],
    "digest": ["digest"],
}


def model_figures(corpus: Path) -> list[Run]:
    """Each command twice on the largest corpus; they run in order on the same file, so a
    later command's cold run finds whatever earlier ones cached (embeddings, say)."""
    help_text = subprocess.run([str(CLI), "--help"], capture_output=True, text=True).stdout
    runs = []
    for name, argv in MODEL_COMMANDS.items():
        if f" {name} " not in help_text:
            print(f"{name}: not available yet")
            continue
        for temperature in ("cold", "warm"):
            run = run_measured(["--db", str(corpus), *argv])
            runs.append(run)
            outcome = "ok" if run.returncode == 0 else (
                f"exit {run.returncode}: {run.stderr.strip().splitlines()[-1:]}")
            print(f"{name} ({temperature}): {run.seconds:.1f} s, largest RSS "
                  f"{_mib(run.largest_rss)} MiB, total RSS {_mib(run.total_rss)} MiB, {outcome}")
    return runs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 50, COUNCILS])
    parser.add_argument("--byte-variants", action="store_true",
                        help="copy the sample PDFs instead of re-rendering with Chromium")
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM", "/usr/bin/chromium"))
    parser.add_argument("--skip-models", action="store_true",
                        help="do not time classify / themes / digest")
    args = parser.parse_args()
    if args.byte_variants or not shutil.which(args.chromium):
        pdfs, method = byte_variant_reports(), "byte-varied copies of the 9 samples"
    else:
        pdfs, method = rendered_reports(args.chromium), "re-rendered with Chromium"
    print(f"{len(pdfs)} synthetic council reports, {method}; {os.cpu_count()} cores; "
          f"ingest by `cqc-themes ingest` (one process per core)")
    with tempfile.TemporaryDirectory(prefix="cqc-scale-") as folder:
        work = Path(folder)
        rows = [measure_size(pdfs[:size], work) for size in sorted(args.sizes)]
        print_table(rows)
        runs = [row.ingest for row in rows]
        if not args.skip_models:
            runs += model_figures(work / f"corpus-{max(args.sizes)}.sqlite")
    peak = max(max(run.largest_rss, run.total_rss) for run in runs)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    verdict = "under" if max(peak, own) < MEMORY_LIMIT else "OVER"
    print(f"peak memory: {_mib(peak)} MiB in any run, {_mib(own)} MiB in this script; "
          f"{verdict} the 4 GiB limit")
    return 0 if verdict == "under" else 1


if __name__ == "__main__":
    sys.exit(main())
