"""What does the digest say, is it what readers found, and how fast does it regenerate?

    .venv/bin/python benchmarks/digest_check.py ../shared/corpus [--out /tmp/d]

Ingests all but the last report into a temporary corpus, writes the digest (cold: labels,
codes and discovered themes computed), writes it again with nothing changed (warm), then
ingests the last report and writes it once more (only the new findings are labelled,
coded and embedded). Then it reads digest.json as a script would and prints:
- the headline themes (recurring shortfalls, recurring strengths, discovered candidates),
  each with its councils;
- whether each theme's councils are exactly the codebook's judgement (`theme_councils`);
- for each yardstick theme and polarity readers found in 3+ councils
  (../shared/themes/councils.json), the precision, recall and F1 of the councils the
  digest lists, their mean, and the keyword baseline beside them.
The yardstick only measures; nothing here reaches the models.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from theme_councils import (
    CODEBOOK_ID,
    POLARITIES,
    SHARED,
    keyword_listing,
    mean_f1,
    print_table,
    readers_verdicts,
)

from cqc_themes import Corpus, ingest
from cqc_themes.ingest import find_pdfs
from cqc_themes.lessons.regenerate import regenerate_digest
from cqc_themes.models.codebook import theme_councils

HEADLINES = 8
DIGEST_KEY = {"shortfall": "improvements", "strength": "strengths"}


def timed_digest(corpus: Corpus, out: Path, what: str) -> None:
    started = time.perf_counter()
    run = regenerate_digest(corpus, out)
    print(f"{what:44} {time.perf_counter() - started:7.1f} s   labelled "
          f"{run.findings_labelled:5}   coded {run.findings_coded:5}   "
          f"discovered themes: {run.topics_reason}")


def print_headlines(digest: dict) -> None:
    for key, title in (("improvements", "Recurring shortfalls"),
                       ("strengths", "Recurring strengths"),
                       ("discovered", "Discovered beyond the codebook (candidate codes)")):
        print(f"\n{title} ({len(digest[key])}):")
        for theme in digest[key][:HEADLINES]:
            print(f"  {theme['label']} ({theme['theme_id']}): {theme['council_count']} councils"
                  f" - {', '.join(theme['councils'])}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, nargs="?", default=SHARED / "corpus")
    parser.add_argument("--yardstick", type=Path, default=SHARED / "themes" / "councils.json")
    parser.add_argument("--out", type=Path, default=None, help="digest folder (default: temp)")
    args = parser.parse_args()
    pdfs, _ = find_pdfs([args.folder])
    with tempfile.TemporaryDirectory() as scratch:
        out = args.out or Path(scratch) / "digest"
        with Corpus(Path(scratch) / "corpus.sqlite") as corpus:
            ingest(pdfs[:-1], corpus, workers=1)
            timed_digest(corpus, out, f"cold ({len(pdfs) - 1} reports)")
            timed_digest(corpus, out, "warm, nothing changed")
            ingest(pdfs[-1:], corpus, workers=1)
            timed_digest(corpus, out, f"after adding {pdfs[-1].name}")
            timed_digest(corpus, out, "warm again, nothing changed")
            digest = json.loads((out / "digest.json").read_text(encoding="utf-8"))
            judged = {entry.theme.theme_id: entry for entry in theme_councils(corpus)}
            verdicts, yardstick_council = readers_verdicts(args.yardstick)
            council_names = {
                r.council: yardstick_council.get(Path(r.source_path).name, r.council)
                for r in corpus.reports()
            }
            baseline = keyword_listing(corpus, council_names)
        print(f"\nwrote {', '.join(p.name for p in sorted(out.iterdir()))} to {out}")
        print_headlines(digest)

        exact = all(
            tuple(theme["councils"]) == getattr(judged[theme["theme_id"]],
                                                f"{polarity}_councils")
            for polarity in POLARITIES for theme in digest[DIGEST_KEY[polarity]]
        )
        print(f"\nDigest lists are exactly the codebook's judgement: {'yes' if exact else 'NO'}")

        listed = {(t["theme_id"], polarity): {council_names[c] for c in t["councils"]}
                  for polarity in POLARITIES for t in digest[DIGEST_KEY[polarity]]}
        ours = {(theme, polarity): listed.get((codebook_id, polarity), set())
                for theme, codebook_id in CODEBOOK_ID.items() for polarity in POLARITIES}
        print(f"\n{len(verdicts)} theme/polarity pairs readers found in 3+ councils: "
              "councils digest.json lists | keyword baseline\n")
        print_table(verdicts, ours, baseline)
        mean = mean_f1(ours, verdicts)
    return 0 if exact and mean > mean_f1(baseline, verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
