"""No traceback reaches a user: an error is one line on stderr and a non-zero exit;
`--debug` shows the traceback of an unexpected one. Bad option values exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from run_cli import run_cli, run_cli_process

from cqc_themes.corpus import Corpus


def test_an_unexpected_error_is_one_line_naming_it(
    sample_corpus_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: Corpus, **options: object) -> list[object]:
        raise RuntimeError("the disk said no")

    monkeypatch.setattr(Corpus, "reports", broken)
    result = run_cli("reports", db=sample_corpus_path)

    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: unexpected RuntimeError: the disk said no")
    assert "--debug" in line


def test_debug_lets_the_traceback_through(
    sample_corpus_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: Corpus, **options: object) -> list[object]:
        raise RuntimeError("the disk said no")

    monkeypatch.setattr(Corpus, "reports", broken)
    result = run_cli("--debug", "reports", db=sample_corpus_path)

    assert isinstance(result.exception, RuntimeError)


def test_digest_refuses_an_out_path_that_is_a_file_before_any_work(
    sample_corpus_path: Path, tmp_path: Path
) -> None:
    taken = tmp_path / "digest.html"
    taken.write_text("an earlier digest", encoding="utf-8")
    result = run_cli_process("digest", "--out", taken, db=sample_corpus_path)
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line == f"error: {taken} is a file, not a folder; choose a folder to write into"
    assert taken.read_text(encoding="utf-8") == "an earlier digest"


@pytest.mark.parametrize("since", ["2024-13", "last year", "2024-02-30"])
def test_a_since_that_is_not_a_date_exits_2(sample_corpus_path: Path, since: str) -> None:
    result = run_cli_process("digest", "--since", since, db=sample_corpus_path)
    assert result.returncode == 2
    assert "not a date" in result.stderr and "YYYY-MM-DD" in " ".join(result.stderr.split())


def test_a_reader_that_stops_early_gets_no_error(sample_corpus_path: Path) -> None:
    # As `cqc-themes export findings | head -1`: the export outgrows the pipe's buffer.
    command = [
        sys.executable,
        "-c",
        "from cqc_themes.cli.app import main; main()",
        "--db",
        str(sample_corpus_path),
        "export",
        "findings",
    ]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.readline().startswith(b'{"finding_id"')
        process.stdout.close()
        assert process.stderr.read() == b""
