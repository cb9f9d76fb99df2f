"""Corpus integrity figures (issue 12, figures 2 and 3).

    python benchmarks/integrity_figures.py [--step 1]

Figure 2: `cqc-themes ingest a.pdf b.pdf` then `cqc-themes remove a.pdf` (the installed
command, as a user runs it); then SQLite's integrity_check, FTS5's integrity-check, the
search hits that come from a (for every word of a's council name), and what `reports`
lists. Then the same removal, crashed just before its Nth SQL statement for every Nth
statement (`--step`, 1 = every statement, about a thousand: a few minutes), counting
the corpora left as they were, wholly removed, or anything else (partial).

Figure 3: the committed v1 corpus (tests/fixtures/corpus_v1.sqlite, made by the
previous release's schema) opened by every command; each command's exit code.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from reliability.harness import (  # noqa: E402 - the harness lives with the tests
    CRASH_EXIT,
    INSTALLED_CLI,
    CliLauncher,
    check_corpus,
)

from cqc_themes import Corpus  # noqa: E402
from cqc_themes.corpus.connection import SCHEMA_VERSION  # noqa: E402

V1_FIXTURE = REPO / "tests" / "fixtures" / "corpus_v1.sqlite"
SAMPLES = REPO / "samples" / "pdf"


def cli(db: Path, *argv: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(INSTALLED_CLI), "--db", str(db), *argv], capture_output=True, text=True
    )


def state(path: Path) -> tuple:
    """Every row a removal touches, after opening as the next command would."""
    with Corpus(path, create=False) as corpus:
        return tuple(
            tuple(sorted(tuple(row) for row in corpus.connection.execute(f"SELECT * FROM {t}")))
            for t in (
                "reports",
                "statement_scores",
                "paragraphs",
                "findings",
                "findings_fts_docsize",
                "labels",
                "finding_topics",
                "embeddings",
            )
        )


def figure_2(work: Path, step: int) -> None:
    a, b = work / "a.pdf", work / "b.pdf"
    shutil.copy(SAMPLES / "brackenford.pdf", a)
    shutil.copy(SAMPLES / "eastmere.pdf", b)
    db = work / "figure2.sqlite"
    print("$ cqc-themes ingest a.pdf b.pdf ->", cli(db, "ingest", str(a), str(b)).returncode)
    with Corpus(db) as corpus:
        council_a = next(r.council for r in corpus.reports() if r.source_path == str(a))
    base = work / "before-remove.sqlite"
    with Corpus(db) as corpus:
        corpus.backup(base)
    removed = cli(db, "remove", str(a))
    print("$ cqc-themes remove a.pdf ->", removed.returncode, removed.stdout.strip())
    with Corpus(db) as corpus:
        connection = corpus.connection
        print("PRAGMA integrity_check:", connection.execute("PRAGMA integrity_check").fetchone()[0])
        try:
            connection.execute(
                "INSERT INTO findings_fts (findings_fts, rank) VALUES ('integrity-check', 1)"
            )
            print("FTS5 integrity-check (rank 1, against the findings table): ok")
        except sqlite3.DatabaseError as error:
            print("FTS5 integrity-check: FAILED", error)
    hits_from_a = 0
    for word in council_a.split():
        result = cli(db, "search", word, "--keyword", "--format", "json", "--limit", "1000")
        hits_from_a += sum(hit.get("council") == council_a for hit in json.loads(result.stdout))
    print(f"search hits from a ({council_a}), over each word of its name: {hits_from_a}")
    listed = json.loads(cli(db, "reports", "--format", "json").stdout)
    print("reports lists:", [(r["council"], Path(r["source_path"]).name) for r in listed])

    before, after = state(base), state(db)
    launcher = CliLauncher()
    count_file = work / "statements"
    probe = work / "probe.sqlite"
    shutil.copy(base, probe)
    launcher.wait(
        launcher.start(
            ["--db", str(probe), "remove", str(a)], work / "probe", statement_count_file=count_file
        )
    )
    statements = int(count_file.read_text())
    tally = {"as it was": 0, "wholly removed": 0, "partial or unusable": 0}
    for point in range(1, statements + 1, step):
        corpus = work / "crash.sqlite"
        shutil.copy(base, corpus)
        pid = launcher.start(
            ["--db", str(corpus), "remove", str(a)], work / "crash", crash_before_statement=point
        )
        code = launcher.wait(pid)
        check = check_corpus(corpus)
        now = state(corpus) if check.ok else None
        if code != CRASH_EXIT or now is None or now not in (before, after):
            tally["partial or unusable"] += 1
        else:
            tally["as it was" if now == before else "wholly removed"] += 1
        for leftover in work.glob("crash.sqlite*"):
            leftover.unlink()
    launcher.close()
    crashes = sum(tally.values())
    print(
        f"fault injection: remove a.pdf crashed before statement N for {crashes} of its "
        f"{statements} SQL statements (every {step}): {tally}"
    )


def figure_3(work: Path) -> None:
    db = Path(shutil.copy(V1_FIXTURE, work / "v1.sqlite"))
    version = sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0]
    print(f"fixture schema version {version}; this cqc-themes writes {SCHEMA_VERSION}")
    fresh = next(p for p in sorted(SAMPLES.glob("*.pdf")) if p.stem in ("oakhurst",))
    commands = [
        ("reports",),
        ("reports", "--all"),
        ("search", "carers", "--keyword"),
        ("search", "support for unpaid carers"),
        ("classify",),
        ("themes",),
        ("themes", "show", "0"),
        ("digest", "--out", str(work / "digest")),
        ("export", "findings", "--format", "csv", "-o", str(work / "findings.csv")),
        ("ingest", str(fresh)),
        ("remove", str(fresh)),
    ]
    for argv in commands:
        result = cli(db, *argv)
        traceback = "Traceback" in result.stderr
        shown = " ".join(Path(a).name if "/" in a else a for a in argv)
        print(
            f"$ cqc-themes {shown} -> exit {result.returncode}"
            + (" TRACEBACK" if traceback else "")
        )
    with Corpus(db) as corpus:
        now = corpus.connection.execute("PRAGMA user_version").fetchone()[0]
    check = check_corpus(db)
    print(f"after: schema version {now}; integrity {'ok' if check.ok else check.problems}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--step", type=int, default=1, help="crash at every Nth statement")
    step = parser.parse_args().step
    with tempfile.TemporaryDirectory() as folder:
        print("== Figure 2: remove ==")
        figure_2(Path(folder), step)
        print("== Figure 3: a v1 corpus ==")
        figure_3(Path(folder))


if __name__ == "__main__":
    main()
