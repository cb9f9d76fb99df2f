"""Do the themes cover what recurs, do discovered ids survive new reports, do runs repeat?

    .venv/bin/python benchmarks/theme_coverage.py ../shared/corpus
    .venv/bin/python benchmarks/theme_coverage.py samples/pdf

The report PDFs go into a temporary corpus in two steps: all but the last three first
(code with the default codebook, discover themes among the uncoded findings), then the
last three (code only the new findings, refit). It prints:
- which of eight recurring themes a codebook theme or a discovered theme names, raised
  in three or more councils (the patterns below are the yardstick, never the models');
- the discovered themes and the candidate codes, with their councils;
- how many discovered theme ids the refit after adding reports kept;
- whether a second fit with the same seed gives identical codes and assignments.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from pathlib import Path

from recurring_themes import RECURRING_THEMES, names_theme

from cqc_themes import Corpus, ingest
from cqc_themes.corpus.code_store import CodeStore
from cqc_themes.ingest import find_pdfs
from cqc_themes.models.codebook import covered_finding_ids
from cqc_themes.models.discovery.topics import default_theme_model, fit_topics
from cqc_themes.models.themes import discovered_themes, list_themes, refresh_themes

MIN_COUNCILS = 3
HELD_BACK_REPORTS = 3


def run_digest(corpus: Corpus) -> str:
    """A short hash of the stored codes and discovered-theme assignments."""
    codes = sorted((c.finding_id, c.theme_id, c.score) for c in CodeStore(corpus).finding_codes())
    members = sorted((f.finding_id, t.topic_id) for t in corpus.topics()
                     for f in corpus.topic_findings(t.topic_id))
    return hashlib.md5(repr((codes, members)).encode()).hexdigest()[:10]


def timed_refresh(corpus: Corpus, what: str) -> None:
    started = time.perf_counter()
    refresh = refresh_themes(corpus)
    run = refresh.topics.run
    print(f"{what}: {refresh.coding.newly_coded} findings coded, "
          f"{run.findings_fitted} uncoded findings fitted into {run.topic_count} discovered "
          f"themes ({refresh.topics.embeddings_computed} embeddings computed), "
          f"{time.perf_counter() - started:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus_dir", nargs="?", type=Path, default=Path("../shared/corpus"))
    arguments = parser.parse_args()
    pdfs, _ = find_pdfs([arguments.corpus_dir])
    if len(pdfs) <= HELD_BACK_REPORTS:
        sys.exit(f"{arguments.corpus_dir}: need more than {HELD_BACK_REPORTS} report PDFs")

    with tempfile.TemporaryDirectory() as scratch, Corpus(Path(scratch) / "c.sqlite") as corpus:
        ingest(pdfs[:-HELD_BACK_REPORTS], corpus, workers=1)
        timed_refresh(corpus, f"{len(pdfs) - HELD_BACK_REPORTS} reports")
        before = {t.theme_id: t.name for t in discovered_themes(corpus)}
        ingest(pdfs[-HELD_BACK_REPORTS:], corpus, workers=1)
        timed_refresh(corpus, f"after adding {HELD_BACK_REPORTS} reports")
        themes = list_themes(corpus)
        after = {t.theme_id: t.name for t in discovered_themes(corpus)}

        print(f"\nRecurring themes named by a theme raised in {MIN_COUNCILS}+ councils:")
        covered = 0
        for yardstick in RECURRING_THEMES:
            matches = [t for t in themes if t.council_count >= MIN_COUNCILS
                       and names_theme(yardstick, t.name, t.keywords)]
            covered += bool(matches)
            found = "; ".join(f"{t.name} [{t.kind}] ({t.council_count})" for t in matches[:3])
            print(f"  [{'x' if matches else ' '}] {yardstick:<32} {found or '-'}")
        print(f"Covered: {covered}/{len(RECURRING_THEMES)}")

        discovered = [t for t in themes if t.kind == "discovered"]
        print(f"\n{len(discovered)} discovered themes; candidate codes:")
        for theme in (t for t in discovered if t.candidate):
            print(f"  {theme.theme_id}: {theme.name} ({theme.council_count} councils: "
                  f"{', '.join(theme.councils)}; keywords {', '.join(theme.keywords[:5])})")

        kept = [i for i in before if i in after]
        print(f"\nStable ids: {len(kept)} of {len(before)} discovered theme ids kept after "
              f"adding {HELD_BACK_REPORTS} reports; "
              + "; ".join(f"{i} {before[i]!r} -> {after[i]!r}" for i in kept[:5]))

        first = run_digest(corpus)
        run = corpus.current_topic_run()
        assert run is not None
        fit_topics(corpus, default_theme_model(corpus, run.settings["requested"]["random_state"]),
                   covered_ids=covered_finding_ids(corpus))
        second = run_digest(corpus)
        verdict = "identical" if first == second else "DIFFERENT"
        print(f"\nDeterminism: a second fit with the same seed gives {verdict} codes and "
              f"assignments ({first} vs {second})")


if __name__ == "__main__":
    main()
