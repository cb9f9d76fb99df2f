"""`cqc-themes themes matrix` and `codebook show|validate`, as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest
from run_cli import run_cli

from cqc_themes import Corpus
from cqc_themes.models.codebook import default_codebook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "models" / "codebook"))
from coded_reports import label_findings, report  # noqa: E402

pytestmark = pytest.mark.slow  # the default coder embeds findings with MiniLM

SHORT = "People waited months for an assessment of their needs."
KEYWORDS_ONLY = (
    '[[theme]]\nid = "waits"\nname = "Waits"\ndefinition = "Waiting."\nkeywords = ["\\\\bwait"]\n'
)


def corpus_with_a_shortfall(tmp_path: Path) -> Path:
    path = tmp_path / "c.sqlite"
    with Corpus(path) as corpus:
        corpus.add_report(report("Aldcaster Council", [SHORT]))
        corpus.add_report(report("Brindle Council", ["The council balanced its budget."]))
        label_findings(corpus, {SHORT: ("improvement", 0.9)})
    return path


def test_matrix_json_has_a_row_per_council_and_a_polarity_per_theme(tmp_path: Path) -> None:
    codebook = tmp_path / "waits.toml"
    codebook.write_text(KEYWORDS_ONLY, encoding="utf-8")
    db = corpus_with_a_shortfall(tmp_path)
    result = run_cli("themes", "matrix", "--codebook", codebook, "--format", "json", db=db)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows == [
        {"council": "Aldcaster Council", "polarities": {"waits": "shortfall"}},
        {"council": "Brindle Council", "polarities": {"waits": None}},
    ]


def test_matrix_csv_has_a_column_per_theme_and_the_table_a_legend(tmp_path: Path) -> None:
    codebook = tmp_path / "waits.toml"
    codebook.write_text(KEYWORDS_ONLY, encoding="utf-8")
    db = corpus_with_a_shortfall(tmp_path)
    env = {"CQC_THEMES_CODEBOOK": str(codebook)}
    result = run_cli("themes", "matrix", "--format", "csv", db=db, env=env)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert rows[0] == {"council": "Aldcaster Council", "waits": "shortfall"}
    table = run_cli("themes", "matrix", db=db, env=env)
    assert table.exit_code == 0, table.output
    assert "Aldcaster" in table.stdout and "1 Waits" in table.stdout


def test_a_broken_codebook_is_one_error_line_naming_the_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('[[theme]]\nid = "x"\nname = "X"\n', encoding="utf-8")
    result = run_cli("codebook", "validate", broken)
    assert result.exit_code == 1
    assert f"{broken}, line 1: theme 'x': needs definition" in result.stderr
    assert "Traceback" not in result.output
    matrix = run_cli("themes", "matrix", "--codebook", broken, db=corpus_with_a_shortfall(tmp_path))
    assert matrix.exit_code == 1 and "line 1" in matrix.stderr


def test_codebook_show_and_validate_describe_the_default(tmp_path: Path) -> None:
    shown = run_cli("codebook", "show", "--format", "json")
    assert shown.exit_code == 0, shown.output
    themes = json.loads(shown.stdout)
    assert [t["theme_id"] for t in themes] == [t.theme_id for t in default_codebook().themes]
    assert {"theme_id", "theme_name", "definition", "seeds", "keywords"} <= themes[0].keys()
    own = tmp_path / "own.toml"
    own.write_text('extends = "default"\n' + KEYWORDS_ONLY, encoding="utf-8")
    valid = run_cli("codebook", "validate", own)
    assert valid.exit_code == 0 and "22 themes" in valid.stdout
