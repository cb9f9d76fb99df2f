"""Does the digest name the known recurring lessons, and how fast does it regenerate?

    .venv/bin/python benchmarks/digest_check.py ../shared/corpus [--out /tmp/d]

Ingests all but the last report into a temporary corpus, writes the digest (cold: labels
and topics computed), writes it again with nothing changed (warm), then ingests the last
report and writes it once more (only the new findings are labelled and embedded). Then it
checks digest.json: among the recurring areas for improvement, unpaid carers and equality
data; among the strengths, prevention/reablement; each with councils and cited findings.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from recurring_themes import names_theme

from cqc_themes import Corpus, ingest
from cqc_themes.ingest import find_pdfs
from cqc_themes.lessons.regenerate import regenerate_digest

EXPECTED = (
    ("improvements", "unpaid carers"),
    ("improvements", "equality/diversity data"),
    ("strengths", "prevention/reablement"),
)


def timed_digest(corpus: Corpus, out: Path, what: str) -> None:
    started = time.perf_counter()
    run = regenerate_digest(corpus, out)
    print(f"{what:44} {time.perf_counter() - started:7.1f} s   labelled {run.findings_labelled:5}"
          f"   topics: {run.topics_reason}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--out", type=Path, default=None, help="digest folder (default: temp)")
    args = parser.parse_args()
    pdfs, _ = find_pdfs([args.folder])
    with tempfile.TemporaryDirectory() as scratch:
        out = args.out or Path(scratch) / "digest"
        with Corpus(Path(scratch) / "corpus.sqlite") as corpus:
            ingest(pdfs[:-1], corpus)
            timed_digest(corpus, out, f"cold ({len(pdfs) - 1} reports)")
            timed_digest(corpus, out, "warm, nothing changed")
            ingest(pdfs[-1:], corpus)
            timed_digest(corpus, out, f"after adding {pdfs[-1].name}")
            timed_digest(corpus, out, "warm again, nothing changed")
        digest = json.loads((out / "digest.json").read_text(encoding="utf-8"))
        print(f"\nwrote {', '.join(p.name for p in sorted(out.iterdir()))} to {out}")
        print(f"{len(digest['improvements'])} recurring areas for improvement, "
              f"{len(digest['strengths'])} recurring strengths, {len(digest['themes'])} themes\n")
        found = 0
        for key, theme in EXPECTED:
            matches = [t for t in digest[key] if names_theme(theme, t["label"], t["keywords"])]
            if matches and all(t["councils"] and t["findings"] for t in matches):
                found += 1
                best = matches[0]
                print(f"[yes] {key}: {theme} -> '{best['label']}' in "
                      f"{len(best['councils'])} councils, {len(best['findings'])} cited findings"
                      + (f" (+{len(matches) - 1} more topics)" if len(matches) > 1 else ""))
            else:
                print(f"[no]  {key}: {theme}")
        print(f"\n{found}/{len(EXPECTED)} expected lessons named in digest.json")
    return 0 if found == len(EXPECTED) else 1


if __name__ == "__main__":
    sys.exit(main())
