"""`cqc-themes remove` is all or nothing, and a corpus from the last release migrates
whole (or not at all) and then answers every command.

Crashes are injected just before chosen SQL statements of a real `cqc-themes` run (the
process ends itself as abruptly as a SIGKILL: no rollback, no cleanup), then the corpus
is opened again the way a user's next command would open it."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from cqc_themes import Corpus
from cqc_themes.corpus.connection import SCHEMA_VERSION
from reliability.harness import CRASH_EXIT, CliLauncher, check_corpus

V1_FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "corpus_v1.sqlite"

# Everything a removal touches, as rows two corpora can be compared by.
STATE = {
    "reports": "SELECT id, council, sha256 FROM reports",
    "statement_scores": "SELECT * FROM statement_scores",
    "paragraphs": "SELECT report_id, paragraph_index FROM paragraphs",
    "findings": "SELECT id, report_id, text FROM findings",
    "search index": "SELECT id FROM findings_fts_docsize",
    "labels": "SELECT finding_id, label FROM labels",
    "embeddings": "SELECT text_hash, model_name FROM embeddings",
    "topics": "SELECT run_id, topic_id, size FROM topics",
    "finding_topics": "SELECT run_id, finding_id, topic_id FROM finding_topics",
}


def corpus_state(path: Path) -> dict[str, list[tuple]]:
    """The corpus as the next command sees it (opened as a user would, so an interrupted
    transaction is rolled back first), after SQLite's and FTS5's integrity checks."""
    check = check_corpus(path)
    assert check.ok, check.problems
    with Corpus(path, create=False) as corpus:
        return {
            name: sorted(tuple(row) for row in corpus.connection.execute(sql))
            for name, sql in STATE.items()
        }


@pytest.fixture(scope="module")
def migrated_v1(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The v1 fixture, migrated once: labels, topics and embeddings for three councils."""
    path = Path(shutil.copy(V1_FIXTURE, tmp_path_factory.mktemp("v1") / "corpus.sqlite"))
    Corpus(path).close()
    return path


# The statements of a removal's transaction, in the order it runs them.
REMOVAL_STATEMENTS = (
    "BEGIN IMMEDIATE",
    "CREATE TEMP TABLE",
    "INSERT INTO temp.removing",
    "DELETE FROM embeddings",
    "DELETE FROM reports",
    "UPDATE topics",
    "DELETE FROM topics",
    "COMMIT",
)


def _crash_points(statements: int) -> list[int]:
    """Where to crash: each of the first 25 statements (opening the corpus, finding the
    reports, starting the removal), every 40th of the cascade's (each deleted finding's
    index entry is a traced statement of its own: about a thousand of them) and the
    last 20 (the topic sizes, the commit and what follows it)."""
    points = {
        *range(1, 26),
        *range(26, statements - 20, 40),
        *range(statements - 19, statements + 1),
    }
    return sorted(point for point in points if point >= 1)


def _copy(source: Path, destination: Path) -> Path:
    with Corpus(source) as corpus:
        return corpus.backup(destination)


def test_a_remove_interrupted_at_any_statement_leaves_the_corpus_as_it_was(
    launcher: CliLauncher, migrated_v1: Path, tmp_path: Path
) -> None:
    with Corpus(migrated_v1) as corpus:
        council = corpus.reports()[0].council
    argv = ["remove", "--council", council]
    before = corpus_state(migrated_v1)

    whole = _copy(migrated_v1, tmp_path / "whole.sqlite")
    count_file = tmp_path / "statements"
    pid = launcher.start(
        ["--db", str(whole), *argv], tmp_path / "whole", statement_count_file=count_file
    )
    assert launcher.wait(pid) == 0, (tmp_path / "whole.err").read_text()
    after = corpus_state(whole)
    assert after != before and not any(row[1] == council for row in after["reports"])
    statements = int(count_file.read_text())

    outcomes = {}
    for point in _crash_points(statements):
        corpus = _copy(migrated_v1, tmp_path / f"crash{point}.sqlite")
        pid = launcher.start(
            ["--db", str(corpus), *argv], tmp_path / "crash", crash_before_statement=point
        )
        assert launcher.wait(pid) == CRASH_EXIT, (point, (tmp_path / "crash.err").read_text())
        state = corpus_state(corpus)
        assert state in (before, after), f"crash before statement {point}: a partial removal"
        outcomes[point] = "before" if state == before else "after"
        corpus.unlink()
    # Every crash up to the commit leaves all of it; none after it leaves any of it.
    order = [outcomes[point] for point in sorted(outcomes)]
    committed_from = order.index("after") if "after" in order else len(order)
    assert order == ["before"] * committed_from + ["after"] * (len(order) - committed_from)
    assert order.count("before") > len(order) // 2
    # Each statement the removal itself runs, by name.
    for statement in REMOVAL_STATEMENTS:
        corpus = _copy(migrated_v1, tmp_path / "named.sqlite")
        pid = launcher.start(
            ["--db", str(corpus), *argv], tmp_path / "crash", crash_before_sql=statement
        )
        assert launcher.wait(pid) == CRASH_EXIT, statement
        assert corpus_state(corpus) == before, f"crash before {statement}"
        corpus.unlink()


