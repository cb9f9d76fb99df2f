"""Bad inputs through `cqc-themes ingest`: one stderr line each naming the file and the
reason, the good files still go in, exit code 1, and the corpus keeps what it had."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdf_factory import BAD_INPUTS, write_bad_input
from run_cli import run_cli

from cqc_themes import Corpus


@pytest.fixture
def db(one_report_corpus_path: Path) -> Path:
    return one_report_corpus_path


def findings_by_council(db: Path) -> dict[str, int]:
    with Corpus(db) as corpus:
        return {report.council: report.findings for report in corpus.reports()}


def lines_naming(text: str, name: str) -> list[str]:
    return [line for line in text.splitlines() if name in line]


@pytest.mark.parametrize("kind", list(BAD_INPUTS))
def test_bad_input_gets_one_line_and_the_good_file_goes_in(
    kind: str, db: Path, tmp_path: Path, stored_sample: Path, new_sample: Path
) -> None:
    # Deep folders make long paths: the line must not wrap even when stderr is a file.
    bad = write_bad_input(kind, tmp_path / ("inbox-" * 12) / "reports",
                          stored_sample)
    before = findings_by_council(db)

    result = run_cli("ingest", bad, new_sample, "--workers", "1", db=db)

    assert result.exit_code == 1
    [line] = lines_naming(result.stderr, bad.name)
    assert line.startswith("error: ")
    assert str(bad) in line
    assert BAD_INPUTS[kind].reason in line
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Added 1 report(s)" in result.stdout and "1 failed" in result.stdout
    after = findings_by_council(db)
    assert {council: after[council] for council in before} == before
    assert set(after) - set(before) == {"London Borough of Eastmere"}


def test_many_bad_inputs_at_once_in_parallel(
    db: Path, tmp_path: Path, stored_sample: Path, new_sample: Path
) -> None:
    inbox = tmp_path / "inbox"
    source = stored_sample
    bad = [write_bad_input(kind, inbox, source) for kind in BAD_INPUTS]
    before = findings_by_council(db)

    result = run_cli("ingest", *bad, new_sample, "--workers", "2", db=db)

    assert result.exit_code == 1
    for path, kind in zip(bad, BAD_INPUTS, strict=True):
        [line] = lines_naming(result.stderr, path.name)
        assert BAD_INPUTS[kind].reason in line
    assert len(result.stderr.strip().splitlines()) == len(bad)
    assert f"{len(bad)} failed" in result.stdout
    assert len(findings_by_council(db)) == len(before) + 1


def test_the_reference_engine_names_an_encrypted_file_too(
    db: Path, tmp_path: Path, stored_sample: Path, new_sample: Path
) -> None:
    bad = write_bad_input("encrypted", tmp_path, stored_sample)
    result = run_cli("ingest", bad, "--engine", "pdfplumber", db=db)
    assert result.exit_code == 1
    [line] = lines_naming(result.stderr, bad.name)
    assert BAD_INPUTS["encrypted"].reason in line
