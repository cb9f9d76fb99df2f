"""Do the fitted topics cover the themes that recur across councils' assessments?

    .venv/bin/python benchmarks/theme_coverage.py ../shared/corpus
    .venv/bin/python benchmarks/theme_coverage.py --db corpus.sqlite

Without --db the report PDFs go into a temporary corpus in two steps: all but the last
three first (fit, embedding every finding), then the last three (refit, which should
embed only the new findings). Then it prints the topics, which of eight recurring
themes a topic label or its keywords cover in three or more councils, and whether a
second fit with the same seed gives identical assignments.

The theme patterns below are the benchmark's yardstick, not the model's settings: the
model never sees them.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import tempfile
import time
from pathlib import Path

from recurring_themes import RECURRING_THEMES

from cqc_themes import Corpus, ingest
from cqc_themes.ingest import find_pdfs
from cqc_themes.models.topics import default_theme_model, fit_topics, refresh_topics
from cqc_themes.records import Topic

MIN_COUNCILS = 3
HELD_BACK_REPORTS = 3


def covering_topics(topics: list[Topic], pattern: str) -> list[Topic]:
    """Topics in MIN_COUNCILS+ councils whose label or keywords match `pattern`."""
    return [
        topic for topic in topics
        if topic.council_count >= MIN_COUNCILS
        and any(re.search(pattern, text, re.IGNORECASE)
                for text in (topic.label, *topic.keywords))
    ]


def assignment_digest(corpus: Corpus) -> str:
    rows = corpus.connection.execute(
        "SELECT ft.finding_id, ft.topic_id FROM finding_topics ft"
        " JOIN topic_runs tr ON tr.id = ft.run_id AND tr.is_current = 1 ORDER BY ft.finding_id"
    ).fetchall()
    return hashlib.md5(repr([tuple(row) for row in rows]).encode()).hexdigest()[:10]


def ingest_in_two_steps(corpus: Corpus, folder: Path) -> None:
    pdfs, _ = find_pdfs([folder])
    if len(pdfs) <= HELD_BACK_REPORTS:
        sys.exit(f"{folder}: need more than {HELD_BACK_REPORTS} report PDFs")
    first, later = pdfs[:-HELD_BACK_REPORTS], pdfs[-HELD_BACK_REPORTS:]
    ingest(first, corpus)
    started = time.perf_counter()
    cold = fit_topics(corpus)
    print(f"Fit on {len(first)} reports: {cold.run.findings_fitted} findings, "
          f"{cold.embeddings_computed} embeddings computed, {cold.run.topic_count} topics, "
          f"{time.perf_counter() - started:.1f} s")
    ingest(later, corpus)
    started = time.perf_counter()
    warm = refresh_topics(corpus)
    new_findings = warm.run.findings_fitted - cold.run.findings_fitted
    print(f"Refit after adding {len(later)} reports ({warm.reason}): "
          f"{warm.run.findings_fitted} findings, {warm.embeddings_computed} embeddings computed "
          f"({new_findings} new findings; the rest from the cache), "
          f"{time.perf_counter() - started:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus_dir", nargs="?", type=Path, default=Path("../shared/corpus"))
    parser.add_argument("--db", type=Path, help="Use this corpus as it is instead.")
    arguments = parser.parse_args()

    with (
        tempfile.TemporaryDirectory() as scratch,
        Corpus(arguments.db or Path(scratch) / "corpus.sqlite") as corpus,
    ):
        if arguments.db:
            fit_topics(corpus)
            again = fit_topics(corpus)
            print(f"Refit of an unchanged corpus: {again.embeddings_computed} "
                  "embeddings computed")
        else:
            ingest_in_two_steps(corpus, arguments.corpus_dir)
        report(corpus)


def report(corpus: Corpus) -> None:
    run = corpus.current_topic_run()
    assert run is not None
    topics = corpus.topics()
    councils = len({r.council for r in corpus.reports()})
    print(f"\n{len(topics)} topics ({run.method}) from {run.findings_fitted} findings of "
          f"{councils} councils; {run.outliers} outliers")
    for topic in topics:
        print(f"  {topic.topic_id:>3}  {topic.size:>4} findings  {topic.council_count:>2} councils"
              f"  {topic.label}")

    print(f"\nRecurring themes covered by a topic in {MIN_COUNCILS}+ councils:")
    covered = 0
    for theme, pattern in RECURRING_THEMES.items():
        matches = covering_topics(topics, pattern)
        covered += bool(matches)
        found = "; ".join(f"{t.label} ({t.council_count} councils)" for t in matches[:3])
        print(f"  [{'x' if matches else ' '}] {theme:<32} {found or '-'}")
    print(f"Covered: {covered}/{len(RECURRING_THEMES)}")

    first = assignment_digest(corpus)
    model = default_theme_model(corpus, random_state=run.settings["requested"]["random_state"])
    fit_topics(corpus, model)
    second = assignment_digest(corpus)
    verdict = "identical" if first == second else "DIFFERENT"
    print(f"\nDeterminism: two fits with the same seed give {verdict} assignments "
          f"({first} vs {second})")


if __name__ == "__main__":
    main()