def test_a_migration_interrupted_part_way_leaves_the_version_1_corpus_as_it_was(
    launcher: CliLauncher, tmp_path: Path
) -> None:
    corpus = Path(shutil.copy(V1_FIXTURE, tmp_path / "corpus.sqlite"))
    with sqlite3.connect(corpus) as plain:
        before = [tuple(row) for row in plain.execute("SELECT id, text FROM findings")]
    plain.close()
    # Half-way through the findings rebuild: the old table dropped, the new one not renamed.
    pid = launcher.start(
        ["--db", str(corpus), "reports"],
        tmp_path / "crash",
        crash_before_sql="ALTER TABLE findings_rebuilt",
    )
    assert launcher.wait(pid) == CRASH_EXIT, (tmp_path / "crash.err").read_text()
    plain = sqlite3.connect(corpus)
    try:
        assert plain.execute("PRAGMA user_version").fetchone()[0] == 1
        assert [tuple(row) for row in plain.execute("SELECT id, text FROM findings")] == before
    finally:
        plain.close()
    result = launcher.run(["--db", str(corpus), "reports", "--format", "json"], tmp_path / "rerun")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 3


def test_a_version_1_corpus_answers_every_command(
    launcher: CliLauncher, sample_pdfs: list[Path], tmp_path: Path
) -> None:
    """Read-only commands first, on the corpus as migrated (its labels and topics are
    current, so classify and themes have nothing to redo); then ingest and remove."""
    corpus = Path(shutil.copy(V1_FIXTURE, tmp_path / "corpus.sqlite"))
    with sqlite3.connect(f"file:{V1_FIXTURE}?mode=ro&immutable=1", uri=True) as plain:
        councils = sorted(row[0] for row in plain.execute("SELECT council FROM reports"))
    plain.close()
    with Corpus(corpus) as opened:
        stored = {Path(report.source_path).name for report in opened.reports()}
    new_sample = next(pdf for pdf in sample_pdfs if pdf.name not in stored)

    def run(*argv: str) -> str:
        result = launcher.run(["--db", str(corpus), *argv], tmp_path / "run")
        assert result.returncode == 0, (argv, result.stderr)
        assert "Traceback" not in result.stderr
        return result.stdout

    listed = json.loads(run("reports", "--format", "json"))
    assert sorted(report["council"] for report in listed) == councils
    assert json.loads(run("reports", "--all", "--format", "json")) == listed
    keyword_hits = run("search", "carers", "--keyword", "--format", "json")
    assert json.loads(keyword_hits)
    assert json.loads(run("search", "support for unpaid carers", "--format", "json"))
    run("classify")
    with Corpus(corpus) as opened:
        assert opened.count_unlabelled() == 0
    themes = json.loads(run("themes", "--format", "json"))
    assert themes
    assert run("themes", "show", themes[0]["theme_id"])
    run("digest", "--out", str(tmp_path / "digest"))
    assert (tmp_path / "digest" / "digest.md").read_text(encoding="utf-8").strip()
    export = tmp_path / "findings.csv"
    run("export", "findings", "--format", "csv", "-o", str(export))
    assert len(export.read_text(encoding="utf-8-sig").splitlines()) > 500

    run("ingest", str(new_sample))
    assert len(json.loads(run("reports", "--format", "json"))) == 4
    run("remove", str(new_sample))
    assert json.loads(run("reports", "--format", "json")) == listed
    check = check_corpus(corpus)
    assert check.ok, check.problems
    with Corpus(corpus) as opened:
        version = opened.connection.execute("PRAGMA user_version").fetchone()[0]
    assert version == SCHEMA_VERSION
