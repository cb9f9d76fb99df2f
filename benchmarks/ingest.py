"""Ingest speed against `pdftotext -layout` on the same files, measured in one run.

    python benchmarks/ingest.py ../shared/corpus [--workers N] [--repeat 3]

Prints pages, wall seconds, pages per second and the ratio to pdftotext for: the
default (PDFium) ingest into a fresh corpus, the PDFium and pdfplumber extraction
alone, and pdftotext over the same files (one process per file, as a user would run
it). Also prints keyword-search latency over the ingested corpus.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cqc_themes import Corpus, FindingFilter, ingest
from cqc_themes.extract import extract_document

SEARCH_QUERIES = (
    "carers", '"unpaid carers"', "occupational therap*", "safeguarding enquiries",
    "direct payments", "reablement OR enablement", "transitions NOT children", "waiting",
    "equality data", "workforce recruitment",
)


def best_of(repeat: int, run) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        timings.append(time.perf_counter() - start)
    return min(timings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--workers", type=int, default=0, help="0 = one per core")
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs")
    args = parser.parse_args()
    if not shutil.which("pdftotext"):
        print("pdftotext not found: apt-get install poppler-utils", file=sys.stderr)
        return 2
    pdfs = sorted(args.folder.rglob("*.pdf"))
    pages = sum(len(extract_document(p).pages) for p in pdfs)  # also warms imports

    def pdftotext() -> None:
        for pdf in pdfs:
            subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                           stdout=subprocess.DEVNULL)

    def ingest_fresh() -> None:
        with tempfile.TemporaryDirectory() as folder, Corpus(Path(folder) / "c.sqlite") as c:
            summary = ingest(pdfs, c, workers=args.workers or None)
            assert not summary.failed, summary.failed

    def extract(engine: str):
        return lambda: [extract_document(p, engine=engine) for p in pdfs]

    reference = best_of(args.repeat, pdftotext)
    rows = [
        ("pdftotext -layout", reference),
        ("cqc-themes ingest (PDFium, pool)", best_of(args.repeat, ingest_fresh)),
        ("extract only, PDFium, 1 process", best_of(args.repeat, extract("pdfium"))),
        ("extract only, pdfplumber, 1 process", best_of(1, extract("pdfplumber"))),
    ]
    print(f"{len(pdfs)} files, {pages} pages (best of {args.repeat} runs)")
    print(f"{'':38} {'seconds':>8} {'pages/s':>8} {'x pdftotext':>12}")
    for name, seconds in rows:
        print(f"{name:38} {seconds:8.3f} {pages / seconds:8.1f} {seconds / reference:12.2f}")

    with tempfile.TemporaryDirectory() as folder, Corpus(Path(folder) / "c.sqlite") as corpus:
        ingest(pdfs, corpus)
        latencies = []
        for query in SEARCH_QUERIES:
            for filters in (FindingFilter(), FindingFilter(rating="good")):
                start = time.perf_counter()
                corpus.search(query, filters, limit=20)
                latencies.append((time.perf_counter() - start) * 1000)
        print(f"keyword search over {corpus.count_findings()} findings: "
              f"median {statistics.median(latencies):.2f} ms, max {max(latencies):.2f} ms "
              f"({len(latencies)} queries)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
