"""Which corpus file commands use: --db, else $CQC_THEMES_DB; unusable files are refused."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from run_cli import run_cli, run_cli_process


def _councils(stdout: str) -> list[str]:
    return [row["council"] for row in json.loads(stdout)]


def test_environment_variable_picks_the_corpus(sample_corpus_path: Path) -> None:
    result = run_cli("reports", "--format", "json", env={"CQC_THEMES_DB": str(sample_corpus_path)})
    assert result.exit_code == 0, result.stderr
    assert len(_councils(result.stdout)) == 9


def test_db_option_wins_over_the_environment(
    sample_corpus_path: Path, tmp_path: Path, sample_pdfs: list[Path]
) -> None:
    other = tmp_path / "other.sqlite"
    assert run_cli("ingest", sample_pdfs[0], "--workers", "1", db=other).exit_code == 0

    result = run_cli("reports", "--format", "json", db=other,
                     env={"CQC_THEMES_DB": str(sample_corpus_path)})

    assert result.exit_code == 0
    assert _councils(result.stdout) == ["Brackenford County Council"]


def test_ingest_creates_the_corpus_where_the_environment_says(
    tmp_path: Path, sample_pdfs: list[Path]
) -> None:
    db = tmp_path / "team" / "corpus.sqlite"
    result = run_cli("ingest", sample_pdfs[0], "--workers", "1", env={"CQC_THEMES_DB": str(db)})
    assert result.exit_code == 0, result.stderr
    assert db.exists()
    assert f"Corpus: {db}" in result.stdout


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "notes.txt"
    db.write_text("my notes, not a corpus\n", encoding="utf-8")
    for command in (["reports"], ["search", "--keyword", "carers"], ["export", "findings"]):
        result = run_cli(*command, db=db)
        assert result.exit_code == 1
        [line] = result.stderr.strip().splitlines()
        assert str(db) in line and "not an SQLite file" in line
    assert db.read_text(encoding="utf-8") == "my notes, not a corpus\n"


def test_a_corpus_from_a_newer_version_is_refused(sample_corpus_path: Path) -> None:
    with sqlite3.connect(sample_corpus_path) as connection:
        connection.execute("PRAGMA user_version = 99")
    connection.close()
    result = run_cli("reports", db=sample_corpus_path)
    assert result.exit_code == 1
    assert "newer" in result.stderr and "upgrade" in result.stderr


def test_a_tilde_in_the_corpus_path_is_the_home_folder(
    tmp_path: Path, sample_pdfs: list[Path]
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    result = run_cli_process("ingest", sample_pdfs[0], "--workers", "1", cwd=tmp_path,
                             env={"HOME": str(home), "CQC_THEMES_DB": "~/x.sqlite"})
    assert result.returncode == 0, result.stderr
    assert (home / "x.sqlite").exists()
    assert not (tmp_path / "~").exists()
